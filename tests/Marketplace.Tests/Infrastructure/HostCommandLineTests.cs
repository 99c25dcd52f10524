using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Marketplace.Web.Infrastructure;

namespace Marketplace.Tests.Infrastructure;

/// <summary>The command line: the app's verbs beside the standard host options, each spelled as operators spell them.</summary>
public class HostCommandLineTests
{
    [Theory]
    [InlineData("", null, "", "")]
    [InlineData("--urls http://127.0.0.1:8080", null, "", "--urls|http://127.0.0.1:8080")]
    [InlineData("--urls=http://127.0.0.1:8080", null, "", "--urls=http://127.0.0.1:8080")]
    [InlineData("migrate --environment Production", "migrate", "", "--environment|Production")]
    [InlineData("--contentRoot /srv/app seed-demo", "seed-demo", "", "--contentRoot|/srv/app")]
    [InlineData("backup /tmp/copy.db --urls http://x", "backup", "/tmp/copy.db", "--urls|http://x")]
    [InlineData("--Database:Provider sqlite backup copy.db", "backup", "copy.db", "--Database:Provider|sqlite")]
    [InlineData("migrate --urls", "migrate", "", "--urls")]
    [InlineData("send-digests", "send-digests", "", "")]
    [InlineData("send-digests 2026-12-02", "send-digests", "2026-12-02", "")]
    [InlineData("send-digests --day 2026-12-02", "send-digests", "", "--day|2026-12-02")]
    public void Options_and_their_values_go_to_the_host_and_the_rest_is_the_verb(string line, string? verb, string operands, string host)
    {
        var parsed = HostCommandLine.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(verb, parsed.Verb);
        Assert.Equal(operands, string.Join('|', parsed.Operands));
        Assert.Equal(host, string.Join('|', parsed.HostArgs));
        Assert.Null(parsed.Refusal);
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("migrate now")]
    [InlineData("backup a.db b.db")]
    [InlineData("send-digests 2026-12-02 2026-12-03")]
    public void Anything_else_gets_the_usage_message(string line)
    {
        var refusal = HostCommandLine.Parse(line.Split(' ')).Refusal;
        Assert.NotNull(refusal);
        Assert.Contains("migrate, seed-demo, backup <file>", refusal);
    }
}

/// <summary>The built app started as an operator starts it: <c>dotnet Marketplace.Web.dll</c> with host options.</summary>
public sealed class HostProcessTests : IDisposable
{
    private readonly string contentRoot = Path.Combine(Path.GetTempPath(), "marketplace-host", Guid.NewGuid().ToString("N"));

    public HostProcessTests() => Directory.CreateDirectory(contentRoot);

    private static string WebDll => Path.Combine(AppContext.BaseDirectory, "Marketplace.Web.dll");

    private ProcessStartInfo Start(IDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = contentRoot };
        info.ArgumentList.Add(WebDll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        // The test runner's own host settings must not leak into the app under test.
        foreach (var key in info.Environment.Keys.Where(k => k!.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(key!);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        return info;
    }

    private async Task<(int Exit, string Output)> RunToEnd(IDictionary<string, string>? environment, params string[] args)
    {
        using var process = Process.Start(Start(environment, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the web app, waits for /health, and stops it.</summary>
    private async Task<HttpStatusCode> Serve(int port, IDictionary<string, string>? environment, params string[] args)
    {
        using var process = Process.Start(Start(environment, args))!;
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline && !process.HasExited)
            {
                try { return (await client.GetAsync($"http://127.0.0.1:{port}/health")).StatusCode; }
                catch (HttpRequestException) { await Task.Delay(250); }
            }
            lock (log) Assert.Fail($"The app did not answer on port {port}: {log}");
            return default;
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Urls_given_as_a_separate_argument_serve_health()
    {
        var port = FreePort();
        Assert.Equal(HttpStatusCode.OK, await Serve(port, null, "--urls", $"http://127.0.0.1:{port}", "--contentRoot", contentRoot, "--environment", "Production"));
        Assert.True(File.Exists(Path.Combine(contentRoot, "data", "marketplace.db")), "--contentRoot places the data under it.");
    }

    [Fact]
    public async Task Aspnetcore_urls_from_the_environment_serve_health()
    {
        var port = FreePort();
        Assert.Equal(HttpStatusCode.OK, await Serve(port, new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" }, "--contentRoot", contentRoot));
    }

    [Fact]
    public async Task Send_digests_sends_a_days_digests_by_email_once()
    {
        var (exit, output) = await RunToEnd(null, "migrate", "--contentRoot", contentRoot);
        Assert.True(exit == 0, output);
        using (var app = MarketplaceApp.OnSqliteFile(Path.Combine(contentRoot, "data", "marketplace.db")))
        {
            var given = new Scenario(app);
            var (cs, _) = await given.Member("cs");
            await given.Admin.PostCreated("/api/tasks", new { title = "見積書の送付", dueOn = "2026-12-02", assigneeId = cs });
        }
        await using var smtp = new SmtpSink().Start();
        var environment = new Dictionary<string, string>
        {
            ["Notifications__Smtp__Host"] = "127.0.0.1", ["Notifications__Smtp__Port"] = smtp.Port.ToString(), ["Notifications__Smtp__UseTls"] = "false",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:1",
        };
        (exit, output) = await RunToEnd(environment, "send-digests", "2026-12-02", "--contentRoot", contentRoot);
        Assert.True(exit == 0, output);
        Assert.Contains("Digests of 2026-12-02: 1 sent", output);
        var mail = Assert.Single(await smtp.WaitFor(1));
        Assert.Equal("今日の仕事（2026-12-02）", mail.Subject);
        Assert.Contains("見積書の送付", mail.TextBody);

        (exit, output) = await RunToEnd(environment, "send-digests", "--day", "2026-12-02", "--contentRoot", contentRoot);
        Assert.True(exit == 0, output);
        Assert.Contains("Digests of 2026-12-02: 0 sent", output);
        Assert.Single(smtp.Messages);

        (exit, output) = await RunToEnd(environment, "send-digests", "12/02", "--contentRoot", contentRoot);
        Assert.Equal(64, exit);
        Assert.Contains("yyyy-MM-dd", output);
    }

    [Fact]
    public async Task Verbs_work_beside_host_options_and_an_unknown_verb_gets_the_usage()
    {
        var (exit, output) = await RunToEnd(null, "--contentRoot", contentRoot, "migrate", "--urls", "http://127.0.0.1:1", "--environment", "Production");
        Assert.True(exit == 0, output);
        Assert.Contains("Database is up to date.", output);

        var copy = Path.Combine(contentRoot, "copy.db");
        (exit, output) = await RunToEnd(new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:1" }, "backup", copy, "--contentRoot", contentRoot);
        Assert.True(exit == 0, output);
        Assert.True(File.Exists(copy));

        (exit, output) = await RunToEnd(null, "serve", "--contentRoot", contentRoot);
        Assert.Equal(64, exit);
        Assert.Contains("Commands: migrate, seed-demo, backup <file>", output);
    }

    public void Dispose()
    {
        try { Directory.Delete(contentRoot, recursive: true); } catch (IOException) { }
    }
}
