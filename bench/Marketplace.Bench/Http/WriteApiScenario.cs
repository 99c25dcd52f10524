using Marketplace.Bench.Report;

namespace Marketplace.Bench.Http;

public static class WriteApiScenario
{
    public static Task<BenchSection> Run(SuiteOptions options) => throw new NotImplementedException("WriteApiScenario is not written yet.");
}
