using Dapper;
using Marketplace.Bench;
using Marketplace.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Marketplace.Tests.Bench;

/// <summary>The benchmark data generator on a tiny dataset, and every insight answering on what it wrote.</summary>
public sealed class BenchGeneratorInsightTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "marketplace-bench-tests", Guid.NewGuid().ToString("N"));

    public BenchGeneratorInsightTests() => Directory.CreateDirectory(directory);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    }

    [Fact]
    public void Writes_the_asked_for_counts_with_valid_references_deterministically()
    {
        var options = GeneratorOptions.ForEngagements(200);
        var first = Path.Combine(directory, "a.db");
        var counts = new BenchDataGenerator(options).Generate(first);
        Assert.Equal(200, counts["engagements"]);
        Assert.Equal(20, counts["companies"]);
        Assert.Equal(60, counts["workers"]);

        using var db = Open(first);
        Assert.Equal(200, db.ExecuteScalar<long>("SELECT COUNT(*) FROM engagements"));
        Assert.Equal(20, db.ExecuteScalar<long>("SELECT COUNT(*) FROM companies"));
        Assert.Equal(60, db.ExecuteScalar<long>("SELECT COUNT(*) FROM workers"));
        Assert.Equal(counts["engagement_churns"], db.ExecuteScalar<long>("SELECT COUNT(*) FROM engagements WHERE status = 'ended'"));
        Assert.Equal(counts["kickoffs"], db.ExecuteScalar<long>("SELECT COUNT(*) FROM engagements WHERE status IN ('active', 'ended')"));
        Assert.True(counts["company_churns"] > 0 && counts["engagement_churn_reasons"] >= counts["engagement_churns"]);
        Assert.Empty(db.Query("PRAGMA foreign_key_check"));
        // The history is consistent: nothing ends before it starts or after today, churned companies have no running engagement.
        Assert.Equal(0, db.ExecuteScalar<long>("SELECT COUNT(*) FROM engagements WHERE ended_on < start_on OR ended_on > '2026-06-30'"));
        Assert.Equal(0, db.ExecuteScalar<long>("SELECT COUNT(*) FROM engagements e JOIN companies c ON c.id = e.company_id WHERE c.status = 'churned' AND e.status = 'active'"));
        Assert.Equal(0, db.ExecuteScalar<long>("SELECT COUNT(*) FROM company_churns WHERE churned_on < term_signed_on"));

        var second = Path.Combine(directory, "b.db");
        new BenchDataGenerator(options).Generate(second);
        using var again = Open(second);
        const string fingerprint = "SELECT group_concat(id || start_on || status, ',') FROM (SELECT * FROM engagements ORDER BY id)";
        Assert.Equal(db.ExecuteScalar<string>(fingerprint), again.ExecuteScalar<string>(fingerprint));
    }

    [Fact]
    public async Task Every_insight_answers_on_generated_data_and_agrees_with_the_rows()
    {
        var path = Path.Combine(directory, "bench.db");
        new BenchDataGenerator(GeneratorOptions.ForEngagements(2000)).Generate(path);
        long Count(string sql) { using var db = Open(path); return db.ExecuteScalar<long>(sql); }

        using var app = MarketplaceApp.OnSqliteFile(path);
        var admin = app.Admin();
        var companyRates = await admin.GetOk("/api/insights/churn-rates?kind=company&from=2021-01&to=2026-06&by=industry");
        Assert.Equal(Count("SELECT COUNT(*) FROM company_churns WHERE churned_on >= '2021-01-01' AND churned_on <= '2026-06-30'"),
            companyRates["months"]!.AsArray().Sum(m => m!["churned"]!.GetValue<int>()));
        Assert.Equal(companyRates["months"]!.AsArray().Sum(m => m!["churned"]!.GetValue<int>()),
            companyRates["groups"]!.AsArray().Sum(g => g!["months"]!.AsArray().Sum(m => m!["churned"]!.GetValue<int>())));
        var engagementRates = await admin.GetOk("/api/insights/churn-rates?kind=engagement&from=2021-01&to=2026-06&by=concierge");
        Assert.Equal(Count("SELECT COUNT(*) FROM engagement_churns WHERE ended_on <= '2026-06-30'"),
            engagementRates["months"]!.AsArray().Sum(m => m!["churned"]!.GetValue<int>()));
        // Active at the start of July = running on 2026-06-30 after starting before July: the active ones.
        var july = await admin.GetOk("/api/insights/churn-rates?kind=engagement&from=2026-07&to=2026-07");
        Assert.Equal(Count("SELECT COUNT(*) FROM engagements WHERE status = 'active'"), july["months"]![0]!["activeAtStart"]!.GetValue<int>());

        var tenure = await admin.GetOk("/api/insights/tenure?kind=engagement&asOf=2026-06-30");
        Assert.Equal(Count("SELECT COUNT(*) FROM engagements WHERE status = 'ended'"), tenure["ended"]!.GetValue<int>());
        Assert.Equal(Count("SELECT COUNT(*) FROM engagements WHERE status = 'active'"), tenure["running"]!.GetValue<int>());
        var companyTenure = await admin.GetOk("/api/insights/tenure?kind=company&asOf=2026-06-30");
        Assert.Equal(Count("SELECT COUNT(*) FROM company_churns"), companyTenure["ended"]!.GetValue<int>());

        var reasons = await admin.GetOk("/api/insights/reasons?kind=engagement&from=2021-01&to=2026-06");
        Assert.Equal(Count("SELECT COUNT(*) FROM engagement_churn_reasons"), reasons["reasons"]!.AsArray().Sum(r => r!["count"]!.GetValue<int>()));

        var load = await admin.GetOk("/api/insights/rep-load");
        Assert.Equal(Count("SELECT COUNT(*) FROM engagements WHERE status = 'active'"), load["members"]!.AsArray().Sum(m => m!["activeEngagements"]!.GetValue<int>()));
        Assert.Equal(Count("SELECT COUNT(*) FROM workers WHERE status = 'active'"), load["members"]!.AsArray().Sum(m => m!["activeWorkers"]!.GetValue<int>()));

        var agreement = await admin.GetOk("/api/insights/stage-agreement");
        Assert.Equal(Count("SELECT COUNT(*) FROM companies WHERE status = 'active' AND assessment_stage IS NOT NULL"), agreement["assessed"]!.GetValue<int>());

        var risk = await admin.GetOk("/api/insights/churn-risk?asOf=2026-06-30");
        Assert.True(risk["lift"]!["withoutCompanies"]!.GetValue<int>() > 0);
        Assert.NotEmpty(risk["companies"]!.AsArray());
    }
}
