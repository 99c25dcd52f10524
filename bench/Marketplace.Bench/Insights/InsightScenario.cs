using Marketplace.Bench.Report;

namespace Marketplace.Bench.Insights;

public static class InsightScenario
{
    public static Task<BenchSection> Run(SuiteOptions options) => throw new NotImplementedException("InsightScenario is not written yet.");
}
