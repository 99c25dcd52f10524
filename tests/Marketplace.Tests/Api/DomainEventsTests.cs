using Dapper;
using Marketplace.Core.Data;
using Marketplace.Core.Events;
using Marketplace.Core.Pipeline;
using Marketplace.Tests.Infrastructure;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Tests.Api;

/// <summary>
/// The transaction behavior publishes a command's events inside its transaction, and refuses a command that writes the
/// history the derived facts come from without saying what it recorded — whatever the command is.
/// </summary>
public class DomainEventsTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private sealed record Unsaid : ICommand<int>;

    private async Task<int> Run(Func<Db, DomainEvents, Task> write)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Db>();
        var events = scope.ServiceProvider.GetRequiredService<DomainEvents>();
        var behavior = new TransactionBehavior<Unsaid, int>(db, events, scope.ServiceProvider.GetRequiredService<IMediator>());
        return await behavior.Handle(new Unsaid(), default, async () => { await write(db, events); return 1; });
    }

    [Fact]
    public async Task A_command_that_writes_the_history_without_an_event_is_refused_and_rolled_back()
    {
        var given = new InsightGiven(app);
        var (cs, _) = await given.Scenario.Member("cs");
        var (cc, _) = await given.Scenario.Member("cc");
        var company = await given.Company(cs, "2025-01-01", "株式会社無言");
        var engagement = await given.Running(company, cs, cc, "2025-02-01");
        const string silentEnd = "UPDATE engagements SET status = 'ended' WHERE id = @id";

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Run((db, _) => db.ExecuteAsync(silentEnd, new { id = engagement })));
        Assert.Contains("without raising an event", refused.Message);
        using (var connection = app.OpenDatabase())
            Assert.Equal("active", await connection.ExecuteScalarAsync<string>("SELECT status FROM engagements WHERE id = @id", new { id = engagement }));

        // Said, the same write goes through and the company's kept facts follow it before the commit.
        Assert.Equal(1, await Run(async (db, events) =>
        {
            await db.ExecuteAsync(silentEnd, new { id = engagement });
            events.Raise(new EngagementDeclined(Guid.Parse(company), Guid.Parse(engagement)));
        }));
        using (var connection = app.OpenDatabase())
            Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT active_engagements FROM companies WHERE id = @id", new { id = company }));
    }

    [Fact]
    public async Task A_command_that_changed_more_records_than_a_statement_takes_parameters_still_has_its_facts_kept()
    {
        // More ids than SQLite (32,766) or SQL Server (2,100) bind in one statement, as a large import names.
        var ids = Enumerable.Range(0, 33_000).Select(_ => Guid.NewGuid()).ToList();
        await using var scope = app.Services.CreateAsyncScope();
        var facts = new Marketplace.Core.Facts.DerivedFacts(scope.ServiceProvider.GetRequiredService<Db>());
        await facts.Handle(new RecordsChanged(ids, ids, ids, ids, ids, ids), default);
    }
}
