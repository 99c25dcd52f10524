using Marketplace.Core.Data;
using Marketplace.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddMarketplace();
var app = builder.Build();

var command = args.FirstOrDefault(a => !a.StartsWith('-') && !a.Contains('='));
try
{
    if (command is not null || app.Configuration.GetValue("Database:MigrateOnStartup", true))
    {
        var applied = app.Services.GetRequiredService<MigrationRunner>().Apply();
        if (applied.Count > 0) app.Logger.LogInformation("Applied migrations: {Migrations}", string.Join(", ", applied));
    }
}
catch (MigrationException ex)
{
    app.Logger.LogCritical("{Message}", ex.Message);
    Console.Error.WriteLine(ex.Message);
    return 2;
}

switch (command)
{
    case null:
        app.UseMarketplace();
        app.Run();
        return 0;
    case "migrate":
        Console.WriteLine("Database is up to date.");
        return 0;
    case "seed-demo":
        return await Commands.SeedDemo(app.Services);
    case "backup":
        return await Commands.Backup(app.Services, args.SkipWhile(a => a != "backup").Skip(1).FirstOrDefault());
    default:
        Console.Error.WriteLine($"Unknown command '{command}'. Commands: migrate, seed-demo, backup <file>; none runs the web app.");
        return 64;
}

public partial class Program;
