using Dapper;
using Marketplace.Bench;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Features.Companies;
using Marketplace.Core.Features.Insights;
using Marketplace.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Marketplace.Core.Facts;

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
    /// <summary>
    /// Retention by stage reads the stage facts of every company on its landmark day from the landmark snapshot. On
    /// generated history, for snapshots on days across it, the snapshot equals the facts read company by company by
    /// their definitions (docs/domain.md, "Stage"); a second build for the same day is skipped unless forced.
    /// </summary>
    [Fact]
    public async Task Landmark_snapshots_equal_the_facts_read_from_the_whole_history()
    {
        var path = Path.Combine(directory, "facts.db");
        new BenchDataGenerator(GeneratorOptions.ForEngagements(3000)).Generate(path);
        var factory = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={path}"));
        const string fromHistory = """
            SELECT c.id,
                   (SELECT MIN(e.kicked_off_on) FROM engagements e WHERE e.company_id = c.id AND e.kicked_off_on <= @at) AS first_kickoff_on,
                   (SELECT COUNT(*) FROM engagements e WHERE e.company_id = c.id AND e.kicked_off_on <= @at AND (e.ended_on IS NULL OR e.ended_on > @at)) AS active_engagements,
                   (SELECT COUNT(*) FROM engagements e WHERE e.company_id = c.id AND e.contracted_on <= @at) AS total_engagements,
                   (SELECT MIN(f.company_satisfaction) FROM follow_ups f WHERE f.company_id = c.id
                      AND f.held_on = (SELECT MAX(f2.held_on) FROM follow_ups f2 WHERE f2.company_id = c.id AND f2.held_on <= @at)) AS last_satisfaction,
                   (SELECT MAX(ec.ended_on) FROM engagement_churns ec WHERE ec.company_id = c.id AND ec.negative = 1 AND ec.ended_on <= @at) AS last_negative_churn_on
            FROM companies c
            """;
        const string kept = """
            SELECT c.id, f.first_kickoff_on, COALESCE(f.active_engagements, 0) AS active_engagements, COALESCE(f.total_engagements, 0) AS total_engagements,
                   f.last_satisfaction, f.last_negative_churn_on
            FROM companies c LEFT JOIN landmark_stage_facts f ON f.company_id = c.id
            """;
        var compared = new List<CompanyStageFacts.Row>();
        // Snapshots on landmarks years apart and on days close together, so every kind of fact is met.
        var days = new[] { new DateOnly(2024, 1, 1), new DateOnly(2025, 12, 31), new DateOnly(2022, 3, 31), new DateOnly(2026, 6, 3), new DateOnly(2026, 6, 4) };
        foreach (var at in days)
        {
            await using var db = new Db(factory);
            var builtAt = new DateTime(2026, 6, 30, 15, 0, 0, DateTimeKind.Utc);
            Assert.True(await LandmarkStageFacts.Rebuild(db, at, builtAt, force: false, default));
            Assert.False(await LandmarkStageFacts.Rebuild(db, at, builtAt.AddHours(1), force: false, default));
            Assert.Equal(new LandmarkStageFacts.Snapshot { KeptOn = at, BuiltAt = builtAt }, await LandmarkStageFacts.Read(db, default));
            var expected = (await db.QueryAsync<CompanyStageFacts.Row>(fromHistory, new { at })).OrderBy(r => r.Id).ToList();
            var actual = (await db.QueryAsync<CompanyStageFacts.Row>(kept)).OrderBy(r => r.Id).ToList();
            Assert.Equal(expected, actual);
            compared.AddRange(actual);
        }
        // The landmarks between them meet every kind of fact, so no column is compared as empty against empty only.
        Assert.True(compared.Count > 300, $"only {compared.Count} companies compared");
        Assert.Contains(compared, f => f.TotalEngagements > 0 && f.FirstKickoffOn is null);
        Assert.Contains(compared, f => f.FirstKickoffOn is not null && f.ActiveEngagements == 0);
        Assert.Contains(compared, f => f.ActiveEngagements > 1 && f.TotalEngagements > f.ActiveEngagements);
        Assert.Contains(compared, f => f.LastSatisfaction <= 2);
        Assert.Contains(compared, f => f.LastSatisfaction >= 3);
        Assert.Contains(compared, f => f.LastNegativeChurnOn is not null);
    }
}
