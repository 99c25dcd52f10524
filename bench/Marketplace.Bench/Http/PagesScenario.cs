using Marketplace.Bench.Report;

namespace Marketplace.Bench.Http;

public static class PagesScenario
{
    public static Task<BenchSection> Run(SuiteOptions options) => throw new NotImplementedException("PagesScenario is not written yet.");
}
