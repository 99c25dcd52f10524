using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Api;

/// <summary>
/// Churn risk on 2025-12-31 and its lift. Landmark L = 2025-12-31 − 180 days = 2025-07-04; a company is exposed when
/// it had a negative engagement churn in (L − 90, L] = (2025-04-05, 2025-07-04]. All signed 2025-01-01 unless said.
///   P1 engagement ends 2025-05-01 skill_mismatch (exposed); company churns 2025-09-01 (within 180 days of L)
///   P2 engagement ends 2025-06-01 communication (exposed); stays, with no engagement since → idle 60 days
///   P3 no engagement; churns 2025-10-01
///   P4 engagement since 2025-10-01, its follow-up due 2025-11-01 never held → overdue
///   P5 engagement since 2025-09-01 with follow-up satisfaction 2; another ended 2025-12-01 conditions_misaligned
///   P6 nothing at all → idle 60 days
///   P7 signed 2025-11-15: too new to be idle, not in the lift cohort
///   P8 engagement ends 2025-03-01 skill_mismatch (before the exposure window); churns 2025-08-15
/// Lift: exposed P1, P2 → 1 of 2 churned = 0.5; the rest of the cohort P3, P4, P5, P6, P8 → 2 of 5 = 0.4; ratio 1.25.
/// </summary>
public class ChurnRiskInsightTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly InsightGiven given = new(app);
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static Dictionary<string, string>? built;

    private async Task<Dictionary<string, string>> Build()
    {
        await Once.WaitAsync();
        try
        {
            if (built is not null) return built;
            var (cs, _) = await given.Scenario.Member("cs");
            var (cc, _) = await given.Scenario.Member("cc");
            var ids = new Dictionary<string, string>();
            foreach (var p in new[] { "P1", "P2", "P3", "P4", "P5", "P6", "P8" })
                ids[p] = await given.Company(cs, "2025-01-01", $"{p} 株式会社リスク");
            ids["P7"] = await given.Company(cs, "2025-11-15", "P7 株式会社リスク");

            await given.End(await given.Running(ids["P1"], cs, cc, "2025-02-01"), "2025-05-01", "skill_mismatch");
            await given.Churn(ids["P1"], "2025-09-01", "low_utilization");
            await given.End(await given.Running(ids["P2"], cs, cc, "2025-02-01"), "2025-06-01", "communication");
            await given.Churn(ids["P3"], "2025-10-01", "budget");
            await given.Running(ids["P4"], cs, cc, "2025-10-01");
            var p5 = await given.Running(ids["P5"], cs, cc, "2025-09-01");
            await given.FollowUp(p5, "2025-10-01", 2);
            await given.End(await given.Running(ids["P5"], cs, cc, "2025-09-01"), "2025-12-01", "conditions_misaligned");
            await given.End(await given.Running(ids["P8"], cs, cc, "2025-02-01"), "2025-03-01", "skill_mismatch");
            await given.Churn(ids["P8"], "2025-08-15", "low_utilization");
            built = ids;
            return ids;
        }
        finally { Once.Release(); }
    }

    [Fact]
    public async Task Active_companies_with_named_signals_most_signals_first()
    {
        var ids = await Build();
        var risk = await given.Admin.GetOk("/api/insights/churn-risk?asOf=2025-12-31");
        Assert.Equal("2025-12-31", risk["asOf"]!.GetValue<string>());
        Assert.Equal(
        [
            $"{ids["P5"]}:negative_engagement_churn,low_satisfaction",
            $"{ids["P2"]}:no_active_engagement",
            $"{ids["P4"]}:overdue_follow_up",
            $"{ids["P6"]}:no_active_engagement",
        ], risk["companies"]!.AsArray().Select(c => $"{c!["companyId"]}:{string.Join(",", c["signals"]!.AsArray().Select(s => s!.GetValue<string>()))}"));
    }

    [Fact]
    public async Task Lift_compares_the_exposed_cohort_with_the_rest()
    {
        await Build();
        var lift = (await given.Admin.GetOk("/api/insights/churn-risk?asOf=2025-12-31"))["lift"]!;
        Assert.Equal("2025-07-04", lift["landmark"]!.GetValue<string>());
        Assert.Equal(180, lift["windowDays"]!.GetValue<int>());
        Assert.Equal((2, 1, 5, 2), (lift["withNegativeCompanies"]!.GetValue<int>(), lift["withNegativeChurned"]!.GetValue<int>(),
            lift["withoutCompanies"]!.GetValue<int>(), lift["withoutChurned"]!.GetValue<int>()));
        Assert.Equal(0.5, lift["withNegative"]!.GetValue<double>());
        Assert.Equal(0.4, lift["without"]!.GetValue<double>());
        Assert.Equal(1.25, lift["ratio"]!.GetValue<double>(), 12);
    }

    [Fact]
    public async Task Signals_follow_the_as_of_day()
    {
        var ids = await Build();
        // On 2025-10-15 P5's negative churn has not happened, its follow-up is held (2), P4's follow-up is not yet due,
        // P2's last engagement ended 2025-06-01 (idle), P6 idle, P3 is still active on that day only if not churned:
        // it churned 2025-10-01 and is churned now, so risk lists current actives only.
        var risk = await given.Admin.GetOk("/api/insights/churn-risk?asOf=2025-10-15");
        var byId = risk["companies"]!.AsArray().ToDictionary(c => c!["companyId"]!.GetValue<string>(),
            c => string.Join(",", c!["signals"]!.AsArray().Select(s => s!.GetValue<string>())));
        // P5's second engagement (kicked off 2025-09-01) had its follow-up due 2025-10-01 still pending: it was cancelled
        // only when the engagement ended on 2025-12-01, so on 2025-10-15 it was overdue.
        Assert.Equal("overdue_follow_up,low_satisfaction", byId[ids["P5"]]);
        Assert.Equal("no_active_engagement", byId[ids["P2"]]);
        Assert.False(byId.ContainsKey(ids["P4"]));
        Assert.False(byId.ContainsKey(ids["P7"]));
    }
}

/// <summary>
/// Stage agreement on today's computed stages (the company resource's), and retention by the stage held 180 days ago.
///   S1 signed today−30, no kickoff → entry; assessed entry (agrees)
///   S2 signed today−60, kickoff today−20 → onboard; assessed active (disagrees)
///   S3 signed today−400, kickoff today−300, follow-up today−270 satisfaction 4 → active + a year of tenure → loyal; assessed loyal
///   S4 signed today−100, not assessed; S5 signed today−400, churned today−100, not assessed
///   S6 signed today−200, two engagements kicked off today−150, their follow-ups both held today−120 with satisfaction
///   4 and 2: the latest day's lowest (2) counts → onboard (with 4 it would be loyal); assessed active (disagrees)
/// Retention (L = today−180): S3 was active on L (kickoff 120 days before, satisfaction 4, tenure 220 days, one engagement)
/// and is still here; S5 was entry on L and churned since; S6 was entry on L (no kickoff yet) and is still here.
/// S1, S2, S4 signed after L.
/// </summary>
public class StageAgreementInsightTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly InsightGiven given = new(app);

    [Fact]
    public async Task Agreement_matrix_and_retention_by_stage()
    {
        var today = BusinessDay.Today;
        string Ago(int days) => InsightGiven.Day(today.AddDays(-days));
        var (cs, _) = await given.Scenario.Member("cs");
        var (cc, _) = await given.Scenario.Member("cc");
        var s1 = await given.Company(cs, Ago(30), "S1");
        var s2 = await given.Company(cs, Ago(60), "S2");
        await given.Running(s2, cs, cc, Ago(20));
        var s3 = await given.Company(cs, Ago(400), "S3");
        await given.FollowUp(await given.Running(s3, cs, cc, Ago(300)), Ago(270), 4);
        await given.Company(cs, Ago(100), "S4");
        var s5 = await given.Company(cs, Ago(400), "S5");
        await given.Churn(s5, Ago(100), "budget");
        var s6 = await given.Company(cs, Ago(200), "S6");
        await given.FollowUp(await given.Running(s6, cs, cc, Ago(150)), Ago(120), 4);
        await given.FollowUp(await given.Running(s6, cs, cc, Ago(150)), Ago(120), 2);
        foreach (var (id, stage) in new[] { (s1, "entry"), (s2, "active"), (s3, "loyal"), (s6, "active") })
            await given.Admin.Put($"/api/companies/{id}/assessment", new { rank = "a", stage });

        // The stages the company resource shows are the ones compared.
        foreach (var (id, stage) in new[] { (s1, "entry"), (s2, "onboard"), (s3, "loyal"), (s6, "onboard") })
            Assert.Equal(stage, (await given.Admin.GetOk($"/api/companies/{id}"))["stage"]!.GetValue<string>());

        await given.RebuildLandmarkSnapshot();
        var result = await given.Admin.GetOk("/api/insights/stage-agreement");
        Assert.Equal(4, result["assessed"]!.GetValue<int>());
        Assert.Equal(2, result["agreed"]!.GetValue<int>());
        Assert.Equal(0.5, result["agreementRate"]!.GetValue<double>());
        var cells = result["matrix"]!.AsArray().Where(c => c!["count"]!.GetValue<int>() > 0)
            .Select(c => $"{c!["assessed"]}>{c["computed"]}:{c["count"]}").Order().ToList();
        Assert.Equal(["active>onboard:2", "entry>entry:1", "loyal>loyal:1"], cells);

        var retention = result["retentionByStage"]!;
        Assert.Equal(Ago(180), retention["landmark"]!.GetValue<string>());
        Assert.Equal(["entry:2:1:0.5", "onboard:0:0:", "active:1:1:1", "loyal:0:0:"],
            retention["stages"]!.AsArray().Select(s => $"{s!["stage"]}:{s["companies"]}:{s["retained"]}:{s["retentionRate"]?.GetValue<double>()}"));
    }
}
