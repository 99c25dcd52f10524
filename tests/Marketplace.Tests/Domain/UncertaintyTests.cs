using Marketplace.Core.Domain;

namespace Marketplace.Tests.Domain;

/// <summary>The uncertainty of the insights, against values computed by hand from the published formulas and tables.</summary>
public class UncertaintyTests
{
    [Fact]
    public void The_survival_band_is_greenwood_on_the_log_minus_log_scale()
    {
        // 10 at risk, 1 ends: S = 0.9, Greenwood's sum 1/(10·9).
        var band = Uncertainty.SurvivalBand(0.9, 1.0 / 90)!;
        Assert.Equal(0.47300, band.Lower, 4);
        Assert.Equal(0.98528, band.Upper, 4);
        Assert.Null(Uncertainty.SurvivalBand(1, 0));
        Assert.Null(Uncertainty.SurvivalBand(0, double.PositiveInfinity));
    }

    [Fact]
    public void The_risk_ratio_has_katz_interval()
    {
        // 10 of 100 against 5 of 100: RR 2, SE √0.28.
        var interval = Uncertainty.RiskRatio(10, 100, 5, 100)!;
        Assert.Equal(0.70895, interval.Lower, 4);
        Assert.Equal(5.64214, interval.Upper, 4);
        Assert.Null(Uncertainty.RiskRatio(0, 10, 3, 10));
        Assert.Null(Uncertainty.RiskRatio(3, 10, 0, 10));
    }

    [Theory]
    [InlineData(3, 1, 1, 3, 0.4857142857)] // Fisher's tea-tasting table
    [InlineData(1, 9, 11, 3, 0.0027594562)] // the 2×2 example of R's fisher.test documentation family
    [InlineData(5, 5, 5, 5, 1.0)]
    [InlineData(0, 10, 10, 0, 1.0825088e-05)]
    public void Fishers_exact_test_is_two_sided(int a, int b, int c, int d, double p) =>
        Assert.Equal(p, Uncertainty.FisherExact(a, b, c, d), 6);
}
