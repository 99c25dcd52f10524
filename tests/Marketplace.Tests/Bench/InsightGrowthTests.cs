using Marketplace.Bench.Insights;

namespace Marketplace.Tests.Bench;

/// <summary>A growth row divides the medians of the rounds both sizes ran, not the smaller size's later runs taken alone.</summary>
public sealed class InsightGrowthTests
{
    [Fact]
    public void Growth_takes_the_medians_of_the_rounds_both_sizes_ran()
    {
        // The smaller size ran 7 rounds, the larger 3; the smaller's last four ran alone, and fast.
        double[] smaller = [10, 50, 12, 1, 1, 1, 1];
        double[] larger = [100, 120, 110];

        var (small, large, rounds) = InsightScenario.GrowthOf(smaller, larger);

        Assert.Equal(3, rounds);
        Assert.Equal(12, small);
        Assert.Equal(110, large);
        Assert.Equal((small, large, rounds), InsightScenario.GrowthOf(smaller[..3], larger));
    }
}
