using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Bench.Report;
using Marketplace.Bench.Server;

namespace Marketplace.Bench.Http;

/// <summary>
/// Memory: the bench host (the real app plus the bare routes) as a process of its own on a copy of the 100k dataset,
/// under a minute of mixed API load from wrk; its working set (VmRSS) at the end and its peak (VmHWM) against 300 MB.
/// </summary>
public static class MemoryScenario
{
    private const double TargetMb = 300;
    private const double Mb = 1024 * 1024;

    public static async Task<BenchSection> Run(SuiteOptions options)
    {
        var engagements = options.Smoke ? 2_000 : 100_000;
        var source = Datasets.Ensure(options, engagements);
        var copy = HttpBench.CopyDatabase(source, "memory");
        var files = new List<string> { copy };
        try
        {
            return await Run(options, engagements, copy, files);
        }
        finally
        {
            HttpBench.DeleteDatabase(copy);
            foreach (var file in files.Skip(1)) File.Delete(file);
        }
    }

    private static async Task<BenchSection> Run(SuiteOptions options, int engagements, string database, List<string> files)
    {
        var duration = TimeSpan.FromSeconds(options.Smoke ? 5 : 60);
        const int threads = 2, connections = 16;

        var companies = HttpBench.Query<Guid>(database, "SELECT id FROM companies ORDER BY id LIMIT 200");
        var workers = HttpBench.Query<Guid>(database, "SELECT id FROM workers ORDER BY id LIMIT 200");
        var engagementIds = HttpBench.Query<Guid>(database, "SELECT id FROM engagements ORDER BY id LIMIT 100");
        var mix = Mix(companies, workers, engagementIds);
        var script = HttpBench.TempFile("memory-mix", ".lua", HttpBench.PathScript(mix.Select(m => m.Path)));
        files.Add(script);

        var port = HttpBench.FreePort();
        var (fileName, arguments, runtimeConfig) = HostCommand(database, port);
        if (runtimeConfig is not null) files.Add(runtimeConfig);
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(typeof(BenchServer).Assembly.Location)!,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);

        using var process = new Process { StartInfo = start };
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) { listening.TrySetException(new InvalidOperationException("The bench host exited before listening.")); return; }
            output.Enqueue(e.Data);
            if (e.Data.StartsWith("listening ", StringComparison.Ordinal)) listening.TrySetResult(e.Data["listening ".Length..].Trim());
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null && output.Count < 200) output.Enqueue(e.Data); };
        var launched = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            string baseUrl;
            try
            {
                baseUrl = await listening.Task.WaitAsync(TimeSpan.FromMinutes(3));
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
            {
                throw new InvalidOperationException($"The bench host did not start ({string.Join(" ", start.ArgumentList)}): {ex.Message}\n{string.Join("\n", output)}", ex);
            }
            var startup = launched.Elapsed;

            // Idle after start-up: listening, nothing requested yet, a moment to settle.
            await Task.Delay(TimeSpan.FromSeconds(options.Smoke ? 0.5 : 2));
            var idle = Read(process.Id);

            foreach (var request in mix.DistinctBy(m => m.Kind))
                await HttpBench.CheckOk(baseUrl + request.Path, BenchServer.ApiKey);

            // Sample the working set through the run, beside wrk's own report.
            using var stop = new CancellationTokenSource();
            var sampledMax = 0L;
            var sampler = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    sampledMax = Math.Max(sampledMax, Read(process.Id).Rss);
                    try { await Task.Delay(250, stop.Token); } catch (OperationCanceledException) { }
                }
            });
            WrkResult load;
            try
            {
                load = await Task.Run(() => Wrk.Run(baseUrl + "/", duration, threads, connections,
                    [$"Authorization: Bearer {BenchServer.ApiKey}"], script));
            }
            finally
            {
                stop.Cancel();
                await sampler;
            }
            var end = Read(process.Id);
            if (process.HasExited) throw new InvalidOperationException($"The bench host exited during the load with {process.ExitCode}.\n{string.Join("\n", output)}");

            var clean = load.Clean;
            var failNote = clean ? "" : $"; FAILED: {load.Non2xx} non-2xx, {load.SocketErrors} socket errors of {load.Requests} requests";
            if (!clean && options.Smoke)
                throw new InvalidOperationException($"Memory: requests failed under the mixed load.{failNote}\n{load.Output}");

            var rows = new List<BenchRow>
            {
                new($"Working set at the end of {duration.TotalSeconds:0} s of mixed load (VmRSS)", Fmt.Bytes(end.Rss), Fmt.Bytes(idle.Rss), Fmt.Ratio(end.Rss / (double)idle.Rss),
                    $"≤ {TargetMb:0} MB", clean && end.Rss / Mb <= TargetMb ? Verdict.Met : Verdict.Missed,
                    $"highest sample during the load {Fmt.Bytes(sampledMax)}{failNote}"),
                new("Peak working set of the process (VmHWM)", Fmt.Bytes(end.Hwm), Fmt.Bytes(idle.Rss), Fmt.Ratio(end.Hwm / (double)idle.Rss),
                    $"≤ {TargetMb:0} MB", clean && end.Hwm / Mb <= TargetMb ? Verdict.Met : Verdict.Missed,
                    $"start-up included (migrations check, data protection keys){failNote}"),
                new("Mixed load served", Fmt.PerSecond(load.RequestsPerSecond), "—", "", "", Verdict.None,
                    $"{Fmt.Number(load.Requests)} requests, p50 {Fmt.Ms(load.P50Ms)}, p99 {Fmt.Ms(load.P99Ms)}{failNote}"),
            };
            var notes = new List<string>
            {
                $"The bench host (`{Path.GetFileName(typeof(BenchServer).Assembly.Location)} serve`, the same AddMarketplace/UseMarketplace as the app, server GC as the Web SDK gives it) " +
                $"as its own process on a copy of the {SuiteOptions.SizeLabel(engagements)}-engagement dataset, listening after {startup.TotalSeconds:0.0} s; " +
                "working set from /proc/<pid>/status (VmRSS now, VmHWM the peak since start), also sampled every 250 ms during the load.",
                $"Mixed load: wrk {threads} threads, {connections} connections, {duration.TotalSeconds:0} s, cycling through {mix.Count} requests (a Lua script): " +
                string.Join(", ", mix.GroupBy(m => m.Kind).Select(g => $"{g.Key} {g.Count() * 100.0 / mix.Count:0}%")) + ".",
                $"Baseline: the same process idle after start-up, before its first request ({Fmt.Bytes(idle.Rss)}).",
            };
            return new BenchSection("Memory",
                $"Working set of the app as its own process (VmRSS at the end and peak VmHWM) after {duration.TotalSeconds:0} s of mixed API load with wrk — company list and get, worker list and get, " +
                "engagement get, rep load and churn rates — against the same process idle after start-up; target ≤ 300 MB.",
                rows, notes);
        }
        finally
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException) { }
        }
    }

    private sealed record Request(string Kind, string Path);

    /// <summary>The mix, per 20 requests: reads of single records mostly, lists, and an insight now and then.</summary>
    private static List<Request> Mix(IReadOnlyList<Guid> companies, IReadOnlyList<Guid> workers, IReadOnlyList<Guid> engagements)
    {
        var mix = new List<Request>();
        for (var i = 0; i < 20; i++)
        {
            for (var j = 0; j < 5; j++) mix.Add(new("company get", $"/api/companies/{companies[(i * 5 + j) % companies.Count]}"));
            for (var j = 0; j < 3; j++) mix.Add(new("company list", $"/api/companies?pageSize=50&page={1 + (i * 3 + j) % 20}"));
            for (var j = 0; j < 4; j++) mix.Add(new("worker get", $"/api/workers/{workers[(i * 4 + j) % workers.Count]}"));
            for (var j = 0; j < 3; j++) mix.Add(new("worker list", $"/api/workers?pageSize=50&page={1 + (i * 3 + j) % 20}"));
            for (var j = 0; j < 3; j++) mix.Add(new("engagement get", $"/api/engagements/{engagements[(i * 3 + j) % engagements.Count]}"));
            mix.Add(new("rep load", "/api/insights/rep-load"));
            mix.Add(new("churn rates", (i % 2 == 0) ? "/api/insights/churn-rates?kind=engagement" : "/api/insights/churn-rates?kind=company"));
        }
        // Spread the kinds rather than running each in a block.
        return mix.Select((m, i) => (m, key: (i * 7919) % mix.Count)).OrderBy(x => x.key).Select(x => x.m).ToList();
    }

    private readonly record struct Memory(long Rss, long Hwm);

    private static Memory Read(int pid)
    {
        long rss = 0, hwm = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kb(line);
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) hwm = Kb(line);
        }
        return new Memory(rss, hwm);

        static long Kb(string line) =>
            long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>
    /// dotnet &lt;Marketplace.Bench.dll&gt; serve, from wherever the assembly was loaded (the bench's bin or a test project's,
    /// which copies a referenced executable's runtimeconfig only sometimes): when the runtimeconfig beside it does not name
    /// the ASP.NET Core framework, one is written to a temporary file and passed with dotnet exec --runtimeconfig.
    /// </summary>
    private static (string FileName, List<string> Arguments, string? RuntimeConfig) HostCommand(string database, int port)
    {
        var dll = typeof(BenchServer).Assembly.Location;
        var dotnet = DotnetHost();
        var serve = new[] { dll, "serve", "--db", database, "--port", port.ToString(CultureInfo.InvariantCulture) };
        var beside = Path.ChangeExtension(dll, ".runtimeconfig.json");
        if (File.Exists(beside) && File.ReadAllText(beside).Contains("Microsoft.AspNetCore.App", StringComparison.Ordinal))
            return (dotnet, [.. serve], null);

        var config = new JsonObject
        {
            ["runtimeOptions"] = new JsonObject
            {
                ["tfm"] = $"net{Environment.Version.Major}.{Environment.Version.Minor}",
                ["frameworks"] = new JsonArray(
                    new JsonObject { ["name"] = "Microsoft.NETCore.App", ["version"] = $"{Environment.Version.Major}.{Environment.Version.Minor}.0" },
                    new JsonObject { ["name"] = "Microsoft.AspNetCore.App", ["version"] = $"{Environment.Version.Major}.{Environment.Version.Minor}.0" }),
                ["configProperties"] = new JsonObject { ["System.GC.Server"] = true },
            },
        };
        var file = HttpBench.TempFile("host", ".runtimeconfig.json", config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return (dotnet, ["exec", "--runtimeconfig", file, .. serve], file);
    }

    private static string DotnetHost()
    {
        var exe = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet";
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        if (Environment.ProcessPath is { } self && Path.GetFileName(self) == exe) return self;
        // The runtime directory is <dotnet root>/shared/Microsoft.NETCore.App/<version>/.
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidate = Path.Combine(root, exe);
        return File.Exists(candidate) ? candidate : exe;
    }
}
