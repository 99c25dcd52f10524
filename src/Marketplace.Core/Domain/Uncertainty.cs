namespace Marketplace.Core.Domain;

/// <summary>A two-sided 95 % interval.</summary>
public sealed record Interval(double Lower, double Upper);

/// <summary>
/// How sure a figure is (docs/domain.md, "Uncertainty"): the 95 % band of a Kaplan–Meier point (Greenwood's variance
/// on the log(−log) scale, as lifelines computes it by default), the Katz interval of a risk ratio, and Fisher's exact
/// test of a 2×2 table. Plain functions of counts, so each is checked against known values.
/// </summary>
public static class Uncertainty
{
    /// <summary>The normal quantile of a two-sided 95 % interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// The band of S(t) from Greenwood's sum Σ d/(n(n−d)) over the event days up to t: exp(−exp(log(−log S) ± z·√v)),
    /// v = sum / (log S)². Null where it is not defined: S = 1 (nothing ended yet) or S = 0 (everything did).
    /// </summary>
    public static Interval? SurvivalBand(double survival, double greenwoodSum)
    {
        if (survival <= 0 || survival >= 1 || double.IsInfinity(greenwoodSum)) return null;
        var logS = Math.Log(survival);
        var spread = Z95 * Math.Sqrt(greenwoodSum / (logS * logS));
        var center = Math.Log(-logS);
        return new Interval(Math.Exp(-Math.Exp(center + spread)), Math.Exp(-Math.Exp(center - spread)));
    }

    /// <summary>
    /// Katz's interval of the risk ratio (a/n1)/(c/n2): exp(ln RR ± z·√(1/a − 1/n1 + 1/c − 1/n2)). Null when either group
    /// is empty or had no event (the ratio or its log is then not defined).
    /// </summary>
    public static Interval? RiskRatio(int a, int n1, int c, int n2)
    {
        if (a <= 0 || c <= 0 || n1 <= 0 || n2 <= 0) return null;
        var ratio = (double)a / n1 / ((double)c / n2);
        var se = Math.Sqrt(1.0 / a - 1.0 / n1 + 1.0 / c - 1.0 / n2);
        return new Interval(ratio * Math.Exp(-Z95 * se), ratio * Math.Exp(Z95 * se));
    }

    /// <summary>
    /// Fisher's exact test, two-sided: the probability, with the margins fixed, of a table as or less likely than
    /// [[a, b], [c, d]] (the tables' hypergeometric probabilities summed, with a relative tolerance for ties, as R does).
    /// </summary>
    public static double FisherExact(int a, int b, int c, int d)
    {
        if (a < 0 || b < 0 || c < 0 || d < 0) throw new ArgumentOutOfRangeException(nameof(a), "Counts are never negative.");
        var row1 = a + b;
        var col1 = a + c;
        var n = a + b + c + d;
        if (n == 0) return 1;
        // log k! for every k up to n, once: each table's probability is then three lookups, not three sums over n.
        var logFactorial = new double[n + 1];
        for (var i = 2; i <= n; i++) logFactorial[i] = logFactorial[i - 1] + Math.Log(i);
        double LogChoose(int m, int k) => logFactorial[m] - logFactorial[k] - logFactorial[m - k];
        double LogP(int x) => LogChoose(row1, x) + LogChoose(n - row1, col1 - x) - LogChoose(n, col1);
        var observed = LogP(a);
        var p = 0.0;
        for (var x = Math.Max(0, col1 - (n - row1)); x <= Math.Min(row1, col1); x++)
        {
            var logP = LogP(x);
            if (logP <= observed + 1e-7 * Math.Abs(observed) + 1e-12) p += Math.Exp(logP);
        }
        return Math.Min(1, p);
    }
}
