using Marketplace.Bench;
using Marketplace.Bench.Report;

namespace Marketplace.Tests.Bench;

/// <summary>
/// The benchmark suite in smoke mode: every scenario runs its real code (the app and its bare baselines on a small
/// generated dataset, wrk, BenchmarkDotNet, the document renderer, a server process of its own for memory) for a few
/// seconds, so the suite keeps compiling and working. Its figures are not judged here; that no request failed is.
/// </summary>
public sealed class BenchSmokeTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "marketplace-bench-smoke", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Every_scenario_runs_and_reports_ours_next_to_its_baseline()
    {
        var sections = await BenchRunner.Run(new SuiteOptions { Smoke = true, Sizes = [2_000], DataDirectory = directory });

        Assert.Equal(["Read API", "Write API", "Pipeline overhead", "Insights at scale", "Documents", "Pages", "Memory", "Imports"], sections.Select(s => s.Title));
        foreach (var section in sections)
        {
            Assert.NotEmpty(section.Rows);
            Assert.All(section.Rows, row => Assert.False(string.IsNullOrWhiteSpace(row.Ours), $"{section.Title}: {row.Case} has no figure"));
        }
        var markdown = MarkdownReport.Render("run --smoke", Datasets.Machine(), sections, Changes.Made, Changes.Misses);
        Assert.All(sections, s => Assert.Contains($"## {s.Title}", markdown));
        // Every recorded profile names a scenario that exists, and every missed row is listed with its reason (or the lack of one).
        Assert.All(Changes.Misses, m => Assert.Contains(m.Section, sections.Select(s => s.Title)));
        foreach (var section in sections)
            foreach (var row in section.Rows.Where(r => r.Verdict == Verdict.Missed))
                Assert.Contains($"- **{section.Title} — {row.Case}**", markdown);
    }
}
