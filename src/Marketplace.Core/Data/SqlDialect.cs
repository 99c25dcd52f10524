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

    /// <summary>
    /// Placeholder for whole calendar months from one date to another (<see cref="Domain.Tenure.Months"/>): write
    /// <c>/*months*/(a, b)</c> with a and b plain column names or parameters, a on or before b. m months have passed
    /// when b is on or after a's day of the month m months on (that month's last day when it is shorter).
    /// </summary>
    public const string Months = "/*months*/";

    private static readonly Regex MonthsCall = new(@"/\*months\*/\(\s*([@\w.]+)\s*,\s*([@\w.]+)\s*\)", RegexOptions.Compiled);

    /// <summary>
    /// Placeholder for the first day of a date's month: write <c>/*monthstart*/(a)</c> with a a plain column name or
    /// parameter; a date on both databases (yyyy-MM-01 text on SQLite).
    /// </summary>
    public const string MonthStart = "/*monthstart*/";

    private static readonly Regex MonthStartCall = new(@"/\*monthstart\*/\(\s*([@\w.]+)\s*\)", RegexOptions.Compiled);

    public abstract DatabaseProvider Provider { get; }
    protected abstract string PagingClause { get; }
    protected abstract string MonthStartOf(string date);
    protected abstract string DaysBetween(string from, string to);
    protected abstract string MonthsBetween(string from, string to);

    /// <summary>
    /// Placeholder after a table name in FROM: the row read is held against other writers to the end of the transaction.
    /// An update lock on SQL Server; nothing on SQLite, whose write transaction holds the whole database.
    /// </summary>
    public const string RowLock = "/*rowlock*/";

    protected abstract string RowLockHint { get; }

    /// <summary>
    /// Inserts a row or, when one with the same key exists, updates its other columns: each column is paired with the
    /// parameter that carries its value.
    /// </summary>
    public abstract string Upsert(string table, IReadOnlyList<(string Column, string Parameter)> key, IReadOnlyList<(string Column, string Parameter)> values);

    /// <summary>
    /// A statement that takes the named application lock exclusively for the rest of the transaction, or null where the
    /// write transaction itself is exclusive (SQLite).
    /// </summary>
    public abstract string? ExclusiveLock(string resource);

    /// <summary>
    /// Ids for an IN @list: Dapper binds list elements without type handlers, so SQLite needs the text form
    /// it stores while SQL Server takes uniqueidentifiers.
    /// </summary>
    public abstract IEnumerable<object> IdList(IEnumerable<Guid> ids);

    /// <summary>Days for an IN @list, for the same reason: the yyyy-MM-dd text SQLite stores, dates for SQL Server.</summary>
    public abstract IEnumerable<object> DayList(IEnumerable<DateOnly> days);

    /// <summary>Whether a statement failed on a unique key: another writer stored the same row first.</summary>
    public abstract bool IsUniqueViolation(Exception exception);

    public string Render(string sql)
    {
        if (!sql.Contains("/*", StringComparison.Ordinal)) return sql;
        sql = sql.Replace(Paging, PagingClause, StringComparison.Ordinal).Replace(RowLock, RowLockHint, StringComparison.Ordinal);
        if (sql.Contains(Months, StringComparison.Ordinal))
            sql = MonthsCall.Replace(sql, m => MonthsBetween(m.Groups[1].Value, m.Groups[2].Value));
        if (sql.Contains(MonthStart, StringComparison.Ordinal))
            sql = MonthStartCall.Replace(sql, m => MonthStartOf(m.Groups[1].Value));
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
    protected override string MonthStartOf(string date) => $"strftime('%Y-%m-01', {date})";

    // The months the calendar turned, less one when b's day of the month is before a's and b is not its month's last day.
    protected override string MonthsBetween(string from, string to) =>
        $"((CAST(strftime('%Y', {to}) AS INTEGER) - CAST(strftime('%Y', {from}) AS INTEGER)) * 12 + CAST(strftime('%m', {to}) AS INTEGER) - CAST(strftime('%m', {from}) AS INTEGER)" +
        $" - CASE WHEN strftime('%d', {to}) < strftime('%d', {from}) AND strftime('%d', {to}, '+1 day') <> '01' THEN 1 ELSE 0 END)";

    protected override string RowLockHint => "";

    public override string Upsert(string table, IReadOnlyList<(string Column, string Parameter)> key, IReadOnlyList<(string Column, string Parameter)> values) =>
        $"INSERT INTO {table} ({string.Join(", ", key.Concat(values).Select(c => c.Column))}) " +
        $"VALUES ({string.Join(", ", key.Concat(values).Select(c => c.Parameter))}) " +
        $"ON CONFLICT ({string.Join(", ", key.Select(c => c.Column))}) DO UPDATE SET {string.Join(", ", values.Select(c => $"{c.Column} = excluded.{c.Column}"))}";

    public override string? ExclusiveLock(string resource) => null;

    public override IEnumerable<object> IdList(IEnumerable<Guid> ids) => ids.Select(id => id.ToString("D")).ToArray();

    public override IEnumerable<object> DayList(IEnumerable<DateOnly> days) =>
        days.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY.
    public override bool IsUniqueViolation(Exception exception) => exception is SqliteException { SqliteExtendedErrorCode: 2067 or 1555 };

    public override DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    /// <summary>The busy timeout, in milliseconds, SQLite itself waits for a write lock.</summary>
    public const int BusyTimeoutMs = 30_000;

    /// <summary>
    /// SQLite's own busy handler waits for the write lock in steps of a few milliseconds. Without it,
    /// Microsoft.Data.Sqlite's managed retry sleeps at every collision, which puts a floor under the latency of
    /// concurrent writes. Temporary storage is kept in memory: a savepoint's undo record (an import keeps one per row)
    /// otherwise moves to a temporary file once it outgrows 64 KiB, which a row touching a dozen indexes does.
    /// </summary>
    public override void Opened(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA temp_store = MEMORY";
        command.ExecuteNonQuery();
    }
}

public sealed class SqlServerDialect : SqlDialect
{
    public static readonly SqlServerDialect Instance = new();
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;
    protected override string PagingClause => "OFFSET @skip ROWS FETCH NEXT @take ROWS ONLY";
    protected override string DaysBetween(string from, string to) => $"DATEDIFF(day, {from}, {to})";
    protected override string MonthStartOf(string date) => $"DATEFROMPARTS(YEAR({date}), MONTH({date}), 1)";

    // DATEDIFF(month) counts the month boundaries crossed; less one as on SQLite.
    protected override string MonthsBetween(string from, string to) =>
        $"(DATEDIFF(month, {from}, {to}) - CASE WHEN DAY({to}) < DAY({from}) AND DAY(DATEADD(day, 1, {to})) <> 1 THEN 1 ELSE 0 END)";

    protected override string RowLockHint => "WITH (UPDLOCK, HOLDLOCK, ROWLOCK)";

    public override string Upsert(string table, IReadOnlyList<(string Column, string Parameter)> key, IReadOnlyList<(string Column, string Parameter)> values) =>
        $"MERGE {table} WITH (HOLDLOCK) AS t USING (SELECT {string.Join(", ", key.Select(c => $"{c.Parameter} AS {c.Column}"))}) AS s " +
        $"ON {string.Join(" AND ", key.Select(c => $"t.{c.Column} = s.{c.Column}"))} " +
        $"WHEN MATCHED THEN UPDATE SET {string.Join(", ", values.Select(c => $"{c.Column} = {c.Parameter}"))} " +
        $"WHEN NOT MATCHED THEN INSERT ({string.Join(", ", key.Concat(values).Select(c => c.Column))}) " +
        $"VALUES ({string.Join(", ", key.Concat(values).Select(c => c.Parameter))});";

    // A lock not granted within the timeout (shorter than the command's 30 s) is an error, never work done without it.
    public override string? ExclusiveLock(string resource) => $"""
        DECLARE @granted INT;
        EXEC @granted = sp_getapplock @Resource = N'{resource}', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 20000;
        IF @granted < 0 THROW 51000, N'The application lock {resource} was not granted.', 1;
        """;

    public override IEnumerable<object> IdList(IEnumerable<Guid> ids) => ids.Cast<object>().ToArray();

    public override IEnumerable<object> DayList(IEnumerable<DateOnly> days) => days.Select(d => (object)d.ToDateTime(TimeOnly.MinValue)).ToArray();

    // 2601: duplicate key in a unique index; 2627: in a unique or primary key constraint.
    public override bool IsUniqueViolation(Exception exception) => exception is SqlException { Number: 2601 or 2627 };

    public override DbConnection CreateConnection(string connectionString) => new SqlConnection(connectionString);
}
