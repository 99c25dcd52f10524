using System.Data;
using System.Data.Common;
using Dapper;

namespace Marketplace.Core.Data;

/// <summary>
/// The connection (and, for commands, the transaction) of one request. Every statement goes through here
/// so it is rendered for the dialect and enlisted in the open transaction.
/// </summary>
public sealed class Db(ConnectionFactory factory) : IAsyncDisposable
{
    private DbConnection? connection;
    private DbTransaction? transaction;
    private SemaphoreSlim? writerTurn;
    private readonly List<string> written = [];

    public SqlDialect Dialect => factory.Dialect;
    public bool InTransaction => transaction is not null;

    /// <summary>
    /// Moves on when a transaction begins and when one is rolled back to a savepoint: a read kept for the transaction
    /// (<see cref="Shared.ReasonCatalogCache"/>) holds only while it stays the same.
    /// </summary>
    public long Generation { get; private set; }

    /// <summary>The statements executed in the open transaction, for the transaction behavior's check of what a command wrote.</summary>
    public IReadOnlyList<string> Written => written;

    public async Task<DbConnection> ConnectionAsync(CancellationToken ct = default) =>
        connection ??= await factory.OpenAsync(ct);

    /// <summary>The command asked for its work to be rolled back when it returns (a dry run): the transaction behavior does so.</summary>
    public bool Discarding { get; private set; }

    /// <summary>Rolls the open transaction back at the command's end instead of committing it, though the command succeeds.</summary>
    public void DiscardAtEnd()
    {
        if (transaction is null) throw new InvalidOperationException("No transaction is open.");
        Discarding = true;
    }

    /// <summary>A savepoint in the open transaction: a step that can be undone alone (one row of an import).</summary>
    public Task SaveAsync(string name, CancellationToken ct) =>
        (transaction ?? throw new InvalidOperationException("No transaction is open.")).SaveAsync(name, ct);

    public Task RollbackToAsync(string name, CancellationToken ct)
    {
        Generation++;
        return (transaction ?? throw new InvalidOperationException("No transaction is open.")).RollbackAsync(name, ct);
    }

    public Task ReleaseAsync(string name, CancellationToken ct) =>
        (transaction ?? throw new InvalidOperationException("No transaction is open.")).ReleaseAsync(name, ct);

    public async Task BeginAsync(CancellationToken ct)
    {
        if (transaction is not null) throw new InvalidOperationException("A transaction is already open.");
        written.Clear();
        Discarding = false;
        Generation++;
        var conn = await ConnectionAsync(ct);
        if (factory.Writers is { } writers)
        {
            if (!await writers.WaitAsync(TimeSpan.FromMilliseconds(SqliteDialect.BusyTimeoutMs), ct))
                throw new Pipeline.ServiceUnavailableException("The database is busy. Try again in a moment.");
            writerTurn = writers;
        }
        try
        {
            // Serializable on SQLite is BEGIN IMMEDIATE: the write lock is taken up front, so two writers never
            // deadlock upgrading from a read. On SQL Server, read committed plus the version checks in UPDATEs.
            transaction = await conn.BeginTransactionAsync(
                Dialect.Provider == DatabaseProvider.Sqlite ? IsolationLevel.Serializable : IsolationLevel.ReadCommitted, ct);
        }
        catch
        {
            EndWriterTurn();
            throw;
        }
    }

    private void EndWriterTurn()
    {
        writerTurn?.Release();
        writerTurn = null;
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        if (transaction is null) return;
        await transaction.CommitAsync(ct);
        await transaction.DisposeAsync();
        transaction = null;
        EndWriterTurn();
    }

    public async Task RollbackAsync()
    {
        if (transaction is null) return;
        try { await transaction.RollbackAsync(CancellationToken.None); }
        finally { await transaction.DisposeAsync(); transaction = null; EndWriterTurn(); }
    }

    private async Task<CommandDefinition> Command(string sql, object? param, CancellationToken ct)
    {
        await ConnectionAsync(ct);
        var rendered = Dialect.Render(sql);
        return new CommandDefinition(rendered, Many(rendered, param) ? Named.As(param) : param, transaction, cancellationToken: ct);
    }

    // Batches and list parameters are where the lookups add up; a single statement with a few parameters costs less on
    // Dapper's own path than wrapped.
    private static bool Many(string sql, object? param) =>
        param is SqlMapper.IDynamicParameters || sql.Contains(';', StringComparison.Ordinal) || sql.Contains("IN @", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Dapper names parameters without their '@', and Microsoft.Data.Sqlite then looks each one up in every statement
    /// under every prefix it could have (four lookups, each a scan of the statement's names and a string of its own):
    /// the cost of a batch grows with its statements times its parameters, and of an IN list with its square. Named
    /// as the SQL writes them, each is one lookup. A list of argument objects (one execution each) is passed on as is.
    /// </summary>
    private sealed class Named(SqlMapper.IDynamicParameters inner) : SqlMapper.IDynamicParameters
    {
        public static object? As(object? param) => param switch
        {
            null or Named => param,
            SqlMapper.IDynamicParameters dynamic => new Named(dynamic),
            System.Collections.IEnumerable and not System.Collections.Generic.IEnumerable<KeyValuePair<string, object?>> => param,
            _ => new Named(new DynamicParameters(param)),
        };

        public void AddParameters(IDbCommand command, SqlMapper.Identity identity)
        {
            inner.AddParameters(command, identity);
            foreach (IDataParameter p in command.Parameters)
                if (p.ParameterName is [not ('@' or '$' or ':'), ..]) p.ParameterName = "@" + p.ParameterName;
        }
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? param = null, CancellationToken ct = default)
    {
        var def = await Command(sql, param, ct);
        return (await connection!.QueryAsync<T>(def)).AsList();
    }

    /// <summary>
    /// Reads the rows one at a time and hands each on without keeping them: for a large read folded into something
    /// smaller as it comes, so a request at scale does not hold (and the collector copy) every row at once.
    /// </summary>
    public async Task ReadEachAsync<T>(string sql, object? param, Action<T> each, CancellationToken ct = default)
    {
        var def = await Command(sql, param, ct);
        // Dapper's unbuffered QueryAsync disposes its command before the rows are read, and Microsoft.Data.Sqlite closes a
        // command's reader with it; the async stream keeps both open until the last row.
        await foreach (var row in connection!.QueryUnbufferedAsync<T>(def.CommandText, def.Parameters, (System.Data.Common.DbTransaction?)def.Transaction).WithCancellation(ct))
            each(row);
    }

    public async Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? param = null, CancellationToken ct = default)
    {
        var def = await Command(sql, param, ct);
        return await connection!.QuerySingleOrDefaultAsync<T>(def);
    }

    public async Task<T> ExecuteScalarAsync<T>(string sql, object? param = null, CancellationToken ct = default)
    {
        var def = await Command(sql, param, ct);
        return (await connection!.ExecuteScalarAsync<T>(def))!;
    }

    public async Task<int> ExecuteAsync(string sql, object? param = null, CancellationToken ct = default)
    {
        var def = await Command(sql, param, ct);
        if (transaction is not null) written.Add(sql);
        return await connection!.ExecuteAsync(def);
    }

    /// <summary>
    /// Runs an independent read on a connection of its own, on another thread, while this one goes on: for a
    /// request whose reads do not depend on each other and each scan much of the database. Reads only — the
    /// other connection is outside this one's transaction.
    /// </summary>
    public Task<T> Alongside<T>(Func<Db, Task<T>> read, CancellationToken ct) => Task.Run(async () =>
    {
        await using var own = new Db(factory);
        return await read(own);
    }, ct);

    public async ValueTask DisposeAsync()
    {
        await RollbackAsync();
        if (connection is not null) await connection.DisposeAsync();
        connection = null;
    }
}
