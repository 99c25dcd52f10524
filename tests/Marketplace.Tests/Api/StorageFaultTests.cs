using System.Diagnostics;
using System.Net;
using Dapper;
using Marketplace.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Marketplace.Tests.Api;

/// <summary>
/// The disk under the database turns read-only or fills up while the app runs: writes answer 503 problem
/// details, reads keep working, /health says unhealthy, and once the disk is fixed the app carries on
/// without a restart. The faults are real ones from the operating system (an immutable file, a full tmpfs),
/// which need root, as the CI machine runs the tests.
/// </summary>
[Collection(StorageFaultCollection.Name)]
public class StorageFaultTests
{
    private static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {error}. These tests need root.");
    }

    private static object Company(string owner) => new
    {
        name = $"会社-{Guid.NewGuid():N}"[..16], industry = "SaaS", employeeCount = 50, monthlyFee = 100_000,
        csOwnerId = owner, signedOn = "2026-01-10", purposes = new[] { "know_how" },
    };

    private static async Task AssertStorageRefusal(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Storage unavailable", await response.Content.ReadAsStringAsync());
    }

    private static async Task<HttpStatusCode> Health(MarketplaceApp app) => (await app.CreateClient().GetAsync("/health")).StatusCode;

    [Fact]
    public async Task A_read_only_database_refuses_writes_with_503_keeps_reads_and_recovers_without_a_restart()
    {
        using var app = new MarketplaceApp();
        var given = new Scenario(app);
        var (cs, _) = await given.Member("cs");
        var before = await given.Admin.PostCreated("/api/companies", Company(cs));
        var file = new SqliteConnectionStringBuilder(app.ConnectionString).DataSource;
        using (var db = app.OpenDatabase()) db.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        // Connections already open keep their write handles; the fault is met by every connection opened after it.
        SqliteConnection.ClearAllPools();
        Run("chattr", "+i", file);
        try
        {
            await AssertStorageRefusal(await given.Admin.Post("/api/companies", Company(cs)));
            await AssertStorageRefusal(await given.Admin.Post("/api/companies", Company(cs)));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await Health(app));
            Assert.Contains("refuses writes", await (await app.CreateClient().GetAsync("/health")).Content.ReadAsStringAsync());
            var read = await given.Admin.GetOk($"/api/companies/{before["id"]}");
            Assert.Equal(before["name"]!.GetValue<string>(), read["name"]!.GetValue<string>());
        }
        finally
        {
            Run("chattr", "-i", file);
        }
        Assert.Equal(HttpStatusCode.OK, await Health(app));
        await given.Admin.PostCreated("/api/companies", Company(cs));
        var list = await given.Admin.GetOk("/api/companies?pageSize=100");
        Assert.Equal(2, list["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_full_disk_refuses_writes_with_503_keeps_reads_and_recovers_once_there_is_room()
    {
        var mount = Path.Combine(Path.GetTempPath(), "marketplace-full-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(mount);
        Run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mount);
        try
        {
            using (var app = new MarketplaceApp().With("ConnectionStrings:Marketplace", $"Data Source={Path.Combine(mount, "marketplace.db")}"))
            {
                var given = new Scenario(app);
                var (cs, _) = await given.Member("cs");
                var before = await given.Admin.PostCreated("/api/companies", Company(cs));
                Assert.Equal(HttpStatusCode.OK, await Health(app));

                var filler = Path.Combine(mount, "filler");
                await using (var stream = File.OpenWrite(filler))
                {
                    var block = new byte[64 * 1024];
                    try { while (true) stream.Write(block); }
                    catch (IOException) { }
                }
                // Several writes, so the database needs new pages whatever room its files kept.
                for (var i = 0; i < 3; i++)
                    await AssertStorageRefusal(await given.Admin.Post("/api/companies", Company(cs)));
                Assert.Equal(HttpStatusCode.ServiceUnavailable, await Health(app));
                Assert.Equal(HttpStatusCode.OK, (await given.Admin.Http.GetAsync($"/api/companies/{before["id"]}")).StatusCode);

                File.Delete(filler);
                Assert.Equal(HttpStatusCode.OK, await Health(app));
                await given.Admin.PostCreated("/api/companies", Company(cs));
                Assert.Equal(2, (await given.Admin.GetOk("/api/companies?pageSize=100"))["total"]!.GetValue<int>());
            }
            SqliteConnection.ClearAllPools();
        }
        finally
        {
            Run("umount", "-l", mount);
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StorageFaultCollection
{
    public const string Name = "storage faults";
}
