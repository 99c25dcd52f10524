namespace Marketplace.Core.Domain;

/// <summary>How many spans lasted exactly <paramref name="Days"/> days, how many of them ended (the rest are still running: censored).</summary>
public sealed record DurationCount(int Days, int Total, int Ended);

/// <summary>
/// A point of the Kaplan–Meier curve with its 95 % band (<see cref="Uncertainty.SurvivalBand"/>; null where the band is
/// not defined), and whether enough remain at risk for the point to be drawn (<see cref="Survival.MinAtRisk"/>).
/// </summary>
public sealed record SurvivalPoint(int Day, int AtRisk, int Ended, double Survival, double? Lower = null, double? Upper = null)
{
    public bool Reliable => AtRisk >= Domain.Survival.MinAtRisk;
}

public sealed record TenureBucket(string Label, int Count);

/// <summary>
/// Tenure statistics (docs/domain.md, "Tenure and survival"): the distribution and median of ended spans, and the Kaplan–Meier
/// survival curve that counts the ones still running as censored (a plain average of ended ones is
/// biased short). Durations are whole days, never negative.
/// </summary>
public static class Survival
{
    /// <summary>Below this many at risk a step of the curve is one or two spans' story: the dashboard stops drawing it there.</summary>
    public const int MinAtRisk = 10;

    /// <summary>
    /// Bucket edges in whole calendar months of tenure (<see cref="Tenure.Months"/>): under 1, 1–3, 3–6, 6–12, 12 and
    /// more; a bucket holds the spans of at least its first and fewer than its last months.
    /// </summary>
    public static readonly IReadOnlyList<(string Label, int FromMonths, int? UntilMonths)> Buckets =
    [
        ("<1m", 0, 1),
        ("1-3m", 1, 3),
        ("3-6m", 3, 6),
        ("6-12m", 6, 12),
        (">=12m", 12, null),
    ];

    public static string BucketOf(int months) =>
        Buckets.First(b => months >= b.FromMonths && (b.UntilMonths is null || months < b.UntilMonths)).Label;

    /// <summary>The ended spans per bucket, from how many ended after each whole number of months.</summary>
    public static IReadOnlyList<TenureBucket> Distribution(IEnumerable<(int Months, int Ended)> ended)
    {
        var list = ended.ToList();
        return Buckets.Select(b => new TenureBucket(b.Label,
            list.Where(d => BucketOf(Math.Max(0, d.Months)) == b.Label).Sum(d => d.Ended))).ToList();
    }

    /// <summary>The median of the ended durations (mean of the two middle ones for an even count); null when none ended.</summary>
    public static double? MedianEnded(IEnumerable<DurationCount> durations)
    {
        var sorted = durations.Where(d => d.Ended > 0).Select(d => (Days: Math.Max(0, d.Days), d.Ended)).OrderBy(d => d.Days).ToList();
        var n = sorted.Sum(d => d.Ended);
        if (n == 0) return null;
        return n % 2 == 1 ? At((n - 1) / 2) : (At(n / 2 - 1) + At(n / 2)) / 2.0;

        double At(int index)
        {
            foreach (var (days, count) in sorted)
            {
                if (index < count) return days;
                index -= count;
            }
            throw new InvalidOperationException("index beyond the ended durations");
        }
    }

    /// <summary>
    /// Kaplan–Meier: at each day on which something ended, S(t) = S(t⁻) × (1 − ended(t) / atRisk(t)), where
    /// at risk are the spans that lasted at least t days (ended on t or later, or censored on t or later:
    /// a span censored on day t counts as at risk at t). One point per such day, in day order.
    /// </summary>
    public static IReadOnlyList<SurvivalPoint> KaplanMeier(IEnumerable<DurationCount> durations)
    {
        var byDay = durations
            .GroupBy(d => Math.Max(0, d.Days))
            .Select(g => (Day: g.Key, Total: g.Sum(d => d.Total), Ended: g.Sum(d => d.Ended)))
            .OrderBy(d => d.Day)
            .ToList();
        var atRisk = byDay.Sum(d => d.Total);
        var survival = 1.0;
        // Greenwood's sum Σ d/(n(n−d)); infinite once everyone at risk ended (the band is then not defined).
        var greenwood = 0.0;
        var points = new List<SurvivalPoint>();
        foreach (var (day, total, ended) in byDay)
        {
            if (ended > 0)
            {
                survival *= 1.0 - (double)ended / atRisk;
                greenwood += ended < atRisk ? (double)ended / ((double)atRisk * (atRisk - ended)) : double.PositiveInfinity;
                var band = Uncertainty.SurvivalBand(survival, greenwood);
                points.Add(new SurvivalPoint(day, atRisk, ended, survival, band?.Lower, band?.Upper));
            }
            atRisk -= total;
        }
        return points;
    }

    /// <summary>The first day on which the survival curve is at or below one half; null when it never gets there.</summary>
    public static int? MedianSurvivalDays(IReadOnlyList<SurvivalPoint> curve) =>
        curve.FirstOrDefault(p => p.Survival <= 0.5 + 1e-12)?.Day;
}
