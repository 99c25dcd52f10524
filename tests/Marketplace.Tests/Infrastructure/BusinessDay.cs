using Marketplace.Core.Pipeline;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// The day the app works on now, in its business time zone (Asia/Tokyo unless configured): the tests' "today".
/// From 15:00 UTC it is a day ahead of the UTC date, so a test that took the UTC date would disagree with the app.
/// </summary>
public static class BusinessDay
{
    public static DateOnly Today => new BusinessTime().DayOf(DateTime.UtcNow);
}
