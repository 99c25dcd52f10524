using System.Data.Common;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;

namespace Marketplace.Core.Data;

public sealed record Migration(string Name, string Script)
{
    /// <summary>Line endings are normalised first so a checkout with CRLF does not look like an edit.</summary>
    public string Checksum => Convert.ToHexStringLower(
        SHA256.HashData(Encoding.UTF8.GetBytes(Script.Replace("\r\n", "\n").TrimStart('\uFEFF'))));

    /// <summary>T-SQL scripts may hold several batches separated by GO lines.</summary>
    public IEnumerable<string> Batches() =>
        Regex.Split(Script, @"^\s*GO\s*;?\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)
            .Where(b => !string.IsNullOrWhiteSpace(b));
}

public sealed class MigrationException(string message) : Exception(message);

/// <summary>
/// Applies the scripts of db/migrations/{provider} (embedded in this assembly) in name order, each in its
/// own transaction together with its journal row, and refuses to run when an applied script has changed.
/// </summary>
public sealed class MigrationRunner(ConnectionFactory factory)
{
    /// <summary>The application lock instances take turns under on SQL Server: to migrate, and to build shared snapshots.</summary>
    public const string LockResource = "marketplace_migrations";

    public static class Sql
    {
        public const string SqliteJournal = """
            CREATE TABLE IF NOT EXISTS schema_migrations (
              name TEXT NOT NULL PRIMARY KEY,
              checksum TEXT NOT NULL,
              applied_at TEXT NOT NULL)
            """;

        public const string SqlServerJournal = """
            IF OBJECT_ID(N'dbo.schema_migrations', N'U') IS NULL
              CREATE TABLE dbo.schema_migrations (
                name NVARCHAR(200) NOT NULL PRIMARY KEY,
                checksum CHAR(64) NOT NULL,
                applied_at DATETIME2 NOT NULL)
            """;

        /// <summary>Several web instances starting at once take turns at migrating.</summary>
        public const string SqlServerLock =
            $"EXEC sp_getapplock @Resource = N'{LockResource}', @LockMode = N'Exclusive', @LockOwner = N'Session', @LockTimeout = 60000";

        public const string Applied = "SELECT name AS Name, checksum AS Checksum FROM schema_migrations";
        public const string Record = "INSERT INTO schema_migrations (name, checksum, applied_at) VALUES (@name, @checksum, @at)";
    }

    public static IReadOnlyList<Migration> Load(DatabaseProvider provider)
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var prefix = $"migrations/{provider.ToString().ToLowerInvariant()}/";
        return assembly.GetManifestResourceNames()
            .Select(n => (resource: n, path: n.Replace('\\', '/')))
            .Where(r => r.path.StartsWith(prefix, StringComparison.Ordinal) && r.path.EndsWith(".sql", StringComparison.Ordinal))
            .OrderBy(r => r.path, StringComparer.Ordinal)
            .Select(r => new Migration(r.path[prefix.Length..], Read(assembly, r.resource)))
            .ToList();
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>Applies what is pending and returns the names applied.</summary>
    public IReadOnlyList<string> Apply() => Apply(Load(factory.Dialect.Provider));

    public IReadOnlyList<string> Apply(IReadOnlyList<Migration> migrations)
    {
        using var connection = factory.Open();
        var sqlite = factory.Dialect.Provider == DatabaseProvider.Sqlite;
        if (sqlite)
        {
            connection.Execute("PRAGMA journal_mode = WAL");
            connection.Execute(Sql.SqliteJournal);
        }
        else
        {
            connection.Execute(Sql.SqlServerLock);
            connection.Execute(Sql.SqlServerJournal);
        }

        var applied = connection.Query<(string Name, string Checksum)>(Sql.Applied).ToDictionary(r => r.Name, r => r.Checksum.Trim());
        var byName = migrations.ToDictionary(m => m.Name);
        foreach (var (name, checksum) in applied)
        {
            if (byName.TryGetValue(name, out var script) && !string.Equals(script.Checksum, checksum, StringComparison.OrdinalIgnoreCase))
                throw new MigrationException(
                    $"Migration '{name}' was changed after it was applied (recorded checksum {checksum}, now {script.Checksum}). " +
                    "Applied migrations must not be edited: restore the script and add a new migration instead.");
        }

        var done = new List<string>();
        foreach (var migration in migrations.Where(m => !applied.ContainsKey(m.Name)))
        {
            Run(connection, migration);
            done.Add(migration.Name);
        }
        return done;
    }

    private static void Run(DbConnection connection, Migration migration)
    {
        using var tx = connection.BeginTransaction();
        try
        {
            foreach (var batch in migration.Batches())
                connection.Execute(batch, transaction: tx);
            connection.Execute(Sql.Record, new { name = migration.Name, checksum = migration.Checksum, at = DateTime.UtcNow }, tx);
            tx.Commit();
        }
        catch (Exception ex) when (ex is not MigrationException)
        {
            throw new MigrationException($"Migration '{migration.Name}' failed and was rolled back: {ex.Message}");
        }
    }
}
