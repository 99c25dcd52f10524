using Marketplace.Web.Controllers.Pages;

namespace Marketplace.Tests.Domain;

/// <summary>The CS home's "this week" runs Monday to Sunday of the business day.</summary>
public class BusinessWeekTests
{
    [Theory]
    [InlineData("2026-11-30", "2026-12-06")] // Monday
    [InlineData("2026-12-02", "2026-12-06")] // Wednesday
    [InlineData("2026-12-05", "2026-12-06")] // Saturday
    [InlineData("2026-12-06", "2026-12-06")] // Sunday ends its own week
    [InlineData("2026-12-07", "2026-12-13")] // the next Monday starts the next one
    public void The_week_ends_on_its_Sunday(string day, string sunday) =>
        Assert.Equal(DateOnly.Parse(sunday), HomeController.WeekEnd(DateOnly.Parse(day)));
}
