namespace Marketplace.Core.Domain;

/// <summary>One month of a churn rate: active at its start, churned in it, and the rates (null when nothing was active).</summary>
public sealed record MonthlyChurn(string Month, int ActiveAtStart, int Churned, int NegativeChurned, double? Rate, double? NegativeRate);

/// <summary>
/// Monthly churn rate of DESIGN.md §3 over spans (a company's signed term, or an engagement):
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
        var result = new List<MonthlyChurn>();
        foreach (var month in YearMonth.Range(from, to))
        {
            var first = month.FirstDay;
            var next = month.AddMonths(1).FirstDay;
            var startedBefore = starts.Where(s => s.Key < first).Sum(s => s.Value);
            var endedBefore = ends.Where(e => e.Key < first).Sum(e => e.Value.All);
            var active = Math.Max(0, startedBefore - endedBefore);
            var inMonth = ends.Where(e => e.Key >= first && e.Key < next).Select(e => e.Value).ToList();
            var churned = inMonth.Sum(e => e.All);
            var negative = inMonth.Sum(e => e.Negative);
            result.Add(new MonthlyChurn(month.ToString(), active, churned, negative, Ratio(churned, active), Ratio(negative, active)));
        }
        return result;
    }

    /// <summary>part ÷ whole, null when the whole is 0 (a rate over nothing is not 0 %).</summary>
    public static double? Ratio(int part, int whole) => whole == 0 ? null : (double)part / whole;
}
