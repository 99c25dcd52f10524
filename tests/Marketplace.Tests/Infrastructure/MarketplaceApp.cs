using System.Data.Common;
using Dapper;
using Marketplace.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// The real app through its real HTTP pipeline, on a database of its own built by the real migrations:
/// a fresh SQLite file, or — when MARKETPLACE_SQLSERVER holds a connection string — a fresh database on
/// that SQL Server, dropped afterwards.
/// </summary>
public sealed class MarketplaceApp : WebApplicationFactory<Program>
{
    public const string SqlServerVariable = "MARKETPLACE_SQLSERVER";

    /// <summary>Test clients speak HTTPS, as browsers do in production: the sign-in cookie is Secure outside Development.</summary>
    private static readonly Uri Https = new("https://localhost");

    private readonly string directory = Path.Combine(Path.GetTempPath(), "marketplace-tests", Guid.NewGuid().ToString("N"));
    private readonly string? sqlServerDatabase;
    private readonly string? sqlServerMaster;

    // Every test client shares one loopback "address", so the sign-in limit is raised for the suite;
    // the rate-limit test sets its own small limit.
    private readonly Dictionary<string, string> settings = new() { ["Limits:SignInsPerMinute"] = "1000" };

    /// <summary>Another instance of the app on the same database, as behind a load balancer.</summary>
    public static MarketplaceApp SharingDatabaseWith(MarketplaceApp other) => new(other);

    private MarketplaceApp(MarketplaceApp sharedDatabase)
    {
        Directory.CreateDirectory(directory);
        ClientOptions.AllowAutoRedirect = false;
        ClientOptions.BaseAddress = Https;
        Provider = sharedDatabase.Provider;
        ConnectionString = sharedDatabase.ConnectionString;
        AdminKey = sharedDatabase.AdminKey;
    }

    /// <summary>The app on an existing SQLite file (such as one the benchmark generator wrote); pending migrations are applied.</summary>
    public static MarketplaceApp OnSqliteFile(string path) => new(path);

    private MarketplaceApp(string sqliteFile)
    {
        Directory.CreateDirectory(directory);
        ClientOptions.AllowAutoRedirect = false;
        ClientOptions.BaseAddress = Https;
        Provider = DatabaseProvider.Sqlite;
        ConnectionString = $"Data Source={sqliteFile}";
    }

    public MarketplaceApp()
    {
        Directory.CreateDirectory(directory);
        // Redirects (to the sign-in page) are part of what tests check.
        ClientOptions.AllowAutoRedirect = false;
        ClientOptions.BaseAddress = Https;
        sqlServerMaster = Environment.GetEnvironmentVariable(SqlServerVariable);
        if (string.IsNullOrWhiteSpace(sqlServerMaster))
        {
            Provider = DatabaseProvider.Sqlite;
            ConnectionString = $"Data Source={Path.Combine(directory, "marketplace.db")}";
        }
        else
        {
            Provider = DatabaseProvider.SqlServer;
            sqlServerDatabase = "marketplace_test_" + Guid.NewGuid().ToString("N");
            using (var master = new SqlConnection(sqlServerMaster))
                master.Execute($"CREATE DATABASE [{sqlServerDatabase}]");
            ConnectionString = new SqlConnectionStringBuilder(sqlServerMaster) { InitialCatalog = sqlServerDatabase }.ToString();
        }
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    public string AdminKey { get; } = "test-admin-" + Guid.NewGuid().ToString("N");

    /// <summary>Extra configuration, set before the first client is created.</summary>
    public MarketplaceApp With(string key, string value)
    {
        settings[key] = value;
        return this;
    }
    public string DataDirectory => directory;

    private FixedTime? time;

    /// <summary>Stands the app's clock at one instant (set before the first client is created).</summary>
    public MarketplaceApp At(DateTimeOffset instant)
    {
        time = new FixedTime(instant);
        return this;
    }

    /// <summary>Moves the fixed clock on (a digest's retry waits out its back-off).</summary>
    public void Advance(TimeSpan by) => (time ?? throw new InvalidOperationException("Call At before Advance.")).Instant += by;

    private sealed class FixedTime(DateTimeOffset instant) : TimeProvider
    {
        public DateTimeOffset Instant { get; set; } = instant;
        public override DateTimeOffset GetUtcNow() => Instant;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Provider == DatabaseProvider.Sqlite ? "sqlite" : "sqlserver");
        builder.UseSetting("ConnectionStrings:Marketplace", ConnectionString);
        builder.UseSetting("Auth:BootstrapAdminKey", AdminKey);
        builder.UseSetting("Auth:BootstrapAdminKeyFile", Path.Combine(directory, "bootstrap-admin.key"));
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        if (time is { } fixedTime)
            builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(fixedTime));
    }

    public ApiClient Admin() => new(CreateClient(), AdminKey);

    /// <summary>
    /// Serves the app on a real loopback port (Kestrel) instead of the in-memory test server, for a browser.
    /// Call before the first client is created.
    /// </summary>
    public Uri StartOnLoopback()
    {
        UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First());
    }

    public DbConnection OpenDatabase() => Services.GetRequiredService<ConnectionFactory>().Open();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        if (sqlServerDatabase is not null && sqlServerMaster is not null)
        {
            SqlConnection.ClearAllPools();
            using var master = new SqlConnection(sqlServerMaster);
            master.Execute($"ALTER DATABASE [{sqlServerDatabase}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{sqlServerDatabase}]");
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }
}
