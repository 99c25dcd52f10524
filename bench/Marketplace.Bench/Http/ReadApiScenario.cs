using Marketplace.Bench.Report;

namespace Marketplace.Bench.Http;

public static class ReadApiScenario
{
    public static Task<BenchSection> Run(SuiteOptions options) => throw new NotImplementedException("ReadApiScenario is not written yet.");
}
