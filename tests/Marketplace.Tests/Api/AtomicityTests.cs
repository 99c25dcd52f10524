using Dapper;
using Marketplace.Core.Data;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Api;

/// <summary>
/// A multi-step change is stored whole or not at all: a failure injected into a later statement (a trigger
/// that refuses the insert) must leave no trace of the earlier ones.
/// </summary>
public class AtomicityTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly Scenario given = new(app);

    private IDisposable FailInsertsInto(string table)
    {
        using (var db = app.OpenDatabase())
            db.Execute(app.Provider == DatabaseProvider.Sqlite
                ? $"CREATE TRIGGER inject_failure BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
                : $"CREATE TRIGGER inject_failure ON {table} AFTER INSERT AS THROW 51000, 'injected failure', 1;");
        return new Cleanup(() =>
        {
            using var db = app.OpenDatabase();
            db.Execute("DROP TRIGGER inject_failure");
        });
    }

    private sealed class Cleanup(Action action) : IDisposable
    {
        public void Dispose() => action();
    }

    [Fact]
    public async Task Ending_an_engagement_keeps_nothing_when_recording_its_churn_fails()
    {
        var (_, worker, engagement, _, _) = await given.ActiveEngagement();
        var before = given.Snapshot();
        using (FailInsertsInto("engagement_churns"))
        {
            var response = await given.Admin.Post($"/api/engagements/{engagement}/end", new { endedOn = "2026-05-01", initiatedBy = "company", reasons = new[] { "skill_mismatch" } });
            Assert.False(response.IsSuccessStatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(before, given.Snapshot());
        Assert.Equal("active", (await given.Admin.GetOk($"/api/engagements/{engagement}"))["status"]!.GetValue<string>());
        Assert.Equal("active", (await given.Admin.GetOk($"/api/workers/{worker}"))["status"]!.GetValue<string>());

        // With the fault gone the same request goes through.
        await given.Admin.PostCreated($"/api/engagements/{engagement}/end", new { endedOn = "2026-05-01", initiatedBy = "company", reasons = new[] { "skill_mismatch" } });
        Assert.Equal("available", (await given.Admin.GetOk($"/api/workers/{worker}"))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_company_churn_that_fails_halfway_leaves_company_engagements_and_workers_as_they_were()
    {
        var (company, worker, _, _, _) = await given.ActiveEngagement();
        var before = given.Snapshot();
        // The company row, the company churn and the engagement's end are written before this insert.
        using (FailInsertsInto("engagement_churn_reasons"))
        {
            var response = await given.Admin.Post($"/api/companies/{company}/churn", new { churnedOn = "2026-06-30", reasons = new[] { "budget" }, endActiveEngagements = true });
            Assert.False(response.IsSuccessStatusCode);
        }
        Assert.Equal(before, given.Snapshot());
        Assert.Equal("active", (await given.Admin.GetOk($"/api/companies/{company}"))["status"]!.GetValue<string>());
        Assert.Equal("active", (await given.Admin.GetOk($"/api/workers/{worker}"))["status"]!.GetValue<string>());
    }
}
