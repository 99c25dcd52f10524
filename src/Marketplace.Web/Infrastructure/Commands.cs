using System.Diagnostics;
using Marketplace.Core.Data;
using Marketplace.Core.Demo;
using Microsoft.Data.Sqlite;

namespace Marketplace.Web.Infrastructure;

/// <summary>The command-line verbs next to running the web app.</summary>
public static class Commands
{
    /// <summary>Loads the demo dataset through the use cases; a database that already has companies is left alone.</summary>
    public static async Task<int> SeedDemo(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var stopwatch = Stopwatch.StartNew();
        var seeder = new DemoSeeder(scope.ServiceProvider);
        var summary = await seeder.Run();
        if (summary.AlreadyHadData)
        {
            Console.WriteLine("The database already has data (at least one company); nothing was seeded.");
            return 0;
        }
        Console.WriteLine($"Seeded demo data as of {seeder.Today:yyyy-MM-dd} in {stopwatch.Elapsed.TotalSeconds:0.0} s:");
        Console.WriteLine($"  {summary.Members} members, {summary.Companies} companies, {summary.Workers} workers, {summary.Engagements} engagements");
        Console.WriteLine($"  {summary.EngagementChurns} engagement churns (案件解約), {summary.CompanyChurns} company churns (企業解約)");
        Console.WriteLine("Demo members: sign-in email and password for the web UI, and API key (shown once):");
        foreach (var key in summary.Keys)
            Console.WriteLine($"  {key.Team,-5} {key.Member,-8} {key.Email,-36} {key.Password}  {key.Key}");
        return 0;
    }

    /// <summary>
    /// Sends a business day's digests now (today's when no day is given), every member's whatever their digest time, through
    /// the same outbox as the daily job: a digest already sent, by this command or by any instance, is not sent again.
    /// </summary>
    public static async Task<int> SendDigests(IServiceProvider services, string? day)
    {
        DateOnly? parsed = null;
        if (!string.IsNullOrWhiteSpace(day))
        {
            if (!DateOnly.TryParseExact(day, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d))
            {
                Console.Error.WriteLine($"'{day}' is not a day as yyyy-MM-dd. Usage: send-digests [yyyy-MM-dd]");
                return 64;
            }
            parsed = d;
        }
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Marketplace.Core.Pipeline.WorkActor>().Actor = Marketplace.Core.Pipeline.Actor.System;
        var result = await scope.ServiceProvider.GetRequiredService<MediatR.IMediator>().Send(new Marketplace.Core.Features.Notifications.SendDigests.Command { Day = parsed });
        Console.WriteLine($"Digests of {result.Day:yyyy-MM-dd}: {result.Sent} sent, {result.Skipped} with nothing to say, {result.Retrying} to retry, {result.Failed} failed.");
        return result.Retrying + result.Failed > 0 ? 1 : 0;
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
