using Marketplace.Core.Data;
using Marketplace.Web.Infrastructure;

var commandLine = HostCommandLine.Parse(args);
var command = commandLine.Verb;
if (commandLine.Refusal is { } refusal)
{
    Console.Error.WriteLine(refusal);
    return 64;
}

var builder = WebApplication.CreateBuilder(commandLine.HostArgs);
builder.AddMarketplace();
var app = builder.Build();

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
        return await Commands.Backup(app.Services, commandLine.Operands.FirstOrDefault());
    case "send-digests":
        return await Commands.SendDigests(app.Services, commandLine.Operands.FirstOrDefault() ?? app.Configuration["day"]);
    default:
        throw new InvalidOperationException($"Command '{command}' was accepted but has no handler.");
}

public partial class Program;
