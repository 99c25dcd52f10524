using Marketplace.Bench.Report;

namespace Marketplace.Bench.Http;

public static class MemoryScenario
{
    public static Task<BenchSection> Run(SuiteOptions options) => throw new NotImplementedException("MemoryScenario is not written yet.");
}
