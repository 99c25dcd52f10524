using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Marketplace.Bench.Report;

namespace Marketplace.Bench;

/// <summary>
/// What one run of the suite does. Smoke mode (the test suite's) runs every scenario on tiny data for a few
/// seconds so the benchmark code keeps compiling and working; its figures mean nothing and are not written.
/// </summary>
public sealed record SuiteOptions
{
    public bool Smoke { get; init; }

    /// <summary>Where generated datasets are kept between runs (git-ignored).</summary>
    public string DataDirectory { get; init; } = Path.Combine("bench", "data");

    /// <summary>Engagement counts of the insight datasets; the largest is the one the targets are judged on.</summary>
    public IReadOnlyList<int> Sizes { get; init; } = [10_000, 100_000, 1_000_000];

    /// <summary>Scenario names to run (read, write, pipeline, insights, documents, pages, memory, imports); empty for all.</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    public bool Runs(string scenario) => Only.Count == 0 || Only.Contains(scenario, StringComparer.OrdinalIgnoreCase);

    public static string SizeLabel(int engagements) => engagements switch
    {
        >= 1_000_000 when engagements % 1_000_000 == 0 => $"{engagements / 1_000_000}M",
        >= 1_000 when engagements % 1_000 == 0 => $"{engagements / 1_000}k",
        _ => engagements.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>Generated datasets, made once per size and seed and reused by later runs.</summary>
public static class Datasets
{
    public static string Ensure(SuiteOptions options, int engagements)
    {
        Directory.CreateDirectory(options.DataDirectory);
        var path = Path.GetFullPath(Path.Combine(options.DataDirectory, $"bench-{engagements}-{GeneratorOptions.DefaultSeed}.db"));
        if (File.Exists(path))
        {
            // A dataset kept from an earlier run is brought to the current schema, as the app would on start.
            new Marketplace.Core.Data.MigrationRunner(new Marketplace.Core.Data.ConnectionFactory(
                new Marketplace.Core.Data.DatabaseOptions(Marketplace.Core.Data.DatabaseProvider.Sqlite, $"Data Source={path}"))).Apply();
            return path;
        }
        var partial = path + ".partial";
        foreach (var stale in new[] { partial, partial + "-wal", partial + "-shm" }) File.Delete(stale);
        var watch = Stopwatch.StartNew();
        Console.Error.WriteLine($"generating {SuiteOptions.SizeLabel(engagements)} engagements into {path} ...");
        new BenchDataGenerator(GeneratorOptions.ForEngagements(engagements)).Generate(partial);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "-wal", "-shm" })
            if (File.Exists(partial + suffix)) File.Delete(partial + suffix);
        File.Move(partial, path);
        Console.Error.WriteLine($"  done in {watch.Elapsed.TotalSeconds:F0} s");
        return path;
    }

    public static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return string.Join(Environment.NewLine,
            $"- CPU: {cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}, {Environment.ProcessorCount} logical cores",
            $"- Memory: {memory ?? "unknown"}",
            $"- OS: {RuntimeInformation.OSDescription}",
            $"- Runtime: {RuntimeInformation.FrameworkDescription}, server GC: {System.Runtime.GCSettings.IsServerGC}",
            $"- SQLite {SqliteVersion()} (WAL), loopback HTTP, wrk {Http.Wrk.Version() ?? "not installed"}");
    }

    private static string SqliteVersion()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version()";
        return (string)command.ExecuteScalar()!;
    }
}
