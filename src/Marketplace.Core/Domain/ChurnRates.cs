namespace Marketplace.Core.Domain;

/// <summary>
/// One month of a churn rate: active at its start, churned in it, and the rates (null when nothing was active); whether
/// the month is not over yet (<see cref="Partial"/>: its figures are still growing); and the 3-month rolling rate, the
/// churned of the three months ending with this one over their actives at start, with both sums.
/// </summary>
public sealed record MonthlyChurn(string Month, int ActiveAtStart, int Churned, int NegativeChurned, double? Rate, double? NegativeRate,
    bool Partial = false, int RollingActiveAtStart = 0, int RollingChurned = 0, double? RollingRate = null);

/// <summary>One month of amounts (MRR): as <see cref="MonthlyChurn"/>, in yen instead of spans.</summary>
public sealed record MonthlyAmount(YearMonth Month, long AtStart, long Churned, long NegativeChurned);

/// <summary>
/// Monthly churn rate (docs/domain.md, "Churn rates") over spans (a company's signed term, or an engagement):
/// rate(M) = spans ending in M ÷ spans active at the start of M, where a span is active at the start of M
/// when it started before the first day of M and had not ended before that day. A span that ends on the
/// first day of M is therefore active at the start of M and churned in M; one that starts and ends within
/// M churns in M without being in M's denominator, exactly as the definition says.
/// The counts come in aggregated by day (how many spans started / ended on each day), so the same rule
/// serves one row per record (tests) and a few thousand rows summarised by the database (production).
/// </summary>
public sealed class ChurnRateBook
{
    /// <summary>The months a rolling rate spans, the month itself included.</summary>
    public const int RollingMonths = 3;

    private readonly SortedDictionary<DateOnly, long> starts = new();
    private readonly SortedDictionary<DateOnly, (long All, long Negative)> ends = new();

    public void AddStarts(DateOnly day, long count) => starts[day] = starts.GetValueOrDefault(day) + count;

    public void AddEnds(DateOnly day, long count, long negative)
    {
        var (all, neg) = ends.GetValueOrDefault(day);
        ends[day] = (all + count, neg + negative);
    }

    /// <summary>
    /// The months <paramref name="from"/> … <paramref name="to"/> with their rolling rates (which read the two months
    /// before <paramref name="from"/> too), each marked partial when it is not over on <paramref name="today"/>.
    /// </summary>
    public IReadOnlyList<MonthlyChurn> Months(YearMonth from, YearMonth to, DateOnly today)
    {
        var all = Months(from.AddMonths(-(RollingMonths - 1)), to);
        return all.Skip(RollingMonths - 1).Select((m, i) =>
        {
            var window = all.Skip(i).Take(RollingMonths).ToList();
            int active = window.Sum(w => w.ActiveAtStart), churned = window.Sum(w => w.Churned);
            return m with
            {
                Partial = IsPartial(YearMonth.Parse(m.Month), today),
                RollingActiveAtStart = active, RollingChurned = churned, RollingRate = Ratio(churned, active),
            };
        }).ToList();
    }

    /// <summary>A month is partial while it is not over: today falls in it (or before it).</summary>
    public static bool IsPartial(YearMonth month, DateOnly today) => month.AddMonths(1).FirstDay > today;

    public IReadOnlyList<MonthlyChurn> Months(YearMonth from, YearMonth to) =>
        Amounts(from, to).Select(m => new MonthlyChurn(m.Month.ToString(), (int)m.AtStart, (int)m.Churned, (int)m.NegativeChurned,
            Ratio(m.Churned, m.AtStart), Ratio(m.NegativeChurned, m.AtStart))).ToList();

    /// <summary>The months as sums (counts, or amounts when what was added were yen).</summary>
    public IReadOnlyList<MonthlyAmount> Amounts(YearMonth from, YearMonth to)
    {
        // One walk over the days in order, carrying what started and ended before each month, so a split's book per
        // group costs O(days) rather than O(months × days).
        var startDays = starts.ToList();
        var endDays = ends.ToList();
        int nextStart = 0, nextEnd = 0;
        long startedBefore = 0, endedBefore = 0;
        var result = new List<MonthlyAmount>();
        foreach (var month in YearMonth.Range(from, to))
        {
            var first = month.FirstDay;
            var next = month.AddMonths(1).FirstDay;
            while (nextStart < startDays.Count && startDays[nextStart].Key < first) startedBefore += startDays[nextStart++].Value;
            while (nextEnd < endDays.Count && endDays[nextEnd].Key < first) endedBefore += endDays[nextEnd++].Value.All;
            var active = Math.Max(0, startedBefore - endedBefore);
            long churned = 0, negative = 0;
            for (var i = nextEnd; i < endDays.Count && endDays[i].Key < next; i++)
            {
                churned += endDays[i].Value.All;
                negative += endDays[i].Value.Negative;
            }
            result.Add(new MonthlyAmount(month, active, churned, negative));
        }
        return result;
    }

    /// <summary>part ÷ whole, null when the whole is 0 (a rate over nothing is not 0 %).</summary>
    public static double? Ratio(long part, long whole) => whole == 0 ? null : (double)part / whole;
}
