using Dapper;
using Marketplace.Core.Data;
using Marketplace.Core.Features.Insights;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Tests.Api;

/// <summary>
/// Stage agreement keeps every company's stage facts on retention's landmark day (migration 0010). A record entered
/// late, dated on or before that day, changes them there: its command recomputes its company's, so that what is kept
/// always equals a build from the whole history.
/// </summary>
public class LandmarkStageFactsTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly InsightGiven given = new(app);

    private async Task<KeptFacts?> Row(string company)
    {
        using var db = app.OpenDatabase();
        return await db.QuerySingleOrDefaultAsync<KeptFacts>($"SELECT {KeptFacts.Columns} FROM landmark_stage_facts WHERE company_id = @id", new { id = company });
    }

    private async Task<List<KeptFactsOf>> All()
    {
        using var db = app.OpenDatabase();
        return (await db.QueryAsync<KeptFactsOf>($"SELECT company_id AS id, {KeptFacts.Columns} FROM landmark_stage_facts ORDER BY company_id")).ToList();
    }

    private async Task<DateOnly?> KeptOn()
    {
        using var db = app.OpenDatabase();
        return (await db.QuerySingleAsync<LandmarkStageFacts.Landmark>(LandmarkStageFacts.Sql.KeptOn)).KeptOn;
    }

    [Fact]
    public async Task A_record_dated_on_or_before_the_kept_day_changes_its_companys_facts_there()
    {
        var (cs, _) = await given.Scenario.Member("cs");
        var (cc, _) = await given.Scenario.Member("cc");
        var landmark = StageRetention.LandmarkOf(DateOnly.FromDateTime(DateTime.UtcNow));
        DateOnly Before(int days) => landmark.AddDays(-days);
        string Day(int fromLandmark) => InsightGiven.Day(landmark.AddDays(fromLandmark));

        var company = await given.Company(cs, Day(-300), "株式会社基準日");
        var first = await given.Running(company, cs, cc, Day(-200));
        var quiet = await given.Company(cs, Day(-100), "株式会社基準日二");
        await given.Admin.GetOk("/api/insights/stage-agreement");
        Assert.Equal(landmark, await KeptOn());
        Assert.Equal(new KeptFacts(Before(200), 1, 1, null, null), await Row(company));
        Assert.Null(await Row(quiet));

        // Entered late, dated before the landmark.
        await given.FollowUp(first, Day(-100), 2);
        Assert.Equal(new KeptFacts(Before(200), 1, 1, 2, null), await Row(company));
        var second = await given.Running(company, cs, cc, Day(-50), "designer");
        Assert.Equal(new KeptFacts(Before(200), 2, 2, 2, null), await Row(company));
        await given.End(first, Day(-20), "skill_mismatch");
        Assert.Equal(new KeptFacts(Before(200), 1, 2, 2, Before(20)), await Row(company));

        // Dated after the landmark: nothing changes there.
        await given.FollowUp(second, Day(10), 5);
        await given.End(second, Day(30), "communication");
        Assert.Equal(new KeptFacts(Before(200), 1, 2, 2, Before(20)), await Row(company));

        // Dated on the landmark itself: a contract signed that day counts, its kickoff five days later does not.
        await given.Running(company, cs, cc, Day(5));
        Assert.Equal(new KeptFacts(Before(200), 1, 3, 2, Before(20)), await Row(company));
        // A company's first contract, entered late, gives it a row.
        await given.Running(quiet, cs, cc, Day(-10));
        Assert.Equal(new KeptFacts(Before(10), 1, 1, null, null), await Row(quiet));

        // Everything kept equals a build from the whole history.
        var kept = await All();
        using (var db = app.OpenDatabase())
            await db.ExecuteAsync(LandmarkStageFacts.Sql.Forget);
        await given.Admin.GetOk("/api/insights/stage-agreement");
        Assert.Equal(landmark, await KeptOn());
        Assert.Equal(kept, await All());
    }

    [Fact]
    public async Task A_read_during_which_the_facts_moved_to_another_day_is_made_again_on_the_asked_day()
    {
        var landmark = StageRetention.LandmarkOf(DateOnly.FromDateTime(DateTime.UtcNow));
        await using var db = new Db(app.Services.GetRequiredService<ConnectionFactory>());
        var reads = 0;
        var result = await LandmarkStageFacts.Read(db, landmark, async () =>
        {
            // Another instance moves them to the next day while the first read runs.
            if (++reads == 1)
            {
                using var other = app.OpenDatabase();
                await other.ExecuteAsync(LandmarkStageFacts.Sql.SetKeptOn, new { at = InsightGiven.Day(landmark.AddDays(1)) });
            }
            return reads;
        }, default);
        Assert.Equal(2, result);
        Assert.Equal(landmark, await KeptOn());
    }

    [Fact]
    public async Task They_are_moved_only_in_a_transaction_of_their_own()
    {
        await using var db = new Db(app.Services.GetRequiredService<ConnectionFactory>());
        await db.BeginAsync(default);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LandmarkStageFacts.KeepFor(db, StageRetention.LandmarkOf(DateOnly.FromDateTime(DateTime.UtcNow)), default));
    }
}

/// <summary>The app moves the landmark stage facts to today's landmark by itself when it starts, before anyone asks.</summary>
public class LandmarkStageFactsKeeperTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    [Fact]
    public async Task The_app_keeps_the_facts_for_todays_landmark_from_startup()
    {
        var landmark = StageRetention.LandmarkOf(DateOnly.FromDateTime(DateTime.UtcNow));
        DateOnly? kept = null;
        for (var waited = 0; waited < 100 && kept != landmark; waited++)
        {
            using var db = app.OpenDatabase();
            kept = (await db.QuerySingleAsync<LandmarkStageFacts.Landmark>(LandmarkStageFacts.Sql.KeptOn)).KeptOn;
            if (kept != landmark) await Task.Delay(100);
        }
        Assert.Equal(landmark, kept);
    }
}
