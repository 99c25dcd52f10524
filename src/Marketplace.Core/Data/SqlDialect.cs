using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Marketplace.Core.Data;

public enum DatabaseProvider { Sqlite, SqlServer }

/// <summary>
/// The few constructs that differ between SQLite and T-SQL. Statements elsewhere are written once in the
/// common subset and use the placeholders below, which <see cref="Render"/> fills in.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>Placeholder for paging; needs an ORDER BY before it and @skip/@take parameters.</summary>
    public const string Paging = "/*paging*/";

    /// <summary>
    /// Placeholder for whole days from one date to another: write <c>/*days*/(a, b)</c> with a and b plain
    /// column names or parameters; it renders as DATEDIFF on SQL Server and julianday arithmetic on SQLite.
    /// </summary>
    public const string Days = "/*days*/";

    private static readonly Regex DaysCall = new(@"/\*days\*/\(\s*([@\w.]+)\s*,\s*([@\w.]+)\s*\)", RegexOptions.Compiled);

    public abstract DatabaseProvider Provider { get; }
    protected abstract string PagingClause { get; }
    protected abstract string DaysBetween(string from, string to);

    /// <summary>Insert a kickoff checklist item or update its ticked state.</summary>
    public abstract string UpsertChecklistItem { get; }

    /// <summary>
    /// Takes the company row (@companyId) for the rest of the transaction, before the command writes anything else: the
    /// commands that record a company's stage facts then write company-first, one at a time per company. Also reads the
    /// day the landmark stage facts are kept for and holds it shared to the end of the transaction, so that they cannot
    /// be moved to another day between this read and the command's commit.
    /// </summary>
    public abstract string LockCompany { get; }

    /// <summary>
    /// Reads the day the landmark stage facts are kept for and takes it exclusively for the rest of the transaction, to
    /// move them: it waits for every command holding the day (<see cref="LockCompany"/>) to commit, and holds off new
    /// ones until the move commits, so a command and a move never run side by side.
    /// </summary>
    public abstract string LockStageLandmark { get; }

    /// <summary>
    /// Ids for an IN @list: Dapper binds list elements without type handlers, so SQLite needs the text form
    /// it stores while SQL Server takes uniqueidentifiers.
    /// </summary>
    public abstract IEnumerable<object> IdList(IEnumerable<Guid> ids);

    public string Render(string sql)
    {
        sql = sql.Replace(Paging, PagingClause, StringComparison.Ordinal);
        return sql.Contains(Days, StringComparison.Ordinal)
            ? DaysCall.Replace(sql, m => DaysBetween(m.Groups[1].Value, m.Groups[2].Value))
            : sql;
    }

    public abstract DbConnection CreateConnection(string connectionString);

    /// <summary>Per-connection settings the connection string cannot carry, applied right after opening.</summary>
    public virtual void Opened(DbConnection connection) { }

    public static SqlDialect For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => SqliteDialect.Instance,
        DatabaseProvider.SqlServer => SqlServerDialect.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };
}

public sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    protected override string PagingClause => "LIMIT @take OFFSET @skip";
    protected override string DaysBetween(string from, string to) => $"CAST(julianday({to}) - julianday({from}) AS INTEGER)";

    public override string UpsertChecklistItem => """
        INSERT INTO kickoff_checklist_items (engagement_id, item_key, done, updated_at)
        VALUES (@engagementId, @key, @done, @at)
        ON CONFLICT (engagement_id, item_key) DO UPDATE SET done = excluded.done, updated_at = excluded.updated_at
        """;

    // A write transaction holds the whole database from BEGIN IMMEDIATE on, so reading the row is enough.
    public override string LockCompany => "SELECT l.kept_on FROM companies c CROSS JOIN stage_landmark l WHERE c.id = @companyId";

    public override string LockStageLandmark => "SELECT kept_on FROM stage_landmark WHERE id = 1";

    public override IEnumerable<object> IdList(IEnumerable<Guid> ids) => ids.Select(id => id.ToString("D")).ToArray();

    public override DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    /// <summary>The busy timeout, in milliseconds, SQLite itself waits for a write lock.</summary>
    public const int BusyTimeoutMs = 30_000;

    /// <summary>
    /// SQLite's own busy handler waits for the write lock in steps of a few milliseconds. Without it,
    /// Microsoft.Data.Sqlite's managed retry sleeps 150 ms at every collision, which under concurrent writes
    /// put a 150 ms floor under the p99 (docs/benchmarks.md, write API).
    /// </summary>
    public override void Opened(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMs}";
        command.ExecuteNonQuery();
    }
}

public sealed class SqlServerDialect : SqlDialect
{
    public static readonly SqlServerDialect Instance = new();
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;
    protected override string PagingClause => "OFFSET @skip ROWS FETCH NEXT @take ROWS ONLY";
    protected override string DaysBetween(string from, string to) => $"DATEDIFF(day, {from}, {to})";

    public override string UpsertChecklistItem => """
        MERGE kickoff_checklist_items WITH (HOLDLOCK) AS t
        USING (SELECT @engagementId AS engagement_id, @key AS item_key) AS s
          ON t.engagement_id = s.engagement_id AND t.item_key = s.item_key
        WHEN MATCHED THEN UPDATE SET done = @done, updated_at = @at
        WHEN NOT MATCHED THEN INSERT (engagement_id, item_key, done, updated_at) VALUES (@engagementId, @key, @done, @at);
        """;

    // An update lock held to the end of the transaction: at read committed, two commands on one company's engagements
    // (or one and a company churn) would otherwise lock an engagement and the company row in opposite orders and
    // deadlock, and the facts recomputed last could miss the other transaction's write. The landmark row is held shared,
    // so commands run side by side with each other but never with a move (LockStageLandmark).
    public override string LockCompany => """
        SELECT l.kept_on FROM companies c WITH (UPDLOCK, HOLDLOCK, ROWLOCK)
        CROSS JOIN stage_landmark l WITH (HOLDLOCK) WHERE c.id = @companyId
        """;

    // An update that changes nothing, for its exclusive lock: an update lock would be granted beside the commands' shared
    // ones, and a move computed while a command is still writing could miss that command's record.
    public override string LockStageLandmark => "UPDATE stage_landmark SET kept_on = kept_on OUTPUT deleted.kept_on WHERE id = 1";

    public override IEnumerable<object> IdList(IEnumerable<Guid> ids) => ids.Cast<object>().ToArray();

    public override DbConnection CreateConnection(string connectionString) => new SqlConnection(connectionString);
}
