using Marketplace.Core.Domain;

namespace Marketplace.Tests.Domain;

/// <summary>"This week" runs Monday to Sunday of the business day; a playbook's due dates count working days.</summary>
public class BusinessWeekTests
{
    [Theory]
    [InlineData("2026-11-30", "2026-12-06")] // Monday
    [InlineData("2026-12-02", "2026-12-06")] // Wednesday
    [InlineData("2026-12-05", "2026-12-06")] // Saturday
    [InlineData("2026-12-06", "2026-12-06")] // Sunday ends its own week
    [InlineData("2026-12-07", "2026-12-13")] // the next Monday starts the next one
    public void The_week_ends_on_its_Sunday(string day, string sunday) =>
        Assert.Equal(DateOnly.Parse(sunday), BusinessCalendar.WeekEnd(DateOnly.Parse(day)));

    [Theory]
    [InlineData("2026-12-01", 0, "2026-12-01")] // Tuesday, no days: the day itself
    [InlineData("2026-12-01", 3, "2026-12-04")] // Tuesday + 3 → Friday
    [InlineData("2026-12-03", 2, "2026-12-07")] // Thursday + 2 → the next Monday
    [InlineData("2026-12-05", 0, "2026-12-07")] // a Saturday's "now" is the next working day
    [InlineData("2026-12-05", 1, "2026-12-08")] // Saturday + 1 → Tuesday
    [InlineData("2026-12-04", 5, "2026-12-11")] // Friday + a working week → Friday
    public void Due_dates_count_working_days(string day, int days, string due) =>
        Assert.Equal(DateOnly.Parse(due), BusinessCalendar.AddBusinessDays(DateOnly.Parse(day), days));
}
