using Dapper;
using Marketplace.Core.Features.Companies;
using Marketplace.Tests.Infrastructure;
using Marketplace.Core.Facts;

namespace Marketplace.Tests.Api;

/// <summary>
/// Each company row keeps the facts its stage is computed from (migration 0009). Every command that records one of them
/// refreshes the row: after each step the row holds exactly the figures worked out by hand from the history so far, and
/// recomputing every company's row from the whole history changes nothing.
/// </summary>
public class CompanyStageFactsTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly InsightGiven given = new(app);

    private const string KeptSql = $"SELECT {KeptFacts.Columns} FROM companies WHERE id = @id";

    private async Task<KeptFacts> Row(string company)
    {
        using var db = app.OpenDatabase();
        return await db.QuerySingleAsync<KeptFacts>(KeptSql, new { id = company });
    }

    private static DateOnly D(string day) => DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Every_command_that_records_a_stage_fact_refreshes_the_company_row()
    {
        var (cs, _) = await given.Scenario.Member("cs");
        var (cc, _) = await given.Scenario.Member("cc");
        var company = await given.Company(cs, "2025-01-01", "株式会社ステージ記録");
        Assert.Equal(new KeptFacts(null, 0, 0, null, null), await Row(company));

        // A proposal is not an engagement yet; its contract is.
        var second = await given.Scenario.Engagement(company, await given.Scenario.AvailableWorker(cc), "2025-05-10");
        Assert.Equal(new KeptFacts(null, 0, 0, null, null), await Row(company));
        await given.Admin.PostOk($"/api/engagements/{second}/contract", new { contractedOn = "2025-01-20" });
        Assert.Equal(new KeptFacts(null, 0, 1, null, null), await Row(company));

        // Contracted on 2025-01-27 and kicked off on 2025-02-01.
        var first = await given.Running(company, cs, cc, "2025-02-01");
        Assert.Equal(new KeptFacts(D("2025-02-01"), 1, 2, null, null), await Row(company));

        // The latest follow-up's satisfaction, the lowest of that day's.
        await given.FollowUp(first, "2025-03-03", 4);
        Assert.Equal(new KeptFacts(D("2025-02-01"), 1, 2, 4, null), await Row(company));
        await given.FollowUp(first, "2025-03-03", 2);
        Assert.Equal(new KeptFacts(D("2025-02-01"), 1, 2, 2, null), await Row(company));
        await given.FollowUp(first, "2025-04-01", 5);
        Assert.Equal(new KeptFacts(D("2025-02-01"), 1, 2, 5, null), await Row(company));

        await given.End(first, "2025-05-02", "skill_mismatch", "budget");
        Assert.Equal(new KeptFacts(D("2025-02-01"), 0, 2, 5, D("2025-05-02")), await Row(company));

        // A later kickoff is not the first one.
        await given.Admin.PostOk($"/api/engagements/{second}/kickoff", new { heldOn = "2025-05-10", attendees = new[] { "佐藤" } });
        Assert.Equal(new KeptFacts(D("2025-02-01"), 1, 2, 5, D("2025-05-02")), await Row(company));

        // The company churn ends the running engagement, not negatively; the reactivation keeps the history.
        await given.Admin.PostCreated($"/api/companies/{company}/churn",
            new { churnedOn = "2025-06-01", reasons = new[] { "budget" }, endActiveEngagements = true });
        Assert.Equal(new KeptFacts(D("2025-02-01"), 0, 2, 5, D("2025-05-02")), await Row(company));
        await given.Reactivate(company, "2025-07-01");
        Assert.Equal(new KeptFacts(D("2025-02-01"), 0, 2, 5, D("2025-05-02")), await Row(company));

        var resource = await given.Admin.GetOk($"/api/companies/{company}");
        Assert.Equal((0, 2), (resource["activeEngagements"]!.GetValue<int>(), resource["totalEngagements"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Recomputing_every_row_from_the_history_changes_nothing()
    {
        var (cs, _) = await given.Scenario.Member("cs");
        var (cc, _) = await given.Scenario.Member("cc");
        var company = await given.Company(cs, "2025-01-01", "株式会社再計算");
        var running = await given.Running(company, cs, cc, "2025-02-01");
        await given.FollowUp(running, "2025-03-01", 3);
        var ended = await given.Running(company, cs, cc, "2025-02-15", "designer");
        await given.End(ended, "2025-04-01", "communication");
        var other = await given.Company(cs, "2025-02-01", "株式会社再計算二");
        await given.Running(other, cs, cc, "2025-03-01");
        await given.Admin.PostCreated($"/api/companies/{other}/churn",
            new { churnedOn = "2025-05-01", reasons = new[] { "low_utilization" }, endActiveEngagements = true });

        const string all = $"SELECT id, {KeptFacts.Columns} FROM companies ORDER BY id";
        using var db = app.OpenDatabase();
        var kept = (await db.QueryAsync<KeptFactsOf>(all)).ToList();
        Assert.Contains(kept, r => r is { ActiveEngagements: 1, TotalEngagements: 2, LastSatisfaction: 3 } && r.Id == Guid.Parse(company));
        Assert.Contains(kept, r => r is { ActiveEngagements: 0, TotalEngagements: 1 } && r.Id == Guid.Parse(other));
        await db.ExecuteAsync(CompanyStageFacts.Sql.RefreshAll);
        Assert.Equal(kept, (await db.QueryAsync<KeptFactsOf>(all)).ToList());
    }

    [Fact]
    public async Task The_stage_filter_pages_the_companies_in_the_asked_stage_in_name_order()
    {
        var (cs, _) = await given.Scenario.Member("cs");
        var (cc, _) = await given.Scenario.Member("cc");
        var today = BusinessDay.Today;
        string Ago(int days) => InsightGiven.Day(today.AddDays(-days));
        await given.Company(cs, Ago(200), "段階A");
        var onboardLater = await given.Company(cs, Ago(200), "段階C");
        await given.Running(onboardLater, cs, cc, Ago(20));
        var onboardFirst = await given.Company(cs, Ago(200), "段階B");
        await given.Running(onboardFirst, cs, cc, Ago(10));
        var active = await given.Company(cs, Ago(200), "段階D");
        await given.FollowUp(await given.Running(active, cs, cc, Ago(120)), Ago(100), 4);

        var second = await given.Admin.GetOk($"/api/companies?csOwnerId={cs}&stage=onboard&pageSize=1&page=2");
        Assert.Equal(2, second["total"]!.GetValue<int>());
        var item = Assert.Single(second["items"]!.AsArray())!;
        Assert.Equal(("段階C", "onboard"), (item["name"]!.GetValue<string>(), item["stage"]!.GetValue<string>()));
        var activeOnes = await given.Admin.GetOk($"/api/companies?csOwnerId={cs}&stage=active");
        Assert.Equal(["段階D"], activeOnes["items"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal(1, (await given.Admin.GetOk($"/api/companies?csOwnerId={cs}&stage=entry"))["total"]!.GetValue<int>());
        Assert.Equal(0, (await given.Admin.GetOk($"/api/companies?csOwnerId={cs}&stage=loyal"))["total"]!.GetValue<int>());
    }
}
