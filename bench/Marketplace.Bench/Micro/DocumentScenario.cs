using Marketplace.Bench.Report;

namespace Marketplace.Bench.Micro;

public static class DocumentScenario
{
    public static Task<BenchSection> Run(SuiteOptions options) => throw new NotImplementedException("DocumentScenario is not written yet.");
}
