using Marketplace.Core.Data;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Marketplace.Bench.Server;

/// <summary>
/// The real app (the same AddMarketplace / UseMarketplace as Program.cs) on Kestrel at a loopback port, with the
/// bare baselines mapped beside it under /bare/: the same SQL run straight through Dapper and serialised, in the
/// same process, so each pair is measured on the same runtime, heap and database file.
/// The bare routes are anonymous and exist only in this benchmark host, never in the product.
/// </summary>
public sealed class BenchServer : IAsyncDisposable
{
    public const string ApiKey = "bench-admin-key-not-a-secret";

    private readonly WebApplication app;

    private BenchServer(WebApplication app, string baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }
    public IServiceProvider Services => app.Services;

    public static async Task<BenchServer> StartAsync(string databasePath, int port = 0)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Marketplace"] = $"Data Source={Path.GetFullPath(databasePath)}",
            ["Auth:BootstrapAdminKey"] = ApiKey,
            ["Database:MigrateOnStartup"] = "true",
            ["Limits:SignInsPerMinute"] = "100000",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.AddMarketplace();
        // The controllers and compiled Razor views live in Marketplace.Web. MVC discovers application parts from the
        // entry assembly, which here is the bench (not a Web SDK project, so it names no parts): add the app's own.
        builder.Services.AddControllersWithViews().AddApplicationPart(typeof(Startup).Assembly);
        var app = builder.Build();
        app.Services.GetRequiredService<MigrationRunner>().Apply();
        app.UseMarketplace();
        BareInsightEndpoints.Map(app);
        BareReadEndpoints.Map(app);
        await app.StartAsync();
        var address = app.Urls.First();
        return new BenchServer(app, address.TrimEnd('/'));
    }

    /// <summary>bench serve --db file --port n: the same host as a process of its own (for the memory scenario).</summary>
    public static async Task<int> Serve(string databasePath, int port)
    {
        await using var server = await StartAsync(databasePath, port);
        Console.WriteLine($"listening {server.BaseUrl}");
        var done = new TaskCompletionSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; done.TrySetResult(); };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => done.TrySetResult();
        // The host's console lifetime takes SIGTERM and SIGINT itself (and cancels the default exit): stop when it says so.
        server.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => done.TrySetResult());
        await done.Task;
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
