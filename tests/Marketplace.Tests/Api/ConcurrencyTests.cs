using System.Net;
using Dapper;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Api;

/// <summary>Several clients changing the same records at once on one SQLite file: conflicts, never corruption.</summary>
public class ConcurrencyTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly Scenario given = new(app);

    [Fact]
    public async Task Concurrent_status_changes_are_each_applied_once_or_refused_cleanly()
    {
        var (cc, _) = await given.Member("cc");
        var workers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var id = await given.Worker(cc);
            foreach (var status in new[] { "screening", "available" })
                await given.Admin.PostOk($"/api/workers/{id}/status", new { status });
            workers.Add(id);
        }

        // available ⇄ proposed: each client flips a shared worker to the opposite of what it last saw.
        const int clients = 8, requestsEach = 30;
        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var client = app.Admin();
            for (var r = 0; r < requestsEach; r++)
            {
                var worker = workers[(c + r) % workers.Count];
                var target = (c + r) % 2 == 0 ? "proposed" : "available";
                var response = await client.Post($"/api/workers/{worker}/status", new { status = target });
                statuses.Add(response.StatusCode);
            }
        })));

        Assert.DoesNotContain(statuses, s => (int)s >= 500);
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var accepted = statuses.Count(s => s == HttpStatusCode.OK);
        Assert.True(accepted > 0);

        using var db = app.OpenDatabase();
        var ids = workers.ToArray();
        // Each worker had registered, screening and available before the race: 3 history rows and 2 audited moves.
        var history = db.ExecuteScalar<long>("SELECT COUNT(*) FROM worker_status_history WHERE worker_id IN @ids", new { ids });
        Assert.Equal(accepted + 3 * workers.Count, history);
        var audited = db.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'worker' AND action = 'status_change' AND entity_id IN @ids", new { ids });
        Assert.Equal(accepted + 2 * workers.Count, audited);
        // The history of each worker is an unbroken chain: every move starts where the previous one ended.
        foreach (var id in workers)
        {
            var chain = db.Query<(string? From, string To)>("SELECT from_status, to_status FROM worker_status_history WHERE worker_id = @id ORDER BY id", new { id }).ToList();
            for (var i = 1; i < chain.Count; i++) Assert.Equal(chain[i - 1].To, chain[i].From);
            Assert.Equal(chain[^1].To, db.ExecuteScalar<string>("SELECT status FROM workers WHERE id = @id", new { id }));
        }
    }
}
