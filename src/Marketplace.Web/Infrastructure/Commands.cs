using Marketplace.Core.Data;
using Microsoft.Data.Sqlite;

namespace Marketplace.Web.Infrastructure;

/// <summary>The command-line verbs next to running the web app.</summary>
public static class Commands
{
    public static Task<int> SeedDemo(IServiceProvider services)
    {
        Console.Error.WriteLine("seed-demo is not available yet.");
        return Task.FromResult(1);
    }

    /// <summary>An online, consistent copy of the SQLite database (SQLite's backup API), safe while the app serves traffic.</summary>
    public static async Task<int> Backup(IServiceProvider services, string? target)
    {
        var factory = services.GetRequiredService<ConnectionFactory>();
        if (factory.Dialect.Provider != DatabaseProvider.Sqlite)
        {
            Console.Error.WriteLine("backup copies the embedded SQLite database; back up SQL Server with its own tools (BACKUP DATABASE).");
            return 64;
        }
        if (string.IsNullOrWhiteSpace(target))
        {
            Console.Error.WriteLine("Usage: backup <file>");
            return 64;
        }
        var path = Path.GetFullPath(target);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (File.Exists(path)) File.Delete(path);
        await using var source = (SqliteConnection)await factory.OpenAsync();
        await using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await destination.OpenAsync();
        source.BackupDatabase(destination);
        Console.WriteLine($"Backed up to {path}");
        return 0;
    }
}
