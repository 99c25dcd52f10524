using Marketplace.Core.Facts;

namespace Marketplace.Tests.Data;

public class MonthRunsTests
{
    private static DateOnly D(string day) => DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Days_become_runs_of_consecutive_months_each_from_its_first_day_to_the_first_day_after_it()
    {
        var runs = EngagementDayCounts.MonthRuns([D("2026-03-31"), D("2026-01-15"), D("2026-02-01"), D("2026-01-02"), D("2026-06-10"), D("2025-12-31")]).ToList();
        Assert.Equal([(D("2025-12-01"), D("2026-04-01")), (D("2026-06-01"), D("2026-07-01"))], runs);
    }

    [Fact]
    public void No_days_no_runs() => Assert.Empty(EngagementDayCounts.MonthRuns([]));
}
