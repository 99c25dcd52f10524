using Marketplace.Bench.Report;

namespace Marketplace.Bench;

/// <summary>Runs the scenarios of one suite run in a fixed order and collects their sections.</summary>
public static class BenchRunner
{
    public static async Task<IReadOnlyList<BenchSection>> Run(SuiteOptions options)
    {
        var sections = new List<BenchSection>();
        async Task Add(string name, Func<Task<BenchSection>> scenario)
        {
            if (!options.Runs(name)) return;
            Console.Error.WriteLine($"== {name}");
            var section = await scenario();
            sections.Add(section);
            foreach (var row in section.Rows)
                Console.Error.WriteLine($"   {row.Case}: {row.Ours} vs {row.Baseline} ({row.Ratio}) {row.Verdict}");
        }

        await Add("read", () => Http.ReadApiScenario.Run(options));
        await Add("write", () => Http.WriteApiScenario.Run(options));
        await Add("pipeline", () => Micro.PipelineScenario.Run(options));
        await Add("insights", () => Insights.InsightScenario.Run(options));
        // The dashboard row alone (it is part of insights): only when asked for by name.
        if (options.Only.Contains("dashboard", StringComparer.OrdinalIgnoreCase))
            await Add("dashboard", () => Insights.DashboardCase.Run(options));
        await Add("documents", () => Micro.DocumentScenario.Run(options));
        await Add("pages", () => Http.PagesScenario.Run(options));
        await Add("memory", () => Http.MemoryScenario.Run(options));
        await Add("imports", () => Imports.ImportScenario.Run(options));
        return sections;
    }
}
