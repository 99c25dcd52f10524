using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Marketplace.Bench.Report;
using Marketplace.Bench.Server;

namespace Marketplace.Bench.Http;

/// <summary>
/// Write API: worker status changes and engagement follow-ups per second on SQLite (WAL) through the real app, against
/// bare endpoints issuing the same statements in one transaction through Dapper, driven by concurrent HttpClient loops;
/// and a follow-up correction against the write it corrects.
/// </summary>
public static class WriteApiScenario
{
    private const double Target = 0.8;
    /// <summary>A correction may cost up to twice the write it corrects.</summary>
    private const double CorrectionTarget = 2.0;
    private const int Clients = 8;
    private const int PerClient = 25;

    private static readonly DateOnly HeldOn = GeneratorOptions.DefaultToday;

    public static async Task<BenchSection> Run(SuiteOptions options)
    {
        var engagements = options.Smoke ? 2_000 : 100_000;
        var source = Datasets.Ensure(options, engagements);
        // Writes go to a copy: the read and insight datasets stay as generated.
        var copy = HttpBench.CopyDatabase(source, "write");
        try
        {
            return await Run(options, engagements, copy);
        }
        finally
        {
            HttpBench.DeleteDatabase(copy);
        }
    }

    private static async Task<BenchSection> Run(SuiteOptions options, int engagements, string database)
    {
        var duration = TimeSpan.FromSeconds(options.Smoke ? 0.6 : 10);
        var warmup = TimeSpan.FromSeconds(options.Smoke ? 0.1 : 2);

        await using var server = await BenchServer.StartAsync(database);

        // Workers who may toggle available ⇄ paused by hand (WorkerStatusGraph), and running engagements whose kickoff
        // is not after the follow-up date; each client owns a disjoint slice, so no request is legitimately refused.
        var workers = HttpBench.Query<WorkerState>(server,
            "SELECT id, status FROM workers WHERE status IN ('available', 'paused') ORDER BY id LIMIT @n", new { n = Clients * PerClient });
        var running = HttpBench.Query<Guid>(server, """
            SELECT e.id FROM engagements e
            WHERE e.status = 'active'
              AND NOT EXISTS (SELECT 1 FROM kickoffs k WHERE k.engagement_id = e.id AND k.held_on > @heldOn)
            ORDER BY e.id LIMIT @n
            """, new { n = Clients * PerClient, heldOn = HeldOn.ToString("yyyy-MM-dd") });
        if (workers.Count < Clients || running.Count < Clients)
            throw new InvalidOperationException($"The dataset has {workers.Count} available or paused workers and {running.Count} running engagements; {Clients} of each are needed.");
        var workerSlices = Slices(workers, Clients);
        var engagementSlices = Slices(running, Clients);

        using var client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Clients,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
        })
        { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };

        var toPaused = Encoding.UTF8.GetBytes("""{"status":"paused","note":"bench"}""");
        var toAvailable = Encoding.UTF8.GetBytes("""{"status":"available","note":"bench"}""");
        var followUp = Encoding.UTF8.GetBytes($$"""{"heldOn":"{{HeldOn:yyyy-MM-dd}}","companySatisfaction":4,"workerEvaluation":5,"note":"bench"}""");

        var errors = new ConcurrentQueue<string>();

        Task<bool> Post(string path, byte[] body, bool ours) => Send(HttpMethod.Post, path, body, ours);

        async Task<bool> Send(HttpMethod method, string path, byte[] body, bool ours)
        {
            using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (ours) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BenchServer.ApiKey);
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode) return true;
            if (errors.Count < 20) errors.Enqueue($"{method} {path} → {(int)response.StatusCode}: {text[..Math.Min(text.Length, 300)]}");
            return false;
        }

        // A status change flips the client's next worker; after a failure its status is read back from the database.
        Func<int, long, Task<bool>> StatusChange(bool ours) => async (c, i) =>
        {
            var slice = workerSlices[c];
            var w = slice[(int)(i % slice.Count)];
            var ok = await Post($"{(ours ? "/api" : "/bare")}/workers/{w.Id}/status", w.Status == "available" ? toPaused : toAvailable, ours);
            if (ok) w.Status = w.Status == "available" ? "paused" : "available";
            else w.Status = HttpBench.Query<string>(server, "SELECT status FROM workers WHERE id = @id", new { id = w.Id.ToString("D") })[0];
            return ok;
        };

        Func<int, long, Task<bool>> FollowUp(bool ours) => (c, i) =>
        {
            var slice = engagementSlices[c];
            return Post($"{(ours ? "/api" : "/bare")}/engagements/{slice[(int)(i % slice.Count)]}/follow-ups", followUp, ours);
        };

        var cases = new (string Name, string Route, Func<bool, Func<int, long, Task<bool>>> Send, int Owned)[]
        {
            ("Worker status change (active ⇄ paused)", "POST /api/workers/{id}/status", StatusChange, workers.Count),
            ("Engagement follow-up", "POST /api/engagements/{id}/follow-ups", FollowUp, running.Count),
        };

        var rows = new List<BenchRow>();
        var failures = new List<string>();
        foreach (var (name, route, send, owned) in cases)
        {
            await Load(Clients, warmup, send(true));
            await Load(Clients, warmup, send(false));
            // Alternating halves (ours, bare, bare, ours), so a drift in the file (WAL growth, checkpoints) weighs on both alike.
            var half = duration / 2;
            var ours1 = await Load(Clients, half, send(true));
            var bare1 = await Load(Clients, half, send(false));
            var bare2 = await Load(Clients, half, send(false));
            var ours2 = await Load(Clients, half, send(true));
            var ours = ours1.Add(ours2);
            var bare = bare1.Add(bare2);

            var failed = ours.Failed + bare.Failed;
            if (failed > 0) failures.Add($"{name}: {ours.Failed} failed of ours, {bare.Failed} of bare");
            var failNote = failed == 0 ? "no failed request" : $"FAILED: {ours.Failed} of {Fmt.Number(ours.Requests)} ours, {bare.Failed} of {Fmt.Number(bare.Requests)} bare";
            var ratio = ours.PerSecond / bare.PerSecond;
            rows.Add(new BenchRow($"{name}, {route} — writes/s", Fmt.PerSecond(ours.PerSecond), Fmt.PerSecond(bare.PerSecond), Fmt.Ratio(ratio),
                $"≥ {Target:0.0}× bare, no failure", failed == 0 && ratio >= Target ? Verdict.Met : Verdict.Missed,
                $"{Fmt.Number(ours.Succeeded)} vs {Fmt.Number(bare.Succeeded)} writes, {Clients} clients over {owned:N0} rows; {failNote}"));
            rows.Add(new BenchRow($"{name} — p50", Fmt.Ms(ours.P50), Fmt.Ms(bare.P50), Fmt.Ratio(ours.P50 / bare.P50), "", Verdict.None));
            rows.Add(new BenchRow($"{name} — CPU per write", $"{ours.CpuMicrosecondsPerRequest:N0} µs", $"{bare.CpuMicrosecondsPerRequest:N0} µs",
                Fmt.Ratio(ours.CpuMicrosecondsPerRequest / bare.CpuMicrosecondsPerRequest), "", Verdict.None,
                $"processor time of the process (server and client loops) per request; cores busy {ours.CoresBusy:0.00} ours, {bare.CoresBusy:0.00} bare, of {Environment.ProcessorCount}"));
            rows.Add(new BenchRow($"{name} — p99", Fmt.Ms(ours.P99), Fmt.Ms(bare.P99), Fmt.Ratio(ours.P99 / bare.P99), "", Verdict.None,
                $"requests over 100 ms (a wait for the write lock): {ours.Slow:N0} of {ours.Requests:N0} ours, {bare.Slow:N0} of {bare.Requests:N0} bare"));
        }

        // A correction of a held follow-up (PUT /api/follow-ups/{id}) against the write it corrects, both through the real
        // app: the follow-ups corrected are the ones the runs above recorded, held on the same day, so every correction
        // keeps to the rules; each alternates the company's satisfaction, so the company's kept facts follow it.
        var recorded = HttpBench.Query<Guid>(server,
            "SELECT id FROM follow_ups WHERE engagement_id IN @ids AND held_on = @heldOn ORDER BY id LIMIT @n",
            new { ids = running.Select(id => id.ToString("D")).ToArray(), heldOn = HeldOn.ToString("yyyy-MM-dd"), n = Clients * PerClient });
        if (recorded.Count < Clients)
            throw new InvalidOperationException($"Only {recorded.Count} follow-ups were recorded to correct; {Clients} are needed.");
        var correctionSlices = Slices(recorded, Clients);
        byte[] Correction(int satisfaction) => Encoding.UTF8.GetBytes(
            $$"""{"heldOn":"{{HeldOn:yyyy-MM-dd}}","companySatisfaction":{{satisfaction}},"workerEvaluation":4,"workerSatisfaction":4,"note":"bench correction"}""");
        byte[][] corrections = [Correction(3), Correction(5)];
        Task<bool> Correct(int c, long i)
        {
            var slice = correctionSlices[c];
            return Send(HttpMethod.Put, $"/api/follow-ups/{slice[(int)(i % slice.Count)]}", corrections[(i / slice.Count) % 2], true);
        }
        var write = FollowUp(true);

        await Load(Clients, warmup, write);
        await Load(Clients, warmup, Correct);
        var half2 = duration / 2;
        var write1 = await Load(Clients, half2, write);
        var correct1 = await Load(Clients, half2, Correct);
        var correct2 = await Load(Clients, half2, Correct);
        var write2 = await Load(Clients, half2, write);
        var writes = write1.Add(write2);
        var corrected = correct1.Add(correct2);
        {
            var failed = writes.Failed + corrected.Failed;
            if (failed > 0) failures.Add($"Follow-up correction: {corrected.Failed} failed of the corrections, {writes.Failed} of the writes");
            var failNote = failed == 0 ? "no failed request"
                : $"FAILED: {corrected.Failed} of {Fmt.Number(corrected.Requests)} corrections, {writes.Failed} of {Fmt.Number(writes.Requests)} writes";
            // At the same concurrency, the time each request holds a client is the clients over the rate.
            var (correctionMs, writeMs) = (Clients * 1000 / corrected.PerSecond, Clients * 1000 / writes.PerSecond);
            var ratio = correctionMs / writeMs;
            rows.Add(new BenchRow("Follow-up correction, PUT /api/follow-ups/{id} — time per request", Fmt.Ms(correctionMs), Fmt.Ms(writeMs), Fmt.Ratio(ratio),
                $"≤ {CorrectionTarget:0}× the write", failed == 0 && ratio <= CorrectionTarget ? Verdict.Met : Verdict.Missed,
                $"baseline: the follow-up write through the app (POST /api/engagements/{{id}}/follow-ups); {Fmt.PerSecond(corrected.PerSecond)} corrections against " +
                $"{Fmt.PerSecond(writes.PerSecond)} writes, {Clients} clients over {recorded.Count:N0} follow-ups; {failNote}"));
            rows.Add(new BenchRow("Follow-up correction — p50", Fmt.Ms(corrected.P50), Fmt.Ms(writes.P50), Fmt.Ratio(corrected.P50 / writes.P50), "", Verdict.None));
            rows.Add(new BenchRow("Follow-up correction — CPU per request", $"{corrected.CpuMicrosecondsPerRequest:N0} µs", $"{writes.CpuMicrosecondsPerRequest:N0} µs",
                Fmt.Ratio(corrected.CpuMicrosecondsPerRequest / writes.CpuMicrosecondsPerRequest), "", Verdict.None,
                $"processor time of the process (server and client loops) per request; cores busy {corrected.CoresBusy:0.00} corrections, {writes.CoresBusy:0.00} writes, of {Environment.ProcessorCount}"));
            rows.Add(new BenchRow("Follow-up correction — p99", Fmt.Ms(corrected.P99), Fmt.Ms(writes.P99), Fmt.Ratio(corrected.P99 / writes.P99), "", Verdict.None));
        }

        if (failures.Count > 0 && options.Smoke)
            throw new InvalidOperationException("Write API: requests failed. " + string.Join(" | ", failures) + " | " + string.Join(" | ", errors));

        var notes = new List<string>
        {
            $"Dataset: a copy of the {SuiteOptions.SizeLabel(engagements)}-engagement dataset (SQLite, WAL, synchronous as the app opens it); {Clients} concurrent HttpClient loops, " +
            $"each owning disjoint workers and engagements; {duration.TotalSeconds:0} s per side as alternating halves (ours, bare, bare, ours) after a {warmup.TotalSeconds:0.#} s warm-up of each. " +
            "Latency is measured by the client, request sent to body read.",
            "Bare: the statements the product issues, on a connection from the app's ConnectionFactory, in one transaction at the same isolation as Db.BeginAsync " +
            "(BEGIN IMMEDIATE on SQLite): for a status change the current row, the conditional UPDATE, the history and audit inserts and the worker read-back; " +
            "for a follow-up the engagement row, kickoff date, pending follow-up, its UPDATE (or an INSERT of a held one), the company's stage facts and satisfaction spans recomputed as DerivedFacts does, the audit insert and the read-back. " +
            "No API key, MVC, MediatR, validation or domain checks.",
            "SQLite takes one writer at a time (BEGIN IMMEDIATE). Ours queues its writers in the process (ConnectionFactory.Writers) before asking SQLite for the lock; " +
            "bare has only SQLite's busy handler (busy_timeout, set on every connection), which sleeps at growing intervals when the lock is taken, " +
            "so its collisions show as the requests over 100 ms.",
            "Correction: PUT /api/follow-ups/{id} on the follow-ups the follow-up runs recorded (held on the same day, so each keeps to the rules), alternating the " +
            "company's satisfaction between two values, against the follow-up write (POST) through the same app, as alternating halves (write, correction, correction, write). " +
            "Both sides run the whole product: the correction reads the engagement with its follow-ups, checks the rules, takes the company, updates the row, audits " +
            "from → to and lets the derived facts follow its event.",
        };
        if (!errors.IsEmpty) notes.Add("First errors: " + string.Join(" | ", errors.Take(3)));
        return new BenchSection("Write API",
            $"Worker status changes and engagement follow-ups per second through the real app on SQLite (WAL), with p50 and p99 latency, against bare endpoints that issue the same " +
            $"statements in one transaction straight through Dapper in the same process, at the same concurrency ({Clients} clients); and a follow-up correction against the " +
            "follow-up write it corrects, both through the app.",
            rows, notes);
    }

    private sealed class WorkerState
    {
        public Guid Id { get; init; }
        public string Status { get; set; } = "";
    }

    private static List<T>[] Slices<T>(IReadOnlyList<T> items, int count)
    {
        var slices = Enumerable.Range(0, count).Select(_ => new List<T>()).ToArray();
        for (var i = 0; i < items.Count; i++) slices[i % count].Add(items[i]);
        return slices;
    }

    /// <param name="Cpu">Processor time of this process (server and client loops) during the load.</param>
    private sealed record LoadResult(long Succeeded, long Failed, TimeSpan Elapsed, TimeSpan Cpu, List<double> LatenciesMs)
    {
        public long Requests => Succeeded + Failed;
        public double PerSecond => Succeeded / Elapsed.TotalSeconds;
        private List<double> Sorted => sorted ??= LatenciesMs.Order().ToList();
        private List<double>? sorted;
        public double P50 => HttpBench.Percentile(Sorted, 50);
        public double P99 => HttpBench.Percentile(Sorted, 99);
        public long Slow => LatenciesMs.Count(ms => ms >= 100);
        public double CpuMicrosecondsPerRequest => Cpu.TotalMicroseconds / Math.Max(1, Requests);
        public double CoresBusy => Cpu / Elapsed;

        public LoadResult Add(LoadResult? other) => other is null ? this
            : new LoadResult(Succeeded + other.Succeeded, Failed + other.Failed, Elapsed + other.Elapsed, Cpu + other.Cpu, [.. LatenciesMs, .. other.LatenciesMs]);
    }

    /// <summary>Clients loops sending one request after another until the duration is over.</summary>
    private static async Task<LoadResult> Load(int clients, TimeSpan duration, Func<int, long, Task<bool>> send)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var latencies = new List<double>(4096);
            long ok = 0, failed = 0, i = 0;
            while (watch.Elapsed < duration)
            {
                var start = Stopwatch.GetTimestamp();
                var succeeded = await send(c, i++);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (succeeded) ok++; else failed++;
            }
            return (ok, failed, latencies);
        })).ToList();
        var results = await Task.WhenAll(loops);
        var elapsed = watch.Elapsed;
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        return new LoadResult(results.Sum(r => r.ok), results.Sum(r => r.failed), elapsed, used, results.SelectMany(r => r.latencies).ToList());
    }
}
