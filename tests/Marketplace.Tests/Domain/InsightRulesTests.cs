using Marketplace.Core.Domain;

namespace Marketplace.Tests.Domain;

public class InsightRulesTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2025-01", true)]
    [InlineData("2025-12", true)]
    [InlineData("2025-13", false)]
    [InlineData("2025-1", false)]
    [InlineData("25-01", false)]
    [InlineData("2025/01", false)]
    [InlineData("2025-01-01", false)]
    [InlineData("", false)]
    public void Months_parse_only_as_yyyy_MM(string text, bool ok) => Assert.Equal(ok, YearMonth.TryParse(text, out _));

    [Fact]
    public void Month_arithmetic_crosses_years()
    {
        var dec = YearMonth.Parse("2024-12");
        Assert.Equal("2025-01", dec.AddMonths(1).ToString());
        Assert.Equal("2024-01", dec.AddMonths(-11).ToString());
        Assert.Equal(D("2024-12-31"), dec.LastDay);
        Assert.Equal(D("2024-02-29"), YearMonth.Parse("2024-02").LastDay);
        Assert.Equal(3, dec.MonthsUntil(YearMonth.Parse("2025-03")));
        Assert.Equal(["2024-11", "2024-12", "2025-01"], YearMonth.Range(YearMonth.Parse("2024-11"), YearMonth.Parse("2025-01")).Select(m => m.ToString()));
        Assert.Empty(YearMonth.Range(YearMonth.Parse("2025-02"), YearMonth.Parse("2025-01")));
    }

    [Fact]
    public void Churn_rate_counts_spans_active_on_the_first_day_and_ends_in_the_month()
    {
        var book = new ChurnRateBook();
        // Started before January; ends on the 1st of February: active at the start of February and churned in it.
        book.AddStarts(D("2024-12-15"), 1); book.AddEnds(D("2025-02-01"), 1, 1);
        // Ends on the last day of January: churned in January, not active at the start of February.
        book.AddStarts(D("2024-11-01"), 1); book.AddEnds(D("2025-01-31"), 1, 0);
        // Starts and ends within January: churns in January without being in January's denominator.
        book.AddStarts(D("2025-01-05"), 1); book.AddEnds(D("2025-01-20"), 1, 0);
        // Starts on the 1st of February: not active at the start of February.
        book.AddStarts(D("2025-02-01"), 1);

        var months = book.Months(YearMonth.Parse("2024-11"), YearMonth.Parse("2025-03"));
        Assert.Equal(new MonthlyChurn("2024-11", 0, 0, 0, null, null), months[0]);
        Assert.Equal(new MonthlyChurn("2024-12", 1, 0, 0, 0.0, 0.0), months[1]);
        Assert.Equal(new MonthlyChurn("2025-01", 2, 2, 0, 1.0, 0.0), months[2]);
        Assert.Equal(new MonthlyChurn("2025-02", 1, 1, 1, 1.0, 1.0), months[3]);
        Assert.Equal(new MonthlyChurn("2025-03", 1, 0, 0, 0.0, 0.0), months[4]);
    }

    [Fact]
    public void A_rate_over_nothing_is_null_even_with_churn()
    {
        var book = new ChurnRateBook();
        book.AddStarts(D("2025-01-05"), 1); book.AddEnds(D("2025-01-20"), 1, 1);
        var jan = book.Months(YearMonth.Parse("2025-01"), YearMonth.Parse("2025-01")).Single();
        Assert.Equal(new MonthlyChurn("2025-01", 0, 1, 1, null, null), jan);
    }

    [Theory]
    [InlineData(0, "<1m")]
    [InlineData(1, "1-3m")]
    [InlineData(2, "1-3m")]
    [InlineData(3, "3-6m")]
    [InlineData(5, "3-6m")]
    [InlineData(6, "6-12m")]
    [InlineData(11, "6-12m")]
    [InlineData(12, ">=12m")]
    [InlineData(200, ">=12m")]
    public void Tenure_buckets_count_whole_months_with_exclusive_upper_edges(int months, string bucket) => Assert.Equal(bucket, Survival.BucketOf(months));

    [Theory]
    // Same day of the month: the month has passed; one day short: not yet.
    [InlineData("2025-01-15", "2025-02-15", 1)]
    [InlineData("2025-01-15", "2025-02-14", 0)]
    [InlineData("2025-01-15", "2026-01-15", 12)]
    [InlineData("2025-01-15", "2026-01-14", 11)]
    // 365 days are not a year when February 2024 is in them (30-day months would say 12).
    [InlineData("2024-01-01", "2024-12-31", 11)]
    // A start on the 31st reaches a shorter month on its last day.
    [InlineData("2025-01-31", "2025-02-28", 1)]
    [InlineData("2025-01-31", "2025-02-27", 0)]
    [InlineData("2024-01-31", "2024-02-29", 1)]
    [InlineData("2025-01-31", "2025-04-30", 3)]
    [InlineData("2025-03-31", "2025-04-30", 1)]
    [InlineData("2025-05-30", "2025-06-29", 0)]
    // 29 days in February are a whole month; 30 days from 1 March are not.
    [InlineData("2025-02-01", "2025-03-01", 1)]
    [InlineData("2025-03-01", "2025-03-31", 0)]
    [InlineData("2025-03-10", "2025-03-10", 0)]
    [InlineData("2025-03-10", "2025-03-01", 0)]
    public void Tenure_in_whole_calendar_months(string start, string end, int months) =>
        Assert.Equal(months, Tenure.Months(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Median_of_ended_ignores_running_ones_and_averages_an_even_count()
    {
        Assert.Null(Survival.MedianEnded([new DurationCount(10, 2, 0)]));
        Assert.Equal(50, Survival.MedianEnded([new DurationCount(10, 1, 1), new DurationCount(50, 1, 1), new DurationCount(70, 1, 1), new DurationCount(5, 3, 0)]));
        // 10, 10, 40, 100 → (10 + 40) / 2
        Assert.Equal(25, Survival.MedianEnded([new DurationCount(10, 2, 2), new DurationCount(40, 1, 1), new DurationCount(100, 1, 1)]));
    }

    [Fact]
    public void Kaplan_Meier_keeps_censored_spans_at_risk_until_they_drop_out()
    {
        // Ended after 10, 50, 70 days; running (censored) after 29 and 88 days. By hand:
        // day 10: 5 at risk, S = 4/5 = 0.8; day 29 censored drops out; day 50: 3 at risk, S = 0.8 × 2/3;
        // day 70: 2 at risk, S = 0.8 × 2/3 × 1/2.
        var curve = Survival.KaplanMeier(
        [
            new DurationCount(50, 1, 1), new DurationCount(10, 1, 1), new DurationCount(70, 1, 1),
            new DurationCount(29, 1, 0), new DurationCount(88, 1, 0),
        ]);
        Assert.Equal([10, 50, 70], curve.Select(p => p.Day));
        Assert.Equal([5, 3, 2], curve.Select(p => p.AtRisk));
        Assert.Equal(0.8, curve[0].Survival, 12);
        Assert.Equal(0.8 * 2 / 3, curve[1].Survival, 12);
        Assert.Equal(0.8 * 2 / 3 / 2, curve[2].Survival, 12);
        Assert.Equal(70, Survival.MedianSurvivalDays(curve));
        // The plain median of ended ones (50) is shorter than the survival median (70): the bias KM corrects.
    }

    [Fact]
    public void Kaplan_Meier_counts_a_span_censored_on_an_event_day_as_at_risk_that_day()
    {
        var curve = Survival.KaplanMeier([new DurationCount(30, 2, 1), new DurationCount(60, 1, 1)]);
        Assert.Equal(3, curve[0].AtRisk);
        Assert.Equal(2.0 / 3, curve[0].Survival, 12);
        Assert.Equal(1, curve[1].AtRisk);
        Assert.Equal(0.0, curve[1].Survival, 12);
        Assert.Equal(60, Survival.MedianSurvivalDays(curve));
    }

    [Fact]
    public void Lift_is_the_ratio_of_the_two_cohorts_rates()
    {
        var lift = LiftResult.Of(exposed: 2, exposedChurned: 1, unexposed: 5, unexposedChurned: 2);
        Assert.Equal(0.5, lift.WithNegative.Rate);
        Assert.Equal(0.4, lift.Without.Rate);
        Assert.Equal(1.25, lift.Ratio!.Value, 12);
        Assert.Null(LiftResult.Of(2, 1, 5, 0).Ratio);
        Assert.Null(LiftResult.Of(0, 0, 5, 1).Ratio);
        Assert.Null(LiftResult.Of(0, 0, 5, 1).WithNegative.Rate);
    }
}
