using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Marketplace.Core.Data;

public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString);

/// <summary>The one place connections are made. SQLite connections get foreign keys and a busy timeout
/// (<see cref="SqliteDialect.Opened"/>).</summary>
public sealed class ConnectionFactory
{
    public ConnectionFactory(DatabaseOptions options)
    {
        TypeHandlers.Register();
        Dialect = SqlDialect.For(options.Provider);
        ConnectionString = options.Provider == DatabaseProvider.Sqlite
            ? PrepareSqlite(options.ConnectionString)
            : options.ConnectionString;
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            Writers = new SemaphoreSlim(1, 1);
            writableSqlite = new SqliteConnectionStringBuilder(ConnectionString).Mode != SqliteOpenMode.ReadOnly;
        }
    }

    private readonly bool writableSqlite;

    public SqlDialect Dialect { get; }
    public string ConnectionString { get; }

    /// <summary>
    /// SQLite takes one writer at a time. Writers of this process queue here, in arrival order, before they
    /// ask SQLite for the write lock, instead of colliding and sleeping in SQLite's busy handler (which wakes
    /// up at growing intervals and lets later arrivals overtake). Other processes still meet the busy timeout.
    /// Null on SQL Server, which locks rows, not the database.
    /// </summary>
    public SemaphoreSlim? Writers { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = Dialect.CreateConnection(ConnectionString);
        await connection.OpenAsync(ct);
        ReopenIfStuckReadOnly(connection);
        Dialect.Opened(connection);
        return connection;
    }

    public DbConnection Open()
    {
        var connection = Dialect.CreateConnection(ConnectionString);
        connection.Open();
        ReopenIfStuckReadOnly(connection);
        Dialect.Opened(connection);
        return connection;
    }

    /// <summary>
    /// SQLite opens a file it cannot write read-only, and a pooled connection stays so after the file can be
    /// written again: such a connection leaves the pool and is opened afresh, so the app recovers from a
    /// read-only disk without a restart (writes meanwhile are refused as storage faults).
    /// </summary>
    private void ReopenIfStuckReadOnly(DbConnection connection)
    {
        if (!writableSqlite || connection is not SqliteConnection { Handle: { } handle } sqlite
            || SQLitePCL.raw.sqlite3_db_readonly(handle, "main") != 1) return;
        SqliteConnection.ClearPool(sqlite);
        sqlite.Close();
        sqlite.Open();
    }

    private static string PrepareSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            ForeignKeys = true,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY until the command timeout, as SQLite's own busy
            // handler does (SqliteDialect.Opened); both give up after the same 30 s.
            DefaultTimeout = SqliteDialect.BusyTimeoutMs / 1000,
        };
        if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:")
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        }
        return builder.ToString();
    }
}
