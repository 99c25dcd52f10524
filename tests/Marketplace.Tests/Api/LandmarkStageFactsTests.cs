using Dapper;
using Marketplace.Core.Data;
using Marketplace.Core.Facts;
using Marketplace.Core.Features.Insights;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Tests.Api;

/// <summary>
/// Stage agreement's retention landmark (today − 180 days) is a snapshot of every company's stage facts, owned by one job:
/// commands never touch it, a record entered late shows in it from the next build, and stage agreement says which day
/// and time the snapshot it read is from.
/// </summary>
public class LandmarkStageFactsTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly InsightGiven given = new(app);

    private async Task<KeptFacts?> Row(string company)
    {
        using var db = app.OpenDatabase();
        return await db.QuerySingleOrDefaultAsync<KeptFacts>($"SELECT {KeptFacts.Columns} FROM landmark_stage_facts WHERE company_id = @id", new { id = company });
    }

    private async Task<LandmarkStageFacts.Snapshot> Snapshot()
    {
        await using var db = new Db(app.Services.GetRequiredService<ConnectionFactory>());
        return await LandmarkStageFacts.Read(db, default);
    }

    private async Task Rebuild(DateOnly at)
    {
        await using var db = new Db(app.Services.GetRequiredService<ConnectionFactory>());
        Assert.True(await LandmarkStageFacts.Rebuild(db, at, DateTime.UtcNow, force: true, default));
    }

    [Fact]
    public async Task A_late_record_dated_before_the_landmark_shows_from_the_next_build_and_commands_leave_the_snapshot_alone()
    {
        var (cs, _) = await given.Scenario.Member("cs");
        var (cc, _) = await given.Scenario.Member("cc");
        var landmark = StageRetention.LandmarkOf(BusinessDay.Today);
        string Day(int fromLandmark) => InsightGiven.Day(landmark.AddDays(fromLandmark));

        var company = await given.Company(cs, Day(-300), "株式会社基準日");
        var first = await given.Running(company, cs, cc, Day(-200));
        await Rebuild(landmark);
        var built = await Snapshot();
        Assert.Equal(landmark, built.KeptOn);
        Assert.Equal(new KeptFacts(landmark.AddDays(-200), 1, 1, null, null), await Row(company));

        var agreement = await given.Admin.GetOk("/api/insights/stage-agreement");
        Assert.Equal(InsightGiven.Day(landmark), agreement["landmarkAsOf"]!.GetValue<string>());
        Assert.Equal(built.BuiltAt!.Value, agreement["landmarkBuiltAt"]!.GetValue<DateTime>().ToUniversalTime(), TimeSpan.FromMilliseconds(1));

        // Entered late, dated before the landmark: the commands do not touch the snapshot.
        await given.FollowUp(first, Day(-100), 2);
        await given.End(first, Day(-20), "skill_mismatch");
        Assert.Equal(new KeptFacts(landmark.AddDays(-200), 1, 1, null, null), await Row(company));
        Assert.Equal(built, await Snapshot());

        // The next build has them.
        await Rebuild(landmark);
        Assert.Equal(new KeptFacts(landmark.AddDays(-200), 0, 1, 2, landmark.AddDays(-20)), await Row(company));
        Assert.True((await Snapshot()).BuiltAt > built.BuiltAt);
    }

    [Fact]
    public async Task A_build_runs_in_a_transaction_of_its_own_and_is_skipped_when_the_day_is_already_built()
    {
        var landmark = StageRetention.LandmarkOf(BusinessDay.Today);
        await using var db = new Db(app.Services.GetRequiredService<ConnectionFactory>());
        await Rebuild(landmark);
        Assert.False(await LandmarkStageFacts.Rebuild(db, landmark, DateTime.UtcNow, force: false, default));
        await db.BeginAsync(default);
        await Assert.ThrowsAsync<InvalidOperationException>(() => LandmarkStageFacts.Rebuild(db, landmark, DateTime.UtcNow, force: true, default));
    }
}

/// <summary>The app builds the snapshot for today's landmark by itself when it starts, before anyone asks.</summary>
public class DailyJobsTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    [Fact]
    public async Task The_app_builds_the_snapshot_for_todays_landmark_from_startup()
    {
        _ = app.Services;
        var landmark = StageRetention.LandmarkOf(BusinessDay.Today);
        LandmarkStageFacts.Snapshot? kept = null;
        for (var waited = 0; waited < 100 && kept?.KeptOn != landmark; waited++)
        {
            await using var db = new Db(app.Services.GetRequiredService<ConnectionFactory>());
            kept = await LandmarkStageFacts.Read(db, default);
            if (kept.KeptOn != landmark) await Task.Delay(100);
        }
        Assert.Equal(landmark, kept!.KeptOn);
        Assert.NotNull(kept.BuiltAt);
    }
}
