using Marketplace.Bench.Report;

namespace Marketplace.Bench.Micro;

public static class PipelineScenario
{
    public static Task<BenchSection> Run(SuiteOptions options) => throw new NotImplementedException("PipelineScenario is not written yet.");
}
