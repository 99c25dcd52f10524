namespace Marketplace.Core.Domain;

/// <summary>One month of a churn rate: active at its start, churned in it, and the rates (null when nothing was active).</summary>
public sealed record MonthlyChurn(string Month, int ActiveAtStart, int Churned, int NegativeChurned, double? Rate, double? NegativeRate);

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
    private readonly SortedDictionary<DateOnly, int> starts = new();
    private readonly SortedDictionary<DateOnly, (int All, int Negative)> ends = new();

    public void AddStarts(DateOnly day, int count) => starts[day] = starts.GetValueOrDefault(day) + count;

    public void AddEnds(DateOnly day, int count, int negative)
    {
        var (all, neg) = ends.GetValueOrDefault(day);
        ends[day] = (all + count, neg + negative);
    }

    public IReadOnlyList<MonthlyChurn> Months(YearMonth from, YearMonth to)
    {
        // One walk over the days in order, carrying what started and ended before each month, so a split's book per
        // group costs O(days) rather than O(months × days).
        var startDays = starts.ToList();
        var endDays = ends.ToList();
        int nextStart = 0, nextEnd = 0, startedBefore = 0, endedBefore = 0;
        var result = new List<MonthlyChurn>();
        foreach (var month in YearMonth.Range(from, to))
        {
            var first = month.FirstDay;
            var next = month.AddMonths(1).FirstDay;
            while (nextStart < startDays.Count && startDays[nextStart].Key < first) startedBefore += startDays[nextStart++].Value;
            while (nextEnd < endDays.Count && endDays[nextEnd].Key < first) endedBefore += endDays[nextEnd++].Value.All;
            var active = Math.Max(0, startedBefore - endedBefore);
            int churned = 0, negative = 0;
            for (var i = nextEnd; i < endDays.Count && endDays[i].Key < next; i++)
            {
                churned += endDays[i].Value.All;
                negative += endDays[i].Value.Negative;
            }
            result.Add(new MonthlyChurn(month.ToString(), active, churned, negative, Ratio(churned, active), Ratio(negative, active)));
        }
        return result;
    }

    /// <summary>part ÷ whole, null when the whole is 0 (a rate over nothing is not 0 %).</summary>
    public static double? Ratio(int part, int whole) => whole == 0 ? null : (double)part / whole;
}
