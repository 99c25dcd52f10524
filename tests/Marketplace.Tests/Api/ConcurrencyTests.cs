using System.Collections.Concurrent;
using System.Net;
using Dapper;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Tests.Infrastructure;
using Marketplace.Web.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Marketplace.Tests.Api;

/// <summary>
/// A bounded load on one SQLite file through the real pipeline (in-process, no network): several clients
/// changing the same records at once get conflicts, never corruption, and an online backup taken meanwhile
/// is a consistent database.
/// </summary>
public class ConcurrencyTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private const int Clients = 8, RequestsEach = 500;
    private readonly Scenario given = new(app);

    private sealed record Outcome(string Kind, string Target, HttpStatusCode Status);

    [Fact]
    public async Task Eight_clients_making_500_changes_each_conflict_cleanly_and_a_backup_taken_meanwhile_is_intact()
    {
        var (cc, _) = await given.Member("cc");
        var workers = new List<string>();
        for (var i = 0; i < 4; i++) workers.Add(await given.AvailableWorker(cc));
        var engagements = new List<string>();
        for (var i = 0; i < 2; i++) engagements.Add((await given.ActiveEngagement()).Engagement);

        var outcomes = new ConcurrentBag<Outcome>();
        var halfway = new TaskCompletionSource();
        var sent = 0;
        var load = Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            var client = app.Admin();
            for (var r = 0; r < RequestsEach; r++)
            {
                if (Interlocked.Increment(ref sent) == Clients * RequestsEach / 2) halfway.TrySetResult();
                if (r % 2 == 0)
                {
                    // available ⇄ paused on a shared worker: whoever moves second from the same state gets 409.
                    var worker = workers[(c + r / 2) % workers.Count];
                    var status = (c + r / 2) % 2 == 0 ? "paused" : "available";
                    var response = await client.Post($"/api/workers/{worker}/status", new { status, note = $"client {c} request {r}" });
                    outcomes.Add(new Outcome("worker", worker, response.StatusCode));
                }
                else
                {
                    var engagement = engagements[(c + r) % engagements.Count];
                    var key = KickoffChecklist.Keys[(c + r) % KickoffChecklist.Keys.Count];
                    var response = await client.Put($"/api/engagements/{engagement}/kickoff/checklist", new { items = new[] { new { key, done = r % 4 == 1 } } });
                    outcomes.Add(new Outcome("checklist", engagement, response.StatusCode));
                }
            }
        })));

        string? backup = null;
        if (app.Provider == DatabaseProvider.Sqlite)
        {
            await halfway.Task.WaitAsync(TimeSpan.FromMinutes(5));
            backup = Path.Combine(app.DataDirectory, "backup-during-load.db");
            Assert.Equal(0, await Commands.Backup(app.Services, backup));
        }
        await load;

        Assert.Equal(Clients * RequestsEach, outcomes.Count);
        var unexpected = outcomes.Where(o => o.Status != HttpStatusCode.OK && !(o.Kind == "worker" && o.Status == HttpStatusCode.Conflict)).ToList();
        Assert.True(unexpected.Count == 0, string.Join(", ", unexpected.Take(10)));
        var acceptedMoves = outcomes.Count(o => o is { Kind: "worker", Status: HttpStatusCode.OK });
        Assert.InRange(acceptedMoves, 1, Clients * RequestsEach / 2);

        using var db = app.OpenDatabase();
        var ids = workers.ToArray();
        // Before the load each worker had registered, screening and available (3 history rows, 2 audited moves).
        Assert.Equal(acceptedMoves + 3 * workers.Count,
            db.ExecuteScalar<long>("SELECT COUNT(*) FROM worker_status_history WHERE worker_id IN @ids", new { ids }));
        Assert.Equal(acceptedMoves + 2 * workers.Count,
            db.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'worker' AND action = 'status_change' AND entity_id IN @ids", new { ids }));
        // Every accepted move appears once: no two history rows carry the same request's note.
        Assert.Equal(0, db.ExecuteScalar<long>("""
            SELECT COUNT(*) FROM (SELECT note FROM worker_status_history WHERE worker_id IN @ids AND note LIKE 'client %'
                                  GROUP BY note HAVING COUNT(*) > 1) d
            """, new { ids }));
        // The history of each worker is an unbroken chain ending at its current status.
        foreach (var id in workers)
        {
            var chain = db.Query<(string? From, string To)>("SELECT from_status, to_status FROM worker_status_history WHERE worker_id = @id ORDER BY id", new { id }).ToList();
            for (var i = 1; i < chain.Count; i++) Assert.Equal(chain[i - 1].To, chain[i].From);
            Assert.Equal(chain[^1].To, db.ExecuteScalar<string>("SELECT status FROM workers WHERE id = @id", new { id }));
        }
        // Each accepted checklist change is audited exactly once.
        var checklistUpdates = outcomes.Count(o => o is { Kind: "checklist", Status: HttpStatusCode.OK });
        Assert.Equal(checklistUpdates, db.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'engagement' AND action = 'update' AND summary LIKE 'checklist:%' AND entity_id IN @ids",
            new { ids = engagements.ToArray() }));

        if (backup is not null)
        {
            using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = backup, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            copy.Open();
            Assert.Equal("ok", copy.ExecuteScalar<string>("PRAGMA integrity_check"));
            Assert.Equal("ok", copy.ExecuteScalar<string>("PRAGMA foreign_key_check") ?? "ok");
            var copiedHistory = copy.ExecuteScalar<long>("SELECT COUNT(*) FROM worker_status_history WHERE worker_id IN @ids", new { ids });
            Assert.InRange(copiedHistory, 3 * workers.Count, acceptedMoves + 3 * workers.Count);
            // The copy is a moment of the database: its audit log and history agree with each other.
            Assert.Equal(copiedHistory - workers.Count,
                copy.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'worker' AND action = 'status_change' AND entity_id IN @ids", new { ids }));
        }
    }
}
