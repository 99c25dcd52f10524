using System.Net;
using System.Text;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Api;

/// <summary>
/// Engagement churn figures on a small history worked out by hand. Two companies signed 2024-12-01, never churned.
///   E1 engineer (cc1) 2025-01-10 → 2025-03-01 skill_mismatch (negative; ends on the first day of a month), 50 days
///   E2 designer (cc1) 2025-01-15 → 2025-01-25 project_completed (started and ended in the same month), 10 days
///   E3 engineer (cc2) 2024-12-20 → 2025-02-28 budget + communication (negative; last day of a month), 70 days
///   E4 designer (cc2) 2025-02-01 → running (88 days on 2025-04-30)
///   E5 engineer (cc2) 2025-04-01 → running (29 days on 2025-04-30)
/// </summary>
public class EngagementChurnInsightTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly InsightGiven given = new(app);
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static (string Cs, string Cc1, string Cc2)? built;

    private async Task<(string Cs, string Cc1, string Cc2)> Build()
    {
        await Once.WaitAsync();
        try
        {
            if (built is { } b) return b;
            var (cs, _) = await given.Scenario.Member("cs");
            var (cc1, _) = await given.Scenario.Member("cc");
            var (cc2, _) = await given.Scenario.Member("cc");
            var k1 = await given.Company(cs, "2024-12-01", "株式会社エンゲージ1");
            var k2 = await given.Company(cs, "2024-12-01", "株式会社エンゲージ2");
            var e1 = await given.Running(k1, cs, cc1, "2025-01-10", "engineer");
            var e2 = await given.Running(k1, cs, cc1, "2025-01-15", "designer");
            var e3 = await given.Running(k1, cs, cc2, "2024-12-20", "engineer");
            await given.Running(k2, cs, cc2, "2025-02-01", "designer");
            await given.Running(k2, cs, cc2, "2025-04-01", "engineer");
            await given.End(e1, "2025-03-01", "skill_mismatch");
            await given.End(e2, "2025-01-25", "project_completed");
            await given.End(e3, "2025-02-28", "budget", "communication");
            built = (cs, cc1, cc2);
            return built.Value;
        }
        finally { Once.Release(); }
    }

    [Fact]
    public async Task Engagement_churn_rates_per_month_match_the_hand_count()
    {
        await Build();
        var result = await given.Admin.GetOk("/api/insights/churn-rates?kind=engagement&from=2025-01&to=2025-04");
        Assert.Equal(
        [
            ("2025-01", 1, 1, 0, 1.0, 0.0),             // E3 active; E2 starts and ends in January
            ("2025-02", 2, 1, 1, 0.5, 0.5),             // E1, E3 (E4 starts on the 1st: not yet); E3 ends on the 28th
            ("2025-03", 2, 1, 1, 0.5, 0.5),             // E1 (ends on the 1st, so active at the start), E4
            ("2025-04", 1, 0, 0, 0.0, 0.0),             // E4 (E5 starts on the 1st)
        ], InsightGiven.Months(result["months"]!));
    }

    [Fact]
    public async Task Engagement_churn_rates_split_by_job_type_and_concierge()
    {
        var (_, cc1, cc2) = await Build();
        var byJob = await given.Admin.GetOk("/api/insights/churn-rates?kind=engagement&from=2025-01&to=2025-04&by=jobType");
        var jobs = byJob["groups"]!.AsArray().ToDictionary(g => g!["key"]!.GetValue<string>(), g => InsightGiven.Months(g!["months"]!));
        Assert.Equal(["designer", "engineer"], jobs.Keys.Order());
        Assert.Equal(
        [
            ("2025-01", 1, 0, 0, 0.0, 0.0),
            ("2025-02", 2, 1, 1, 0.5, 0.5),
            ("2025-03", 1, 1, 1, 1.0, 1.0),
            ("2025-04", 0, 0, 0, null, null),
        ], jobs["engineer"]);
        Assert.Equal(
        [
            ("2025-01", 0, 1, 0, null, null),
            ("2025-02", 0, 0, 0, null, null),
            ("2025-03", 1, 0, 0, 0.0, 0.0),
            ("2025-04", 1, 0, 0, 0.0, 0.0),
        ], jobs["designer"]);

        var byConcierge = await given.Admin.GetOk("/api/insights/churn-rates?kind=engagement&from=2025-01&to=2025-04&by=concierge");
        var ccs = byConcierge["groups"]!.AsArray().ToDictionary(g => g!["key"]!.GetValue<string>(), g => InsightGiven.Months(g!["months"]!));
        Assert.Equal(
        [
            ("2025-01", 0, 1, 0, null, null),
            ("2025-02", 1, 0, 0, 0.0, 0.0),
            ("2025-03", 1, 1, 1, 1.0, 1.0),
            ("2025-04", 0, 0, 0, null, null),
        ], ccs[cc1]);
        Assert.Equal(
        [
            ("2025-01", 1, 0, 0, 0.0, 0.0),
            ("2025-02", 1, 1, 1, 1.0, 1.0),
            ("2025-03", 1, 0, 0, 0.0, 0.0),
            ("2025-04", 1, 0, 0, 0.0, 0.0),
        ], ccs[cc2]);
    }

    [Fact]
    public async Task Engagement_churns_do_not_leak_into_company_figures()
    {
        await Build();
        var result = await given.Admin.GetOk("/api/insights/churn-rates?kind=company&from=2025-01&to=2025-04");
        Assert.All(InsightGiven.Months(result["months"]!), m => Assert.Equal((2, 0, 0, 0.0, 0.0), (m.Item2, m.Item3, m.Item4, m.Item5, m.Item6)));
        var reasons = await given.Admin.GetOk("/api/insights/reasons?kind=company&from=2024-01&to=2025-12");
        Assert.Equal(0, reasons["churns"]!.GetValue<int>());
        Assert.Empty(reasons["reasons"]!.AsArray());
    }

    [Fact]
    public async Task Engagement_tenure_median_buckets_and_censored_survival()
    {
        await Build();
        var t = await given.Admin.GetOk("/api/insights/tenure?kind=engagement&asOf=2025-04-30");
        Assert.Equal(3, t["ended"]!.GetValue<int>());
        Assert.Equal(2, t["running"]!.GetValue<int>());
        Assert.Equal(50, t["medianDays"]!.GetValue<double>());
        Assert.Equal(["<1m:1", "1-3m:2", "3-6m:0", "6-12m:0", ">=12m:0"], t["buckets"]!.AsArray().Select(b => $"{b!["label"]}:{b["count"]}"));
        // Day 10: 5 at risk → 4/5. E5 censored at 29 leaves. Day 50: 3 at risk → ×2/3. Day 70: 2 at risk → ×1/2. E4 censored at 88.
        var curve = t["survival"]!.AsArray().Select(p => (p!["day"]!.GetValue<int>(), p["atRisk"]!.GetValue<int>(), p["survival"]!.GetValue<double>())).ToList();
        Assert.Equal([(10, 5), (50, 3), (70, 2)], curve.Select(p => (p.Item1, p.Item2)));
        Assert.Equal([0.8, 0.8 * 2 / 3, 0.8 * 2 / 3 / 2], curve.Select(p => p.Item3), new Tolerance());
        Assert.Equal(70, t["survivalMedianDays"]!.GetValue<int>());

        // As of an earlier day, later ends are still running and later starts are not there yet.
        var early = await given.Admin.GetOk("/api/insights/tenure?kind=engagement&asOf=2025-01-31");
        Assert.Equal(1, early["ended"]!.GetValue<int>());
        Assert.Equal(2, early["running"]!.GetValue<int>());
    }

    [Fact]
    public async Task Engagement_reasons_negative_first_with_shares_and_tenure_split()
    {
        await Build();
        var r = await given.Admin.GetOk("/api/insights/reasons?kind=engagement&from=2025-01&to=2025-03");
        Assert.Equal(3, r["churns"]!.GetValue<int>());
        Assert.Equal(2, r["negativeChurns"]!.GetValue<int>());
        var third = (1.0 / 3).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal([$"skill_mismatch:True:1:{third}", $"communication:True:1:{third}", $"project_completed:False:1:{third}", $"budget:False:1:{third}"],
            r["reasons"]!.AsArray().Select(x => $"{x!["code"]}:{(x["negative"]!.GetValue<bool>() ? "True" : "False")}:{x["count"]}:{x["share"]!.GetValue<double>().ToString("R", System.Globalization.CultureInfo.InvariantCulture)}"));
        var byTenure = r["byTenure"]!.AsArray().ToDictionary(b => b!["bucket"]!.GetValue<string>());
        Assert.Equal(["project_completed"], byTenure["<1m"]!["reasons"]!.AsArray().Select(x => x!["code"]!.GetValue<string>()));
        Assert.Equal(["skill_mismatch", "communication", "budget"], byTenure["1-3m"]!["reasons"]!.AsArray().Select(x => x!["code"]!.GetValue<string>()));
        Assert.Equal(2, byTenure["1-3m"]!["churns"]!.GetValue<int>());
    }

    [Fact]
    public async Task Rep_load_counts_active_companies_engagements_and_workers_per_member()
    {
        var (cs, cc1, cc2) = await Build();
        var load = await given.Admin.GetOk("/api/insights/rep-load");
        var members = load["members"]!.AsArray().ToDictionary(m => m!["memberId"]!.GetValue<string>());
        string Of(string id) => $"{members[id]!["activeCompanies"]}/{members[id]!["activeEngagements"]}/{members[id]!["activeWorkers"]}";
        Assert.Equal("2/2/0", Of(cs));   // both companies; E4 and E5 run
        Assert.Equal("0/0/0", Of(cc1));  // E1 and E2 ended: their workers are available again
        Assert.Equal("0/0/2", Of(cc2));  // E4 and E5's workers
    }

    [Fact]
    public async Task Csv_has_a_bom_a_header_and_japanese_text_intact()
    {
        await Build();
        var response = await given.Admin.Get("/api/insights/reasons?kind=engagement&from=2025-01&to=2025-03&format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes.Take(3));
        var lines = new UTF8Encoding(false).GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("bucket,code,labelJa,labelEn,negative,count,share", lines[0]);
        Assert.Contains("all,skill_mismatch,スキルミスマッチ,Skill mismatch,True,1,0.3333333333333333", lines);
        Assert.Contains("1-3m,communication,コミュニケーション,Communication,True,1,0.5", lines);

        var rates = await given.Admin.Get("/api/insights/churn-rates?kind=engagement&from=2025-01&to=2025-02&by=jobType&format=csv");
        var text = await rates.Content.ReadAsStringAsync();
        var rows = text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("group,label,month,activeAtStart,churned,negativeChurned,rate,negativeRate,partial,rollingActiveAtStart,rollingChurned,rollingRate", rows[0]);
        Assert.StartsWith(",,2025-01,1,1,0,1,0,False,", rows[1]);
        Assert.Contains(rows, r => r.StartsWith("designer,,2025-01,0,1,0,,,False,", StringComparison.Ordinal));
        Assert.Equal(1 + 2 + 2 * 2, rows.Length);

        foreach (var url in new[] { "/api/insights/tenure?kind=engagement", "/api/insights/rep-load", "/api/insights/stage-agreement", "/api/insights/churn-risk" })
        {
            var csv = await given.Admin.Get(url + (url.Contains('?') ? "&" : "?") + "format=csv");
            Assert.True(csv.StatusCode == HttpStatusCode.OK, url);
            Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, (await csv.Content.ReadAsByteArrayAsync()).Take(3));
        }
    }
}

public class InsightValidationTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    [Theory]
    [InlineData("/api/insights/churn-rates?kind=bogus", "kind")]
    [InlineData("/api/insights/churn-rates", "kind")]
    [InlineData("/api/insights/churn-rates?kind=company&from=2025-13", "from")]
    [InlineData("/api/insights/churn-rates?kind=company&from=2025-1", "from")]
    [InlineData("/api/insights/churn-rates?kind=company&to=2025-01-01", "to")]
    [InlineData("/api/insights/churn-rates?kind=company&from=2025-06&to=2025-01", "to")]
    [InlineData("/api/insights/churn-rates?kind=company&from=2000-01&to=2025-01", "to")]
    [InlineData("/api/insights/churn-rates?kind=company&by=jobType", "by")]
    [InlineData("/api/insights/churn-rates?kind=engagement&by=industry", "by")]
    [InlineData("/api/insights/churn-rates?kind=engagement&from=2025-06&to=2025-01&format=csv", "to")]
    [InlineData("/api/insights/reasons?kind=both", "kind")]
    [InlineData("/api/insights/reasons?kind=company&from=2025/01", "from")]
    [InlineData("/api/insights/tenure?kind=workers", "kind")]
    [InlineData("/api/insights/tenure?kind=company&asOf=2025-02-30", "asOf")]
    [InlineData("/api/insights/churn-risk?asOf=yesterday", "asOf")]
    public async Task Bad_input_is_a_400_naming_the_field(string url, string field)
    {
        var message = await ApiClient.FieldError(await app.Admin().Get(url), field);
        Assert.False(string.IsNullOrWhiteSpace(message));
    }

    [Fact]
    public async Task Empty_database_answers_every_insight_without_error()
    {
        var admin = app.Admin();
        var rates = await admin.GetOk("/api/insights/churn-rates?kind=company&from=2025-01&to=2025-02");
        Assert.Equal([("2025-01", 0, 0, 0, null, null), ("2025-02", 0, 0, 0, null, null)], InsightGiven.Months(rates["months"]!));
        var tenure = await admin.GetOk("/api/insights/tenure?kind=engagement");
        Assert.Null(tenure["medianDays"]);
        Assert.Empty(tenure["survival"]!.AsArray());
        var risk = await admin.GetOk("/api/insights/churn-risk");
        Assert.Null(risk["lift"]!["ratio"]);
        var agreement = await admin.GetOk("/api/insights/stage-agreement");
        Assert.Null(agreement["agreementRate"]);
        Assert.Equal(16, agreement["matrix"]!.AsArray().Count);
    }
}
