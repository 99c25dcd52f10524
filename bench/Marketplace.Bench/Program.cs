using System.Diagnostics;
using System.Globalization;
using Marketplace.Bench.Report;
using Marketplace.Bench.Server;

namespace Marketplace.Bench;

/// <summary>
/// The benchmark suite's entry point: generate a dataset, run the scenarios into docs/benchmarks.md, or serve the
/// app with its bare baselines. A named class, so it never clashes with the web app's Program in the tests.
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        const string usage = """
            Usage:
              generate --engagements <n> --out <file.db> [--seed <n>] [--today yyyy-MM-dd]
              run [--smoke] [--sizes 10000,100000,1000000] [--only read,write,pipeline,insights,dashboard,documents,pages,memory,imports] [--data bench/data] [--out docs/benchmarks.md]
              serve --db <file.db> [--port <n>]
            """;

        string? Option(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        switch (args.FirstOrDefault())
        {
            case "generate":
                return Generate();
            case "serve":
                if (Option("--db") is not { } db) { Console.Error.WriteLine(usage); return 64; }
                return await BenchServer.Serve(db, int.TryParse(Option("--port"), out var port) ? port : 0);
            case "run":
                return await RunSuite();
            default:
                Console.Error.WriteLine(usage);
                return 64;
        }

        int Generate()
        {
            if (!int.TryParse(Option("--engagements"), out var engagements) || engagements <= 0 || Option("--out") is not { } output)
            {
                Console.Error.WriteLine("generate needs --engagements <positive number> and --out <file.db>.");
                return 64;
            }
            var options = GeneratorOptions.ForEngagements(engagements) with
            {
                Seed = int.TryParse(Option("--seed"), out var seed) ? seed : GeneratorOptions.DefaultSeed,
                Today = Option("--today") is { } today ? DateOnly.ParseExact(today, "yyyy-MM-dd", CultureInfo.InvariantCulture) : GeneratorOptions.DefaultToday,
            };
            var watch = Stopwatch.StartNew();
            var counts = new BenchDataGenerator(options).Generate(output);
            Console.WriteLine($"Wrote {output} in {watch.Elapsed.TotalSeconds:F1} s:");
            foreach (var (table, rows) in counts.Rows)
                Console.WriteLine($"  {table,-26} {rows,10:N0}");
            return 0;
        }

        async Task<int> RunSuite()
        {
            var options = new SuiteOptions
            {
                Smoke = args.Contains("--smoke"),
                DataDirectory = Option("--data") ?? Path.Combine("bench", "data"),
                Sizes = Option("--sizes") is { } sizes ? sizes.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList() : new SuiteOptions().Sizes,
                Only = Option("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [],
            };
            if (options.Smoke && Option("--sizes") is null) options = options with { Sizes = [2_000] };
            var sections = await BenchRunner.Run(options);
            var output = Option("--out") ?? (options.Smoke ? null : Path.Combine("docs", "benchmarks.md"));
            if (output is not null)
            {
                var asked = args.Skip(1).Where((a, i) => a != "--out" && (i == 0 || args[i] != "--out"));
                var command = "dotnet run -c Release --project bench/Marketplace.Bench -- run" + string.Concat(asked.Select(a => " " + a));
                File.WriteAllText(output, MarkdownReport.Render(command, Datasets.Machine(), sections, Changes.Made, Changes.Misses));
                Console.Error.WriteLine($"wrote {output}");
            }
            var missed = sections.SelectMany(s => s.Rows).Count(r => r.Verdict == Verdict.Missed);
            Console.Error.WriteLine($"{sections.Count} scenarios, {missed} targets missed");
            return 0;
        }
    }
}
