using System.Net;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Api;

/// <summary>
/// Company churn figures on a small history whose every figure is worked out by hand below. Terms (signed → churned):
///   A (owner X) 2024-12-15 → 2025-02-01 skill_mismatch (negative; churn on the first day of a month)
///   B (owner X) 2024-11-01 → 2025-01-31 budget (churn on the last day of a month)
///   C (owner X) 2024-12-01 → 2025-03-10 communication (negative), re-signed 2025-04-20 → 2025-05-31 budget
///   D (owner Y, 5,000 employees) 2025-02-10 → running, with one engagement running since 2025-02-15
///   E (owner Y) 2025-01-05 → 2025-01-20 budget (signed and churned in the same month)
/// Active at the start of M = signed before the 1st of M and not churned before it.
/// </summary>
internal sealed class Tolerance : IEqualityComparer<double>
{
    public bool Equals(double a, double b) => Math.Abs(a - b) < 1e-12;
    public int GetHashCode(double d) => 0;
}

public class CompanyChurnInsightTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly InsightGiven given = new(app);
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static bool built;

    private async Task<(string X, string Y)> Build()
    {
        await Once.WaitAsync();
        try
        {
            var x = await Owner("cs-x@example.jp");
            var y = await Owner("cs-y@example.jp");
            if (built) return (x, y);
            var a = await given.Company(x, "2024-12-15", "株式会社A");
            var b = await given.Company(x, "2024-11-01", "株式会社B");
            var c = await given.Company(x, "2024-12-01", "株式会社C");
            var d = await given.Company(y, "2025-02-10", "株式会社D", employees: 5000);
            var e = await given.Company(y, "2025-01-05", "株式会社E");
            await given.Churn(a, "2025-02-01", "skill_mismatch");
            await given.Churn(b, "2025-01-31", "budget");
            await given.Churn(c, "2025-03-10", "communication");
            await given.Reactivate(c, "2025-04-20");
            await given.Churn(c, "2025-05-31", "budget");
            await given.Churn(e, "2025-01-20", "budget");
            var (cc, _) = await given.Scenario.Member("cc");
            await given.Running(d, y, cc, "2025-02-15");
            built = true;
            return (x, y);
        }
        finally { Once.Release(); }
    }

    private async Task<string> Owner(string email)
    {
        var members = await given.Admin.GetOk("/api/members?team=cs&pageSize=200");
        var found = members["items"]!.AsArray().FirstOrDefault(m => m!["email"]!.GetValue<string>() == email);
        if (found is not null) return found["id"]!.GetValue<string>();
        return (await given.Admin.PostCreated("/api/members", new { name = email.Split('@')[0], email, team = "cs" }))["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task Company_churn_rates_per_month_match_the_hand_count()
    {
        await Build();
        var result = await given.Admin.GetOk("/api/insights/churn-rates?kind=company&from=2024-11&to=2025-06");
        Assert.Equal(
        [
            ("2024-11", 0, 0, 0, null, null),           // B signs on the 1st: not yet active at the start
            ("2024-12", 1, 0, 0, 0.0, 0.0),             // B
            ("2025-01", 3, 2, 0, 2.0 / 3, 0.0),         // A, B, C active; B (31st) and E (signed in January) churn
            ("2025-02", 2, 1, 1, 0.5, 0.5),             // A (churns on the 1st, so still active at the start), C
            ("2025-03", 2, 1, 1, 0.5, 0.5),             // C, D; C churns (negative)
            ("2025-04", 1, 0, 0, 0.0, 0.0),             // D; C re-signs on the 20th
            ("2025-05", 2, 1, 0, 0.5, 0.0),             // D and C's second term; C churns again
            ("2025-06", 1, 0, 0, 0.0, 0.0),             // D
        ], InsightGiven.Months(result["months"]!));
        Assert.Empty(result["groups"]!.AsArray());
    }

    [Fact]
    public async Task Company_churn_rates_split_by_cs_owner_and_touch_tier()
    {
        var (x, y) = await Build();
        var result = await given.Admin.GetOk("/api/insights/churn-rates?kind=company&from=2024-11&to=2025-06&by=csOwner");
        var groups = result["groups"]!.AsArray().ToDictionary(g => g!["key"]!.GetValue<string>());
        Assert.Equal(new[] { x, y }.Order(StringComparer.Ordinal), groups.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("cs-x", groups[x]!["label"]!.GetValue<string>());
        Assert.Equal(
        [
            ("2024-11", 0, 0, 0, null, null),
            ("2024-12", 1, 0, 0, 0.0, 0.0),
            ("2025-01", 3, 1, 0, 1.0 / 3, 0.0),
            ("2025-02", 2, 1, 1, 0.5, 0.5),
            ("2025-03", 1, 1, 1, 1.0, 1.0),
            ("2025-04", 0, 0, 0, null, null),
            ("2025-05", 1, 1, 0, 1.0, 0.0),
            ("2025-06", 0, 0, 0, null, null),
        ], InsightGiven.Months(groups[x]!["months"]!));
        Assert.Equal(
        [
            ("2024-11", 0, 0, 0, null, null),
            ("2024-12", 0, 0, 0, null, null),
            ("2025-01", 0, 1, 0, null, null),           // E churns with nothing active at the start: no rate, not an error
            ("2025-02", 0, 0, 0, null, null),
            ("2025-03", 1, 0, 0, 0.0, 0.0),
            ("2025-04", 1, 0, 0, 0.0, 0.0),
            ("2025-05", 1, 0, 0, 0.0, 0.0),
            ("2025-06", 1, 0, 0, 0.0, 0.0),
        ], InsightGiven.Months(groups[y]!["months"]!));

        var tiers = await given.Admin.GetOk("/api/insights/churn-rates?kind=company&from=2025-03&to=2025-03&by=touchTier");
        var byTier = tiers["groups"]!.AsArray().ToDictionary(g => g!["key"]!.GetValue<string>(), g => InsightGiven.Months(g!["months"]!).Single());
        Assert.Equal(["high", "low"], byTier.Keys.Order());
        Assert.Equal(("2025-03", 1, 0, 0, 0.0, 0.0), byTier["high"]);
        Assert.Equal(("2025-03", 1, 1, 1, 1.0, 1.0), byTier["low"]);
    }

    [Fact]
    public async Task Company_churns_do_not_leak_into_engagement_figures()
    {
        await Build();
        var result = await given.Admin.GetOk("/api/insights/churn-rates?kind=engagement&from=2025-01&to=2025-06");
        Assert.Equal(
        [
            ("2025-01", 0, 0, 0, null, null),
            ("2025-02", 0, 0, 0, null, null),           // D's engagement starts on the 15th
            ("2025-03", 1, 0, 0, 0.0, 0.0),
            ("2025-04", 1, 0, 0, 0.0, 0.0),
            ("2025-05", 1, 0, 0, 0.0, 0.0),
            ("2025-06", 1, 0, 0, 0.0, 0.0),
        ], InsightGiven.Months(result["months"]!));
        var reasons = await given.Admin.GetOk("/api/insights/reasons?kind=engagement&from=2024-01&to=2025-12");
        Assert.Equal(0, reasons["churns"]!.GetValue<int>());
    }

    [Fact]
    public async Task Company_tenure_counts_each_signed_term_and_censors_the_running_one()
    {
        await Build();
        // Ended terms: E 15, C2 41, A 48, B 91, C1 99 days; D running 140 days on 2025-06-30.
        var t = await given.Admin.GetOk("/api/insights/tenure?kind=company&asOf=2025-06-30");
        Assert.Equal(5, t["ended"]!.GetValue<int>());
        Assert.Equal(1, t["running"]!.GetValue<int>());
        Assert.Equal(48, t["medianDays"]!.GetValue<double>());
        // Whole calendar months: E 0; C2 (04-20 → 05-31) 1, A (12-15 → 02-01) 1, B (11-01 → 01-31) 2; C1 (12-01 → 03-10) 3.
        Assert.Equal(["<1m:1", "1-3m:3", "3-6m:1", "6-12m:0", ">=12m:0"],
            t["buckets"]!.AsArray().Select(b => $"{b!["label"]}:{b["count"]}"));
        var curve = t["survival"]!.AsArray().Select(p => (p!["day"]!.GetValue<int>(), p["atRisk"]!.GetValue<int>(), p["survival"]!.GetValue<double>())).ToList();
        // One ends at each of these days; S(t) = S(t-) × (1 − 1/atRisk): 5/6, 4/6, 3/6, 2/6, 1/6.
        Assert.Equal([(15, 6), (41, 5), (48, 4), (91, 3), (99, 2)], curve.Select(p => (p.Item1, p.Item2)));
        Assert.Equal([5.0 / 6, 4.0 / 6, 3.0 / 6, 2.0 / 6, 1.0 / 6], curve.Select(p => p.Item3), new Tolerance());
        Assert.Equal(48, t["survivalMedianDays"]!.GetValue<int>());
    }

    [Fact]
    public async Task Company_reasons_count_each_reason_negative_first()
    {
        await Build();
        var r = await given.Admin.GetOk("/api/insights/reasons?kind=company&from=2025-01&to=2025-06");
        Assert.Equal(5, r["churns"]!.GetValue<int>());
        Assert.Equal(2, r["negativeChurns"]!.GetValue<int>());
        Assert.Equal(["skill_mismatch:1:0.2", "communication:1:0.2", "budget:3:0.6"],
            r["reasons"]!.AsArray().Select(x => $"{x!["code"]}:{x["count"]}:{x["share"]}"));
        // Tenure in whole calendar months: E 0 (<1m); C2 1, A 1, B 2 — 91 days, but 1 November to 31 January (1-3m); C1 3 (3-6m).
        var byTenure = r["byTenure"]!.AsArray().ToDictionary(b => b!["bucket"]!.GetValue<string>());
        Assert.Equal(["budget:1"], byTenure["<1m"]!["reasons"]!.AsArray().Select(x => $"{x!["code"]}:{x["count"]}"));
        Assert.Equal(["skill_mismatch:1", "budget:2"], byTenure["1-3m"]!["reasons"]!.AsArray().Select(x => $"{x!["code"]}:{x["count"]}"));
        Assert.Equal(["communication:1"], byTenure["3-6m"]!["reasons"]!.AsArray().Select(x => $"{x!["code"]}:{x["count"]}"));
        Assert.Equal(0, byTenure[">=12m"]!["churns"]!.GetValue<int>());
    }
}
