using Dapper;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Api;

/// <summary>
/// The insights count churns by facts copied onto the rows when they are written (migration 0005). Every path that
/// writes those rows fills them, from the engagement and by the catalog's negative tags.
/// </summary>
public class ChurnFactsTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly InsightGiven given = new(app);

    // Dapper fills these through their properties, whatever numeric and id types the provider reads.
    private sealed record EngagementFacts(Guid? ConciergeId, DateOnly? KickedOffOn)
    {
        private EngagementFacts() : this(null, null) { }
    }

    private sealed record ChurnFacts(int Negative, int? TenureDays, string? JobType, Guid? ConciergeId, Guid? CompanyId)
    {
        private ChurnFacts() : this(0, null, null, null, null) { }
    }

    private sealed record ReasonFacts(string ReasonCode, DateOnly? EndedOn, int? TenureDays)
    {
        private ReasonFacts() : this("", null, null) { }
    }

    [Fact]
    public async Task Proposing_kicking_off_following_up_and_ending_copy_the_facts_the_insights_count()
    {
        var (cs, _) = await given.Scenario.Member("cs");
        var (cc, _) = await given.Scenario.Member("cc");
        var company = await given.Company(cs, "2025-01-01", "株式会社ファクト");
        var negative = await given.Running(company, cs, cc, "2025-02-01", "designer");
        await given.FollowUp(negative, "2025-03-03", 2);
        await given.End(negative, "2025-05-02", "skill_mismatch", "budget");
        var neutral = await given.Running(company, cs, cc, "2025-03-01", "pm");
        await given.End(neutral, "2025-03-31", "project_completed");

        using var db = app.OpenDatabase();
        var e = await db.QuerySingleAsync<EngagementFacts>("SELECT concierge_id, kicked_off_on FROM engagements WHERE id = @id", new { id = negative });
        Assert.Equal(new EngagementFacts(Guid.Parse(cc), new DateOnly(2025, 2, 1)), e);
        var followUps = await db.QueryAsync<Guid?>("SELECT company_id FROM follow_ups WHERE engagement_id IN (@a, @b)", new { a = negative, b = neutral });
        Assert.Equal([Guid.Parse(company), Guid.Parse(company)], followUps);

        const string churnSql = "SELECT negative, tenure_days, job_type, concierge_id, company_id FROM engagement_churns WHERE engagement_id = @id";
        var bad = await db.QuerySingleAsync<ChurnFacts>(churnSql, new { id = negative });
        Assert.Equal(new ChurnFacts(1, 90, "designer", Guid.Parse(cc), Guid.Parse(company)), bad);
        var good = await db.QuerySingleAsync<ChurnFacts>(churnSql, new { id = neutral });
        Assert.Equal(new ChurnFacts(0, 30, "pm", Guid.Parse(cc), Guid.Parse(company)), good);

        var reasons = (await db.QueryAsync<ReasonFacts>("""
            SELECT r.reason_code, r.ended_on, r.tenure_days FROM engagement_churn_reasons r
            JOIN engagement_churns ec ON ec.id = r.churn_id WHERE ec.engagement_id = @id ORDER BY r.reason_code
            """, new { id = negative })).ToList();
        Assert.Equal([new("budget", new DateOnly(2025, 5, 2), 90), new("skill_mismatch", new DateOnly(2025, 5, 2), 90)], reasons);
    }

    [Fact]
    public async Task A_company_churn_is_tagged_negative_by_its_reasons_and_the_engagements_it_ends_are_not()
    {
        var (cs, _) = await given.Scenario.Member("cs");
        var (cc, _) = await given.Scenario.Member("cc");
        var unhappy = await given.Company(cs, "2025-01-01", "株式会社ネガ");
        var running = await given.Running(unhappy, cs, cc, "2025-02-01");
        await given.Admin.PostCreated($"/api/companies/{unhappy}/churn",
            new { churnedOn = "2025-06-01", reasons = new[] { "communication" }, endActiveEngagements = true });
        var content = await given.Company(cs, "2025-01-01", "株式会社ポジ");
        await given.Churn(content, "2025-06-01", "budget");

        using var db = app.OpenDatabase();
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("SELECT negative FROM company_churns WHERE company_id = @id", new { id = unhappy }));
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("SELECT negative FROM company_churns WHERE company_id = @id", new { id = content }));
        // Each reason row carries its churn's end day and the term's tenure (2025-01-01 to 2025-06-01: 151 days).
        var reasons = (await db.QueryAsync<ReasonFacts>("""
            SELECT r.reason_code, r.churned_on AS ended_on, r.tenure_days FROM company_churn_reasons r
            JOIN company_churns cc ON cc.id = r.churn_id WHERE cc.company_id = @id
            """, new { id = unhappy })).ToList();
        Assert.Equal([new("communication", new DateOnly(2025, 6, 1), 151)], reasons);
        // The engagement it ended gives company_churn, which is not negative: company churn never leaks into engagement churn.
        var ended = await db.QuerySingleAsync<ChurnFacts>(
            "SELECT negative, tenure_days, job_type, concierge_id, company_id FROM engagement_churns WHERE engagement_id = @id", new { id = running });
        Assert.Equal(new ChurnFacts(0, 120, "engineer", Guid.Parse(cc), Guid.Parse(unhappy)), ended);
    }
}
