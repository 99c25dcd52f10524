using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Marketplace.Bench.Http;
using Marketplace.Bench.Report;
using Marketplace.Bench.Server;
using Marketplace.Core.Data;

namespace Marketplace.Bench.Imports;

/// <summary>
/// Imports: a 10,000-row engagement history sheet sent to POST /api/imports/engagements on a fresh database whose
/// companies and workers came in through the same API; its dry run against 10 s, and its commit in rows per second
/// against the same rows written by bare INSERTs in one transaction on another fresh database (≥ 0.5×).
/// </summary>
public static class ImportScenario
{
    private const double RatioTarget = 0.5;
    private const double DryRunTargetSeconds = 10;
    private const string FileName = "案件履歴.csv";

    public static async Task<BenchSection> Run(SuiteOptions options)
    {
        var ours = HttpBench.TempFile("imports", ".db");
        var bare = HttpBench.TempFile("imports-bare", ".db");
        try
        {
            return await Run(options, ours, bare);
        }
        finally
        {
            HttpBench.DeleteDatabase(ours);
            HttpBench.DeleteDatabase(bare);
        }
    }

    private sealed record Sent(JsonNode Report, TimeSpan Elapsed, int Status);

    private static async Task<BenchSection> Run(SuiteOptions options, string database, string bareDatabase)
    {
        var engagements = options.Smoke ? 300 : 10_000;
        var history = new ImportHistory(engagements, GeneratorOptions.DefaultSeed, Guid.NewGuid().ToString("N")[..8]);
        var sheet = history.EngagementsCsv();

        await using var server = await BenchServer.StartAsync(database);
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BenchServer.ApiKey);

        foreach (var m in history.Members)
        {
            using var response = await client.PostAsync("/api/members", new StringContent(
                $$"""{"name":"{{m.Name}}","email":"{{m.Email}}","team":"{{Marketplace.Core.Domain.Wire.Name(m.Team)}}"}""", Encoding.UTF8, "application/json"));
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"POST /api/members answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        async Task<Sent> Import(string kind, byte[] content, string fileName, bool dryRun)
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            using var form = new MultipartFormDataContent { { file, "file", fileName } };
            var watch = Stopwatch.StartNew();
            using var response = await client.PostAsync($"/api/imports/{kind}?dryRun={(dryRun ? "true" : "false")}", form);
            var text = await response.Content.ReadAsStringAsync();
            watch.Stop();
            var report = JsonNode.Parse(text)!;
            var errors = report["errors"]?.AsArray();
            if (!response.IsSuccessStatusCode || errors is null || errors.Count > 0 || report["committed"]!.GetValue<bool>() == dryRun)
                throw new InvalidOperationException($"POST /api/imports/{kind}?dryRun={dryRun} answered {(int)response.StatusCode}: {text[..Math.Min(text.Length, 1_000)]}");
            return new Sent(report, watch.Elapsed, (int)response.StatusCode);
        }

        // The masters first, through the same API, as a team moving in would.
        var companies = await Import("companies", history.CompaniesCsv(), "顧客マスタ.csv", dryRun: false);
        var workers = await Import("workers", history.WorkersCsv(), "人材.csv", dryRun: false);

        // A warm-up dry run of the sheet's first rows (rolled back), so the timed ones do not pay for the first calls.
        await Import("engagements", history.EngagementsCsv(options.Smoke ? 20 : 1_000), FileName, dryRun: true);

        var dryRun = await Import("engagements", sheet, FileName, dryRun: true);
        Expect(dryRun, engagements);

        // The commit, with the process's memory sampled while it runs (the server is this process).
        var before = Memory.Read();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using var stop = new CancellationTokenSource();
        long peakRss = before.Rss, peakHeap = GC.GetTotalMemory(false);
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peakRss = Math.Max(peakRss, Memory.Read().Rss);
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                try { await Task.Delay(100, stop.Token); } catch (OperationCanceledException) { }
            }
        });
        Sent commit;
        try
        {
            commit = await Import("engagements", sheet, FileName, dryRun: false);
        }
        finally
        {
            stop.Cancel();
            await sampler;
        }
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var after = Memory.Read();
        Expect(commit, engagements);

        var counts = Counts(server.Services.GetService(typeof(ConnectionFactory)) as ConnectionFactory
            ?? throw new InvalidOperationException("No ConnectionFactory in the bench host."));
        var auditRows = HttpBench.Query<long>(server, "SELECT COUNT(*) FROM audit_log WHERE action = 'import' AND summary LIKE @file", new { file = FileName + " row %" })[0];

        // The bare baseline on a database of its own, built by the migrations; its masters are written untimed.
        var bareFactory = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={bareDatabase}"));
        new MigrationRunner(bareFactory).Apply();
        var masters = BareImport.WriteMasters(bareFactory, history);
        var bareWatch = Stopwatch.StartNew();
        var bareStatements = await BareImport.WriteHistory(bareFactory, history, masters, FileName);
        bareWatch.Stop();
        var bareCounts = Counts(bareFactory);
        var bareRows = engagements / bareWatch.Elapsed.TotalSeconds;
        foreach (var table in new[] { "engagements", "kickoffs", "follow_ups", "engagement_churns", "engagement_churn_reasons" })
            if (counts[table] != bareCounts[table])
                throw new InvalidOperationException($"Imports: the import wrote {counts[table]} rows to {table}, the bare baseline {bareCounts[table]}.");

        var ourRows = engagements / commit.Elapsed.TotalSeconds;
        var ratio = ourRows / bareRows;
        var followed = history.Engagements.Count(e => e.FollowUpOn is not null);
        var ended = history.Engagements.Count(e => e.EndedOn is not null);
        var size = SuiteOptions.SizeLabel(engagements);
        var rows = new List<BenchRow>
        {
            new($"Dry run of the {size}-row history, POST /api/imports/engagements?dryRun=true — time", Seconds(dryRun.Elapsed), Seconds(bareWatch.Elapsed),
                Fmt.Ratio(dryRun.Elapsed / bareWatch.Elapsed),
                $"< {DryRunTargetSeconds:0} s", dryRun.Elapsed.TotalSeconds < DryRunTargetSeconds ? Verdict.Met : Verdict.Missed,
                $"{Fmt.PerSecond(engagements / dryRun.Elapsed.TotalSeconds)} rows; every row replayed and checked, then rolled back; baseline: the bare INSERTs of the same rows"),
            new($"Commit of the {size}-row history, POST /api/imports/engagements?dryRun=false — rows/s", Fmt.PerSecond(ourRows), Fmt.PerSecond(bareRows), Fmt.Ratio(ratio),
                $"≥ {RatioTarget:0.0}× bare", ratio >= RatioTarget ? Verdict.Met : Verdict.Missed,
                $"ours {Seconds(commit.Elapsed)} (upload, parse, replay, derived facts, commit, report), bare {Seconds(bareWatch.Elapsed)} for the INSERTs alone"),
            new("Commit — table rows written per sheet row", Fmt.Number(counts.Written / (double)engagements), Fmt.Number(bareStatements / (double)engagements),
                Fmt.Ratio(counts.Written / (double)bareStatements), "", Verdict.None,
                $"rows in engagements, kickoffs, follow-ups, churns, reasons, the history's audit entries and worker status history, counted after each side; bare issues one INSERT per row ({Fmt.Number(bareStatements)}); audit entries: {Fmt.Number(auditRows)} ours, {Fmt.Number(bareCounts["audit_log"])} bare"),
            new("Commit — GC allocated per row", Fmt.Bytes(allocated / (double)engagements), "—", "", "", Verdict.None,
                $"{Fmt.Bytes(allocated)} over the request, client side included (GC.GetTotalAllocatedBytes of this process)"),
            new("Commit — peak working set (sampled VmRSS)", Fmt.Bytes(peakRss), Fmt.Bytes(before.Rss), Fmt.Ratio(peakRss / (double)before.Rss), "", Verdict.None,
                $"before the commit {Fmt.Bytes(before.Rss)}, after {Fmt.Bytes(after.Rss)}; peak managed heap {Fmt.Bytes(peakHeap)}; sheet {Fmt.Bytes(sheet.Length)}"),
            new($"Companies sheet ({Fmt.Number(history.Companies.Count)} rows) committed — rows/s", Fmt.PerSecond(history.Companies.Count / companies.Elapsed.TotalSeconds), "—", "", "", Verdict.None,
                Seconds(companies.Elapsed)),
            new($"Workers sheet ({Fmt.Number(history.Workers.Count)} rows) committed — rows/s", Fmt.PerSecond(history.Workers.Count / workers.Elapsed.TotalSeconds), "—", "", "", Verdict.None,
                Seconds(workers.Elapsed)),
        };
        var notes = new List<string>
        {
            $"The history: {Fmt.Number(engagements)} engagements over {Fmt.Number(history.Companies.Count)} companies and {Fmt.Number(history.Workers.Count)} workers " +
            $"(each worker's four one after another), generated in memory as a UTF-8 CSV with Japanese headers and labels ({Fmt.Bytes(sheet.Length)}). Every row is " +
            $"contracted and kicked off with a CS member; {followed * 100.0 / engagements:0}% are followed up; {ended * 100.0 / engagements:0}% ended, each with one or two reasons.",
            $"Ours: the bench host (the real app) on a fresh SQLite file (WAL) built by the migrations; {history.Members.Count} members made through POST /api/members, then the " +
            "companies and workers sheets committed through POST /api/imports, then a warm-up dry run of the history's first rows, the timed dry run and the timed commit, " +
            "one request each, timed by the client from the upload to the report read. Each new row is recorded in one go by the RecordEngagementHistory use case " +
            "(every rule of the proposal, contract, kickoff, follow-up and end checked, then its records written in their final state) in the command's one " +
            "transaction with a savepoint per row; the derived facts of every record follow at the commit. The warm-up is 1,000 rows, so the timed dry run " +
            "does not pay for the first calls' compilation.",
            "Bare: the same rows' INSERTs — engagements, kickoffs, follow-ups, engagement churns and their reasons, and the engagement rows' audit entries — through Dapper " +
            "in one transaction (BEGIN IMMEDIATE) on another fresh file built by the migrations, with the derived facts computed in C# and written with the rows; its members, " +
            "companies and workers are written untimed before it. Not written by bare: the worker status moves the history makes (status, history row and audit entry " +
            "each), the scheduled follow-up's update, and the company stage facts. Both sides end with the same number of rows in the engagement tables (checked).",
            "Memory: the process (server and client) sampled every 100 ms while the commit runs; the report itself (one item per row) is held until it is sent.",
        };
        return new BenchSection("Imports",
            $"A {size}-row engagement history sheet imported through POST /api/imports/engagements on a fresh database: the dry run against {DryRunTargetSeconds:0} s, " +
            "and the commit in rows per second against the same rows written by bare parameterised INSERTs in one transaction on a fresh database (target ≥ 0.5×); " +
            "with the companies and workers sheets before it, and the memory of the commit.",
            rows, notes);
    }

    private static void Expect(Sent sent, int rows)
    {
        if (sent.Report["rows"]!.GetValue<int>() != rows || sent.Report["created"]!.GetValue<int>() != rows)
            throw new InvalidOperationException($"Imports: expected {rows} rows created, the report says {sent.Report["rows"]} rows, {sent.Report["created"]} created.");
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    /// <summary>Rows per written table, and their sum over every table the history touches.</summary>
    private sealed record TableCounts(IReadOnlyDictionary<string, long> Rows)
    {
        public long this[string table] => Rows[table];
        public long Written => Rows.Values.Sum();
    }

    private static readonly string[] HistoryTables =
        ["engagements", "kickoffs", "follow_ups", "engagement_churns", "engagement_churn_reasons", "audit_log", "worker_status_history"];

    private static TableCounts Counts(ConnectionFactory factory)
    {
        using var connection = factory.Open();
        var rows = new Dictionary<string, long>();
        // Audit rows of the engagement import only: the masters' imports and the members wrote some before it.
        foreach (var table in HistoryTables)
            rows[table] = connection.ExecuteScalar<long>(table switch
            {
                "audit_log" => "SELECT COUNT(*) FROM audit_log WHERE summary LIKE @file",
                "worker_status_history" => "SELECT COUNT(*) FROM worker_status_history WHERE engagement_id IS NOT NULL",
                _ => $"SELECT COUNT(*) FROM {table}",
            }, new { file = FileName + " row %" });
        return new TableCounts(rows);
    }

    private readonly record struct Memory(long Rss)
    {
        public static Memory Read()
        {
            if (!File.Exists("/proc/self/status")) return new Memory(Environment.WorkingSet);
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return new Memory(long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024);
            return new Memory(Environment.WorkingSet);
        }
    }
}
