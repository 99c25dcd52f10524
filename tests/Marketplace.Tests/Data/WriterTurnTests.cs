using Dapper;
using Marketplace.Core.Data;

namespace Marketplace.Tests.Data;

/// <summary>Writers of one process queue for SQLite's single write lock in the connection factory, not in SQLite.</summary>
public class WriterTurnTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "marketplace-tests", Guid.NewGuid().ToString("N"));
    private readonly ConnectionFactory factory;

    public WriterTurnTests()
    {
        Directory.CreateDirectory(directory);
        factory = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(directory, "w.db")}"));
        using var connection = factory.Open();
        connection.Execute("PRAGMA journal_mode = WAL; CREATE TABLE t (n INTEGER NOT NULL)");
    }

    [Fact]
    public async Task A_second_writer_waits_for_its_turn_and_can_give_up_waiting()
    {
        await using var first = new Db(factory);
        await first.BeginAsync(CancellationToken.None);
        await first.ExecuteAsync("INSERT INTO t (n) VALUES (1)");

        // Queued in the process, the wait is cancellable; inside SQLite's busy handler it would not be.
        await using var second = new Db(factory);
        using var patience = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.BeginAsync(patience.Token));
        Assert.False(second.InTransaction);

        var third = new Db(factory);
        var waiting = third.BeginAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        await first.CommitAsync(CancellationToken.None);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        await third.ExecuteAsync("INSERT INTO t (n) VALUES (3)");
        await third.CommitAsync(CancellationToken.None);
        await third.DisposeAsync();

        await using var reader = new Db(factory);
        Assert.Equal([1L, 3L], await reader.QueryAsync<long>("SELECT n FROM t ORDER BY n"));
    }

    [Fact]
    public async Task A_writer_that_rolls_back_or_is_disposed_mid_transaction_hands_the_turn_on()
    {
        var rolledBack = new Db(factory);
        await rolledBack.BeginAsync(CancellationToken.None);
        await rolledBack.ExecuteAsync("INSERT INTO t (n) VALUES (1)");
        await rolledBack.RollbackAsync();

        var abandoned = new Db(factory);
        await abandoned.BeginAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await abandoned.ExecuteAsync("INSERT INTO t (n) VALUES (2)");
        await abandoned.DisposeAsync();
        await rolledBack.DisposeAsync();

        await using var next = new Db(factory);
        await next.BeginAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await next.ExecuteAsync("INSERT INTO t (n) VALUES (3)");
        await next.CommitAsync(CancellationToken.None);
        Assert.Equal([3L], await next.QueryAsync<long>("SELECT n FROM t"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }
}
