using System.Numerics;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Api;

/// <summary>
/// Churn risk as things stood on 2025-06-30 (windows (asOf − N, asOf]: negative churn after 2025-04-01, idle since
/// 2025-05-01). All signed 2025-01-01 unless said; each engagement is kicked off on its start day, its follow-up due a
/// month later.
///   A1 engagement 2025-02-01 → 2025-06-15 skill_mismatch; the company churns 2025-08-01 (after asOf: still in)
///   A2 engagement since 2025-04-01; its follow-up due 2025-05-01 held only 2025-07-10 (4) → overdue then
///   A3 engagement since 2025-03-01; follow-up 2025-04-01 scored 2, another 2025-08-01 scored 5 → low then
///   A4 engagement 2025-02-01 → 2025-04-15 budget, the next starts 2025-07-15 → idle then
///   A5 engagement since 2025-05-15, its follow-up due 2025-06-15 still pending when it ended 2025-07-20 → overdue then
///   A6 signed 2025-08-01 → not there yet
///   A7 signed 2024-06-01, churned 2025-03-01, signed again 2025-09-01 → not active then
///   A8 signed 2025-06-01, never kicked off, churns 2025-08-01 → signed within the idle window: no signal then
///   A9 never kicked off, churns 2025-08-01 → idle then
/// </summary>
public class ChurnRiskAsOfTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly InsightGiven given = new(app);
    private static readonly BuiltOnce<Dictionary<string, string>> History = new();

    private Task<Dictionary<string, string>> Build() => History.Get(async () =>
    {
        var (cs, _) = await given.Scenario.Member("cs");
        var (cc, _) = await given.Scenario.Member("cc");
        var ids = new Dictionary<string, string>();
        foreach (var p in new[] { "A1", "A2", "A3", "A4", "A5" })
            ids[p] = await given.Company(cs, "2025-01-01", $"{p} 株式会社過去");
        ids["A6"] = await given.Company(cs, "2025-08-01", "A6 株式会社過去");
        ids["A7"] = await given.Company(cs, "2024-06-01", "A7 株式会社過去");
        ids["A8"] = await given.Company(cs, "2025-06-01", "A8 株式会社過去");
        ids["A9"] = await given.Company(cs, "2025-01-01", "A9 株式会社過去");

        await given.End(await given.Running(ids["A1"], cs, cc, "2025-02-01"), "2025-06-15", "skill_mismatch");
        await given.Churn(ids["A1"], "2025-08-01", "budget");
        await given.FollowUp(await given.Running(ids["A2"], cs, cc, "2025-04-01"), "2025-07-10", 4);
        var a3 = await given.Running(ids["A3"], cs, cc, "2025-03-01");
        await given.FollowUp(a3, "2025-04-01", 2);
        await given.FollowUp(a3, "2025-08-01", 5);
        await given.End(await given.Running(ids["A4"], cs, cc, "2025-02-01"), "2025-04-15", "budget");
        await given.Running(ids["A4"], cs, cc, "2025-07-15");
        await given.End(await given.Running(ids["A5"], cs, cc, "2025-05-15"), "2025-07-20", "project_completed");
        await given.Churn(ids["A7"], "2025-03-01", "budget");
        await given.Reactivate(ids["A7"], "2025-09-01");
        await given.Churn(ids["A8"], "2025-08-01", "budget");
        await given.Churn(ids["A9"], "2025-08-01", "budget");
        return ids;
    });

    private static List<string> Listed(JsonNode risk, Dictionary<string, string> ids)
    {
        var names = ids.ToDictionary(kv => kv.Value, kv => kv.Key);
        return risk["companies"]!.AsArray().Where(c => names.ContainsKey(c!["companyId"]!.GetValue<string>()))
            .Select(c => $"{names[c!["companyId"]!.GetValue<string>()]}:{string.Join(",", c["signals"]!.AsArray().Select(s => s!.GetValue<string>()))}").ToList();
    }

    [Fact]
    public async Task Signals_are_the_ones_that_stood_on_the_day()
    {
        var ids = await Build();
        var risk = await given.Admin.GetOk("/api/insights/churn-risk?asOf=2025-06-30");
        Assert.Equal(["A1:negative_engagement_churn", "A2:overdue_follow_up", "A3:low_satisfaction", "A4:no_active_engagement", "A5:overdue_follow_up",
            "A9:no_active_engagement"], Listed(risk, ids));
    }

    [Fact]
    public async Task The_same_companies_today_show_what_stands_now()
    {
        var ids = await Build();
        // A1 has churned; A2's follow-up is held, A3's latest scored 5; A4 runs an engagement whose follow-up (due
        // 2025-08-15) was never held; A5's ended 2025-07-20 and nothing runs since; A6 and A7 have no engagement.
        var risk = await given.Admin.GetOk("/api/insights/churn-risk");
        Assert.Equal(["A4:overdue_follow_up", "A5:no_active_engagement", "A6:no_active_engagement", "A7:no_active_engagement"], Listed(risk, ids));
    }

    [Fact]
    public async Task A_follow_up_is_overdue_from_the_day_after_it_was_due_until_held_or_cancelled()
    {
        var ids = await Build();
        // A2's follow-up was due 2025-05-01: not overdue on the day, overdue the day after, until the day before it was held
        // (2025-07-10): on that day it was held.
        async Task<bool> Overdue(string asOf) =>
            Listed(await given.Admin.GetOk($"/api/insights/churn-risk?asOf={asOf}"), ids).Any(l => l.StartsWith("A2:") && l.Contains("overdue_follow_up"));
        Assert.False(await Overdue("2025-05-01"));
        Assert.True(await Overdue("2025-05-02"));
        Assert.True(await Overdue("2025-07-09"));
        Assert.False(await Overdue("2025-07-10"));
    }

    [Fact]
    public async Task The_risk_list_carries_owner_and_monthly_fee()
    {
        var ids = await Build();
        var risk = await given.Admin.GetOk("/api/insights/churn-risk?asOf=2025-06-30");
        var a1 = risk["companies"]!.AsArray().Single(c => c!["companyId"]!.GetValue<string>() == ids["A1"])!;
        Assert.Equal(100_000, a1["monthlyFee"]!.GetValue<long>());
        Assert.False(string.IsNullOrWhiteSpace(a1["csOwnerName"]!.GetValue<string>()));
    }
}

/// <summary>
/// The lift on 2025-12-31 (landmark L = 2025-07-04; exposed: a negative engagement churn in (2025-04-05, 2025-07-04];
/// outcome: churned in (L, 2025-12-31]). Exposed: 10 companies, each with an engagement ended 2025-06-01 skill_mismatch,
/// 4 of them churn 2025-09-01. Not exposed: 9 companies, one churns 2025-10-01; then a 10th that stays.
/// </summary>
public class LiftUncertaintyTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly InsightGiven given = new(app);

    [Fact]
    public async Task Lift_carries_counts_katz_interval_fisher_p_and_is_reliable_from_ten_per_group()
    {
        var (cs, _) = await given.Scenario.Member("cs");
        var (cc, _) = await given.Scenario.Member("cc");
        for (var i = 0; i < 10; i++)
        {
            var company = await given.Company(cs, "2025-01-01", $"L露出{i}");
            await given.End(await given.Running(company, cs, cc, "2025-02-01"), "2025-06-01", "skill_mismatch");
            if (i < 4) await given.Churn(company, "2025-09-01", "budget");
        }
        for (var i = 0; i < 9; i++)
        {
            var company = await given.Company(cs, "2025-01-01", $"L対照{i}");
            if (i == 0) await given.Churn(company, "2025-10-01", "budget");
        }

        var nine = (await given.Admin.GetOk("/api/insights/churn-risk?asOf=2025-12-31"))["lift"]!;
        Assert.Equal((10, 4, 9, 1), Counts(nine));
        Assert.False(nine["reliable"]!.GetValue<bool>());
        AssertUncertainty(nine, 4, 10, 1, 9);

        await given.Company(cs, "2025-01-01", "L対照9");
        var ten = (await given.Admin.GetOk("/api/insights/churn-risk?asOf=2025-12-31"))["lift"]!;
        Assert.Equal((10, 4, 10, 1), Counts(ten));
        Assert.True(ten["reliable"]!.GetValue<bool>());
        Assert.Equal(4.0, ten["ratio"]!.GetValue<double>(), 12);
        AssertUncertainty(ten, 4, 10, 1, 10);
    }

    private static (int, int, int, int) Counts(JsonNode lift) =>
        (lift["withNegativeCompanies"]!.GetValue<int>(), lift["withNegativeChurned"]!.GetValue<int>(),
         lift["withoutCompanies"]!.GetValue<int>(), lift["withoutChurned"]!.GetValue<int>());

    /// <summary>The Katz interval and Fisher's two-sided p, worked out here from the counts.</summary>
    private static void AssertUncertainty(JsonNode lift, int a, int n1, int c, int n2)
    {
        var ratio = (double)a / n1 / ((double)c / n2);
        var se = Math.Sqrt(1.0 / a - 1.0 / n1 + 1.0 / c - 1.0 / n2);
        Assert.Equal(ratio * Math.Exp(-1.959963984540054 * se), lift["ratioLower"]!.GetValue<double>(), 10);
        Assert.Equal(ratio * Math.Exp(1.959963984540054 * se), lift["ratioUpper"]!.GetValue<double>(), 10);
        Assert.Equal(FisherTwoSided(a, n1 - a, c, n2 - c), lift["fisherP"]!.GetValue<double>(), 10);
    }

    /// <summary>Exact hypergeometric probabilities as rationals: every table as likely as the observed one or less, summed.</summary>
    private static double FisherTwoSided(int a, int b, int c, int d)
    {
        static BigInteger Choose(int n, int k)
        {
            BigInteger r = 1;
            for (var i = 1; i <= k; i++) r = r * (n - k + i) / i;
            return r;
        }
        int row1 = a + b, col1 = a + c, n = a + b + c + d;
        BigInteger Weight(int x) => Choose(row1, x) * Choose(n - row1, col1 - x);
        var observed = Weight(a);
        BigInteger sum = 0;
        for (var x = Math.Max(0, col1 - (n - row1)); x <= Math.Min(row1, col1); x++)
            if (Weight(x) <= observed) sum += Weight(x);
        return (double)sum / (double)Choose(n, col1);
    }
}

/// <summary>
/// Tenure in whole calendar months, where 30-day months would say otherwise, with the survival band. Engagements (each
/// kicked off on its start, at its own company signed 2023-12-01):
///   T1 2025-01-31 → 2025-02-28: 28 days, one calendar month → 1-3m (30-day months: &lt;1m)
///   T2 2025-03-01 → 2025-03-31: 30 days, no whole month → &lt;1m (30-day months: 1-3m)
///   T3 2025-02-01 → 2025-05-01: 89 days, three months → 3-6m (30-day months: 1-3m)
///   T4 2024-01-01 → 2024-12-31: 365 days, eleven months → 6-12m (30-day months: >=12m)
///   T5 2025-06-01, still running on 2025-12-31 (213 days, censored)
/// </summary>
public class TenureCalendarMonthTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly InsightGiven given = new(app);
    private static readonly BuiltOnce<object> History = new();

    private Task Build() => History.Get(async () =>
    {
        var (cs, _) = await given.Scenario.Member("cs");
        var (cc, _) = await given.Scenario.Member("cc");
        foreach (var (name, start, end, reason) in new[]
        {
            ("T1", "2025-01-31", "2025-02-28", "skill_mismatch"), ("T2", "2025-03-01", "2025-03-31", "budget"),
            ("T3", "2025-02-01", "2025-05-01", "communication"), ("T4", "2024-01-01", "2024-12-31", "budget"),
        })
            await given.End(await given.Running(await given.Company(cs, "2023-12-01", name), cs, cc, start), end, reason);
        await given.Running(await given.Company(cs, "2023-12-01", "T5"), cs, cc, "2025-06-01");
        // Company terms the same way: signed 2025-01-31 and churned 2025-02-28 (one month), signed 2024-01-01 and
        // churned 2024-12-31 (eleven).
        await given.Churn(await given.Company(cs, "2025-01-31", "C1"), "2025-02-28", "budget");
        await given.Churn(await given.Company(cs, "2024-01-01", "C2"), "2024-12-31", "budget");
        return new object();
    });

    private static List<string> Buckets(JsonNode node) => node.AsArray().Select(b => $"{b!["label"]}:{b["count"]}").ToList();

    [Fact]
    public async Task Engagement_buckets_count_whole_calendar_months()
    {
        await Build();
        var t = await given.Admin.GetOk("/api/insights/tenure?kind=engagement&asOf=2025-12-31");
        Assert.Equal(["<1m:1", "1-3m:1", "3-6m:1", "6-12m:1", ">=12m:0"], Buckets(t["buckets"]!));
    }

    [Fact]
    public async Task Reasons_by_tenure_use_the_same_buckets()
    {
        await Build();
        var r = await given.Admin.GetOk("/api/insights/reasons?kind=engagement&from=2024-01&to=2025-12");
        Assert.Equal(["<1m:budget", "1-3m:skill_mismatch", "3-6m:communication", "6-12m:budget", ">=12m:"],
            r["byTenure"]!.AsArray().Select(b => $"{b!["bucket"]}:{string.Join(",", b["reasons"]!.AsArray().Select(x => x!["code"]!.GetValue<string>()))}"));
        var companies = await given.Admin.GetOk("/api/insights/reasons?kind=company&from=2024-01&to=2025-12");
        Assert.Equal(["<1m:0", "1-3m:1", "3-6m:0", "6-12m:1", ">=12m:0"],
            companies["byTenure"]!.AsArray().Select(b => $"{b!["bucket"]}:{b["churns"]}"));
    }

    [Fact]
    public async Task Company_buckets_count_whole_calendar_months()
    {
        await Build();
        var t = await given.Admin.GetOk("/api/insights/tenure?kind=company&asOf=2025-12-31");
        Assert.Equal(["<1m:0", "1-3m:1", "3-6m:0", "6-12m:1", ">=12m:0"], Buckets(t["buckets"]!));
    }

    [Fact]
    public async Task Survival_points_carry_the_greenwood_log_log_band_and_whether_enough_remain_at_risk()
    {
        await Build();
        var t = await given.Admin.GetOk("/api/insights/tenure?kind=engagement&asOf=2025-12-31");
        // Durations: ended 28, 30, 89, 365; censored 213. At each end day n at risk, one ended.
        var expected = new List<(int Day, int AtRisk, double S, double? Lower, double? Upper)>();
        double s = 1, greenwood = 0;
        foreach (var (day, atRisk) in new[] { (28, 5), (30, 4), (89, 3), (365, 1) })
        {
            s *= 1 - 1.0 / atRisk;
            greenwood += atRisk > 1 ? 1.0 / (atRisk * (atRisk - 1.0)) : double.PositiveInfinity;
            double? lower = null, upper = null;
            if (s > 0 && !double.IsInfinity(greenwood))
            {
                // lifelines: the band of log(−log S) is ± z·√(Σ d/(n(n−d))) / |log S|, mapped back through exp(−exp(·)).
                var spread = 1.959963984540054 * Math.Sqrt(greenwood) / Math.Abs(Math.Log(s));
                lower = Math.Exp(-Math.Exp(Math.Log(-Math.Log(s)) + spread));
                upper = Math.Exp(-Math.Exp(Math.Log(-Math.Log(s)) - spread));
            }
            expected.Add((day, atRisk, s, lower, upper));
        }
        var points = t["survival"]!.AsArray();
        Assert.Equal(expected.Count, points.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var p = points[i]!;
            Assert.Equal((expected[i].Day, expected[i].AtRisk), (p["day"]!.GetValue<int>(), p["atRisk"]!.GetValue<int>()));
            Assert.Equal(expected[i].S, p["survival"]!.GetValue<double>(), 12);
            Assert.Equal(expected[i].Lower is null, p["lower"] is null);
            if (expected[i].Lower is { } lo) Assert.Equal(lo, p["lower"]!.GetValue<double>(), 12);
            if (expected[i].Upper is { } up) Assert.Equal(up, p["upper"]!.GetValue<double>(), 12);
            // Fewer than 10 at risk everywhere here: no point is reliable enough to draw.
            Assert.False(p["reliable"]!.GetValue<bool>());
        }
    }
}

/// <summary>
/// Company churn rates with their partial month and 3-month rolling rate, and revenue churn. Fees: R1 100,000 signed
/// 2024-12-01 churns 2025-02-10 (low_utilization, negative); R2 200,000 signed 2024-12-01 churns 2025-03-05 (budget);
/// R3 300,000 signed 2024-12-15 stays; R4 400,000 signed 2025-02-01 stays.
/// </summary>
public class RatesThatMeanWhatTheySayTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly InsightGiven given = new(app);
    private static readonly BuiltOnce<object> History = new();

    private Task Build() => History.Get(async () =>
    {
        var (cs, _) = await given.Scenario.Member("cs");
        await given.Churn(await given.Company(cs, "2024-12-01", "R1", monthlyFee: 100_000), "2025-02-10", "low_utilization");
        await given.Churn(await given.Company(cs, "2024-12-01", "R2", monthlyFee: 200_000), "2025-03-05", "budget");
        await given.Company(cs, "2024-12-15", "R3", monthlyFee: 300_000);
        await given.Company(cs, "2025-02-01", "R4", monthlyFee: 400_000);
        return new object();
    });

    [Fact]
    public async Task Rolling_rate_is_three_months_of_churns_over_three_months_of_actives()
    {
        await Build();
        var months = (await given.Admin.GetOk("/api/insights/churn-rates?kind=company&from=2025-01&to=2025-04"))["months"]!.AsArray();
        // Active at start: Nov 0, Dec 0, Jan 3, Feb 3, Mar 3, Apr 2; churned: Feb 1, Mar 1.
        Assert.Equal(["2025-01:3:0:", "2025-02:6:1:0.16667", "2025-03:9:2:0.22222", "2025-04:8:2:0.25"],
            months.Select(m => $"{m!["month"]}:{m["rollingActiveAtStart"]}:{m["rollingChurned"]}:{(m["rollingRate"]?.GetValue<double>() is { } r && r > 0 ? Math.Round(r, 5).ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}"));
        Assert.Equal(0.0, months[0]!["rollingRate"]!.GetValue<double>());
        Assert.All(months, m => Assert.False(m!["partial"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task The_month_not_over_yet_is_marked_partial()
    {
        await Build();
        var today = BusinessDay.Today;
        var result = await given.Admin.GetOk($"/api/insights/churn-rates?kind=company&from={today.AddMonths(-2):yyyy-MM}&to={today:yyyy-MM}");
        Assert.Equal([false, false, true], result["months"]!.AsArray().Select(m => m!["partial"]!.GetValue<bool>()));
        var revenue = await given.Admin.GetOk($"/api/insights/revenue-churn?from={today.AddMonths(-2):yyyy-MM}&to={today:yyyy-MM}");
        Assert.Equal([false, false, true], revenue["months"]!.AsArray().Select(m => m!["partial"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Revenue_churn_is_the_fees_of_the_churned_over_the_fees_at_the_start_of_the_month()
    {
        await Build();
        var result = await given.Admin.GetOk("/api/insights/revenue-churn?from=2025-01&to=2025-04");
        Assert.Equal(("2025-01", "2025-04"), (result["from"]!.GetValue<string>(), result["to"]!.GetValue<string>()));
        Assert.Equal(
            ["2025-01:3:0:600000:0:0", "2025-02:3:1:600000:100000:100000", "2025-03:3:1:900000:200000:0", "2025-04:2:0:700000:0:0"],
            result["months"]!.AsArray().Select(m => $"{m!["month"]}:{m["companiesAtStart"]}:{m["churnedCompanies"]}:{m["mrrAtStart"]}:{m["churnedMrr"]}:{m["negativeChurnedMrr"]}"));
        Assert.Equal([0.0, 100_000 / 600_000.0, 200_000 / 900_000.0, 0.0],
            result["months"]!.AsArray().Select(m => m!["rate"]!.GetValue<double>()), new Tolerance());
    }
}

/// <summary>
/// The stage on a past day. G1 signed 2025-01-01, kicked off 2025-02-01, follow-up 2025-03-01 scored 4, ended
/// 2025-08-01 (budget): active from 2025-05-02 (90 days after the kickoff) until the end, onboard since. G2 signed
/// 2025-01-01 with no engagement, churned 2025-09-01. G3 signed 2025-08-01.
/// </summary>
public class StageAsOfTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly InsightGiven given = new(app);

    [Fact]
    public async Task Company_stage_and_stage_agreement_follow_the_day()
    {
        var (cs, _) = await given.Scenario.Member("cs");
        var (cc, _) = await given.Scenario.Member("cc");
        var g1 = await given.Company(cs, "2025-01-01", "G1");
        var e = await given.Running(g1, cs, cc, "2025-02-01");
        await given.FollowUp(e, "2025-03-01", 4);
        await given.End(e, "2025-08-01", "budget");
        await given.Churn(await given.Company(cs, "2025-01-01", "G2"), "2025-09-01", "budget");
        await given.Company(cs, "2025-08-01", "G3");
        await given.Admin.Put($"/api/companies/{g1}/assessment", new { rank = "a", stage = "active" });

        async Task<string> StageOn(string? asOf)
        {
            var company = await given.Admin.GetOk($"/api/companies/{g1}" + (asOf is null ? "" : $"?asOf={asOf}"));
            if (asOf is not null) Assert.Equal(asOf, company["stageAsOf"]!.GetValue<string>());
            return company["stage"]!.GetValue<string>();
        }
        Assert.Equal("entry", await StageOn("2025-01-15"));
        Assert.Equal("onboard", await StageOn("2025-05-01"));
        Assert.Equal("active", await StageOn("2025-05-02"));
        Assert.Equal("active", await StageOn("2025-07-31"));
        Assert.Equal("onboard", await StageOn(null));

        // Today: the assessment (active) against today's stage (onboard).
        var now = await given.Admin.GetOk("/api/insights/stage-agreement");
        Assert.Equal((1, 0), (now["assessed"]!.GetValue<int>(), now["agreed"]!.GetValue<int>()));

        // On 2025-12-31 the assessment made today was not there yet; retention from that day's landmark 2025-07-04:
        // G1 was active then and stays, G2 was entry and churned by 2025-12-31; G3 had not signed.
        var past = await given.Admin.GetOk("/api/insights/stage-agreement?asOf=2025-12-31");
        Assert.Equal("2025-12-31", past["asOf"]!.GetValue<string>());
        Assert.Equal(0, past["assessed"]!.GetValue<int>());
        Assert.Null(past["landmarkBuiltAt"]);
        var retention = past["retentionByStage"]!;
        Assert.Equal("2025-07-04", retention["landmark"]!.GetValue<string>());
        Assert.Equal(["entry:1:0", "onboard:0:0", "active:1:1", "loyal:0:0"],
            retention["stages"]!.AsArray().Select(s => $"{s!["stage"]}:{s["companies"]}:{s["retained"]}"));
    }

    [Theory]
    [InlineData("/api/insights/stage-agreement?asOf=2025-13-01", "asOf")]
    [InlineData("/api/insights/revenue-churn?from=2025-13", "from")]
    [InlineData("/api/insights/revenue-churn?from=2025-05&to=2025-01", "to")]
    public async Task Bad_input_is_a_400_naming_the_field(string url, string field)
    {
        var response = await given.Admin.Get(url);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull(problem["errors"]![field]);
    }
}
