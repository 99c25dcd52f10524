using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Marketplace.Core.Data;

/// <summary>
/// Failures of the storage rather than of the request: the database is read-only, full or cannot reach its
/// files. Nothing was written; the same request can succeed once the operator has fixed the storage.
/// </summary>
public static class StorageFault
{
    // SQLITE_IOERR, SQLITE_READONLY, SQLITE_FULL, SQLITE_CANTOPEN.
    private static readonly HashSet<int> SqliteCodes = [10, 8, 13, 14];
    // Filegroup full, log full, no room for a page, database read-only, filegroup read-only.
    private static readonly HashSet<int> SqlServerNumbers = [1105, 9002, 1101, 3906, 3908];

    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is SqliteException sqlite && SqliteCodes.Contains(sqlite.SqliteErrorCode)
                || e is SqlException sql && SqlServerNumbers.Contains(sql.Number))
                return true;
        return false;
    }
}
