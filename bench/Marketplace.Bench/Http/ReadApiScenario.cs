using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Dapper;
using Marketplace.Bench.Report;
using Marketplace.Bench.Server;
using Marketplace.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Marketplace.Core.Shared;

namespace Marketplace.Bench.Http;

/// <summary>
/// Read API: wrk against the product's company list and company get (API key, MVC, MediatR, validation, CompanyView)
/// and against the bare endpoints running the same SQL straight through Dapper, in the same process on the same file;
/// the list also against the floor, a page of 50 company names through Dapper.
/// </summary>
public static class ReadApiScenario
{
    private const double ThroughputTarget = 0.85;
    private const double P99Target = 2.0;
    /// <summary>The list against the floor: a page of 50 names, the least any list of companies can cost.</summary>
    private const double FloorTarget = 0.5;

    public static async Task<BenchSection> Run(SuiteOptions options)
    {
        var engagements = options.Smoke ? 2_000 : 100_000;
        var path = Datasets.Ensure(options, engagements);
        var duration = TimeSpan.FromSeconds(options.Smoke ? 1 : 10);
        var warmup = TimeSpan.FromSeconds(options.Smoke ? 0 : 5);
        const int threads = 2, connections = 16;

        await using var server = await BenchServer.StartAsync(path);
        var ids = HttpBench.Query<Guid>(server, "SELECT id FROM companies ORDER BY id LIMIT 1000");
        if (ids.Count == 0) throw new InvalidOperationException($"{path} has no companies.");
        var scripts = new List<string>();
        try
        {
            string[] auth = [$"Authorization: Bearer {BenchServer.ApiKey}"];
            var cases = new[]
            {
                new ReadCase("GET /api/companies?pageSize=50", ["/api/companies?pageSize=50"], ["/bare/companies?pageSize=50"], ["/bare/floor"]),
                new ReadCase("GET /api/companies/{id}", [.. ids.Select(id => $"/api/companies/{id:D}")], [.. ids.Select(id => $"/bare/companies/{id:D}")], null),
            };

            var rows = new List<BenchRow>();
            var notes = new List<string>();
            var failures = new List<string>();
            foreach (var c in cases)
            {
                var sides = new List<Side> { new("ours", c.Ours, auth), new("bare", c.Bare, null) };
                if (c.Floor is { } floorPaths) sides.Add(new("floor", floorPaths, null));
                foreach (var side in sides)
                    await HttpBench.CheckOk(server.BaseUrl + side.Paths[0], side.Headers is null ? null : BenchServer.ApiKey);
                var sideScripts = sides.Select(side => Script(side.Paths)).ToList();

                // The server is this process and wrk another: the process's processor time over a run is the server's.
                Measured RunWrk(int i, TimeSpan d)
                {
                    var before = Process.GetCurrentProcess().TotalProcessorTime;
                    var watch = Stopwatch.StartNew();
                    var result = Wrk.Run(server.BaseUrl + sides[i].Paths[0], d, threads, connections, sides[i].Headers, sideScripts[i]);
                    return new Measured(result, Process.GetCurrentProcess().TotalProcessorTime - before, watch.Elapsed);
                }

                var measured = new Measured[sides.Count];
                if (options.Smoke)
                {
                    // One second of each, which only proves the endpoints answer. A second inside a busy test run can
                    // pass with no request finished at all: then once more, longer.
                    for (var i = 0; i < sides.Count; i++)
                    {
                        var first = RunWrk(i, duration);
                        measured[i] = first.Result is { Requests: 0, Non2xx: 0, SocketErrors: 0 } ? RunWrk(i, 3 * duration) : first;
                    }
                }
                else
                {
                    for (var i = 0; i < sides.Count; i++) RunWrk(i, warmup);
                    // Halves in a palindrome (ours, bare[, floor, floor], bare, ours), so a drift of the machine weighs on every side alike.
                    var half = duration / 2;
                    var firstHalves = Enumerable.Range(0, sides.Count).Select(i => RunWrk(i, half)).ToList();
                    var secondHalves = Enumerable.Range(0, sides.Count).Reverse().Select(i => RunWrk(i, half)).Reverse().ToList();
                    for (var i = 0; i < sides.Count; i++)
                    {
                        var (a, b) = (firstHalves[i], secondHalves[i]);
                        measured[i] = new Measured(Combine(a.Result, b.Result), a.Cpu + b.Cpu, a.Elapsed + b.Elapsed);
                    }
                }
                var (oursRun, bareRun) = (measured[0], measured[1]);
                var (ours, bare) = (oursRun.Result, bareRun.Result);

                var problems = sides.Zip(measured)
                    .Where(x => !x.Second.Result.Clean)
                    .Select(x => $"{x.First.Name}: {x.Second.Result.Non2xx} non-2xx, {x.Second.Result.SocketErrors} socket errors of {x.Second.Result.Requests} requests")
                    .ToList();
                var clean = problems.Count == 0;
                if (!clean) failures.Add($"{c.Case}: {string.Join("; ", problems)}");
                var failNote = clean ? "" : "FAILED: " + string.Join("; ", problems);

                var throughput = ours.RequestsPerSecond / bare.RequestsPerSecond;
                rows.Add(new BenchRow($"{c.Case} — requests/s", Fmt.PerSecond(ours.RequestsPerSecond), Fmt.PerSecond(bare.RequestsPerSecond),
                    Fmt.Ratio(throughput), $"≥ {ThroughputTarget:0.00}× bare",
                    clean && throughput >= ThroughputTarget ? Verdict.Met : Verdict.Missed,
                    Join($"{Fmt.Number(ours.Requests)} vs {Fmt.Number(bare.Requests)} requests", failNote)));
                if (sides.Count > 2)
                {
                    var floorRun = measured[2];
                    var floor = floorRun.Result;
                    var ofFloor = ours.RequestsPerSecond / floor.RequestsPerSecond;
                    rows.Add(new BenchRow($"{c.Case} — requests/s against the floor", Fmt.PerSecond(ours.RequestsPerSecond), Fmt.PerSecond(floor.RequestsPerSecond),
                        Fmt.Ratio(ofFloor), $"≥ {FloorTarget:0.0}× floor",
                        clean && ofFloor >= FloorTarget ? Verdict.Met : Verdict.Missed,
                        Join($"floor: {Fmt.Number(floor.Requests)} requests, p50 {Fmt.Ms(floor.P50Ms)}, p99 {Fmt.Ms(floor.P99Ms)}" +
                            (floor.Requests > 0 ? $", {floorRun.Cpu.TotalMicroseconds / floor.Requests:N0} µs CPU per request" : ""), failNote)));
                }
                var p99 = ours.P99Ms / bare.P99Ms;
                rows.Add(new BenchRow($"{c.Case} — p99", Fmt.Ms(ours.P99Ms), Fmt.Ms(bare.P99Ms), Fmt.Ratio(p99), $"≤ {P99Target:0}× bare",
                    clean && p99 <= P99Target ? Verdict.Met : Verdict.Missed,
                    Join($"p50 {Fmt.Ms(ours.P50Ms)} vs {Fmt.Ms(bare.P50Ms)}", failNote)));
                if (ours.Requests > 0 && bare.Requests > 0)
                {
                    var (oursCpu, bareCpu) = (oursRun.Cpu.TotalMicroseconds / ours.Requests, bareRun.Cpu.TotalMicroseconds / bare.Requests);
                    rows.Add(new BenchRow($"{c.Case} — CPU per request", $"{oursCpu:N0} µs", $"{bareCpu:N0} µs", Fmt.Ratio(oursCpu / bareCpu), "", Verdict.None,
                        $"processor time of the server (this process; wrk runs apart) per request: ours {Math.Abs(oursCpu - bareCpu):N0} µs {(oursCpu >= bareCpu ? "more" : "less")}; cores busy " +
                        $"{oursRun.Cpu / oursRun.Elapsed:0.00} ours, {bareRun.Cpu / bareRun.Elapsed:0.00} bare, of {Environment.ProcessorCount}"));
                }
            }

            if (failures.Count > 0 && options.Smoke)
                throw new InvalidOperationException("Read API: requests failed. " + string.Join(" | ", failures));

            notes.Add($"Dataset: {SuiteOptions.SizeLabel(engagements)} engagements ({Fmt.Number(HttpBench.Query<long>(server, "SELECT COUNT(*) FROM companies")[0])} companies); " +
                $"wrk {threads} threads, {connections} connections, {duration.TotalSeconds:0} s per endpoint as alternating halves (ours, bare, bare, ours; for the list ours, bare, floor, floor, bare, ours; requests/s and percentiles are the means of the halves) after a {warmup.TotalSeconds:0} s warm-up of each (none in smoke mode); wrk and the server share the machine's cores.");
            notes.Add($"The company get cycles through {ids.Count:N0} real company ids (a wrk Lua script), so no single row stays hot.");
            notes.Add("Bare: the product's SQL through Dapper on the app's ConnectionFactory, rows serialised with the product's JSON settings; no API key, MVC, MediatR, " +
                "validation or CompanyView post-processing (stage, touch tier, purposes split and ordered). For the list, ListCompanies' two statements: the unfiltered count " +
                "and the page (the companies in name order, each row with the stage facts kept on it, its CS owner's name and its purposes aggregated); " +
                "for the get, CompanyView's row and then its purposes.");
            notes.Add($"Floor: {BareReadEndpoints.FloorSql} through Dapper, serialised the same way — the least a page of companies can cost on this stack.");
            return new BenchSection("Read API",
                "Requests per second and p99 latency of the company list (50 per page) and company get through the real app (API key, MVC, MediatR, validation, CompanyView), " +
                "against bare endpoints in the same process that run the same SQL straight through Dapper and serialise the rows, and the list against a floor (a page of " +
                "50 company names); measured with wrk over loopback.",
                rows, notes);
        }
        finally
        {
            foreach (var script in scripts) File.Delete(script);
        }

        // One path is requested as is; several are cycled through by a wrk script.
        string? Script(IReadOnlyList<string> paths)
        {
            if (paths.Count == 1) return null;
            var script = HttpBench.TempFile("read-paths", ".lua", HttpBench.PathScript(paths));
            scripts.Add(script);
            return script;
        }
    }

    /// <summary>A wrk run and the processor time this process (the server) spent during it.</summary>
    private sealed record Measured(WrkResult Result, TimeSpan Cpu, TimeSpan Elapsed);

    /// <summary>A read measured on each side: the paths requested (several are cycled through) on ours, the bare endpoint and, for the list, the floor.</summary>
    private sealed record ReadCase(string Case, IReadOnlyList<string> Ours, IReadOnlyList<string> Bare, IReadOnlyList<string>? Floor);

    /// <summary>One endpoint of a case, with the headers its requests carry (the API key for ours).</summary>
    private sealed record Side(string Name, IReadOnlyList<string> Paths, IReadOnlyList<string>? Headers);

    /// <summary>Two runs of equal length as one: requests/s and latency percentiles averaged, counts added.</summary>
    internal static WrkResult Combine(WrkResult a, WrkResult b) => new(
        (a.RequestsPerSecond + b.RequestsPerSecond) / 2, (a.P50Ms + b.P50Ms) / 2, (a.P99Ms + b.P99Ms) / 2,
        a.Requests + b.Requests, a.Non2xx + b.Non2xx, a.SocketErrors + b.SocketErrors, a.Output + b.Output);

    private static string Join(string a, string b) => string.IsNullOrEmpty(b) ? a : $"{a}; {b}";
}

/// <summary>Helpers shared by the HTTP scenarios.</summary>
internal static class HttpBench
{
    public static List<T> Query<T>(BenchServer server, string sql, object? args = null)
    {
        using var connection = server.Services.GetRequiredService<ConnectionFactory>().Open();
        return connection.Query<T>(sql, args).AsList();
    }

    public static List<T> Query<T>(string databasePath, string sql, object? args = null)
    {
        var factory = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={databasePath};Pooling=False"));
        using var connection = factory.Open();
        return connection.Query<T>(sql, args).AsList();
    }

    public static string TempFile(string name, string extension, string? content = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"marketplace-bench-{name}-{Environment.ProcessId}-{Guid.NewGuid():N}{extension}");
        if (content is not null) File.WriteAllText(path, content);
        return path;
    }

    /// <summary>A consistent copy of a SQLite database (the backup API), so a scenario that writes leaves the dataset pristine.</summary>
    public static string CopyDatabase(string source, string name)
    {
        var target = TempFile(name, ".db");
        using (var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString()))
        {
            from.Open();
            to.Open();
            from.BackupDatabase(to);
            using var wal = to.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode = WAL";
            wal.ExecuteNonQuery();
        }
        return target;
    }

    public static void DeleteDatabase(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            try { File.Delete(path + suffix); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public static int FreePort()
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>One request before the load, so a broken endpoint fails with its status and body rather than a wrk count.</summary>
    public static async Task CheckOk(string url, string? apiKey)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (apiKey is not null) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await client.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 500)]}");
        }
    }

    /// <summary>A wrk script that cycles through a list of paths (each thread from its own offset).</summary>
    public static string PathScript(IEnumerable<string> paths)
    {
        var lua = new StringBuilder();
        lua.AppendLine("local paths = {");
        foreach (var p in paths) lua.Append("  \"").Append(p.Replace("\\", "\\\\").Replace("\"", "\\\"")).AppendLine("\",");
        lua.AppendLine("}");
        lua.AppendLine("""
            local threads = 0
            function setup(thread)
              thread:set("offset", threads * 7)
              threads = threads + 1
            end
            function init(args)
              i = offset or 0
            end
            function request()
              i = i + 1
              return wrk.format(nil, paths[(i % #paths) + 1])
            end
            """);
        return lua.ToString();
    }

    /// <summary>The value at a percentile (0–100) of sorted values, nearest rank.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percentile)
    {
        if (sorted.Count == 0) return double.NaN;
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
