using System.Net;
using System.Text.RegularExpressions;
using Marketplace.Core.Pipeline;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Domain;

public class BusinessTimeTests
{
    private static readonly BusinessTime Tokyo = new();

    [Theory]
    [InlineData("2026-12-01T14:59:59Z", "2026-12-01")]
    [InlineData("2026-12-01T15:00:00Z", "2026-12-02")]
    [InlineData("2026-12-01T20:00:00Z", "2026-12-02")]
    [InlineData("2026-12-31T23:00:00Z", "2027-01-01")]
    public void The_business_day_turns_over_at_midnight_in_Tokyo(string utc, string day) =>
        Assert.Equal(DateOnly.Parse(day), Tokyo.DayOf(DateTimeOffset.Parse(utc).UtcDateTime));

    [Fact]
    public void The_next_day_starts_at_15_00_utc_and_times_show_their_zone()
    {
        var at = DateTimeOffset.Parse("2026-12-01T10:00:00Z").UtcDateTime;
        Assert.Equal(DateTimeOffset.Parse("2026-12-01T15:00:00Z").UtcDateTime, Tokyo.NextDayStartsUtc(at));
        Assert.Equal("JST", Tokyo.Abbreviation(at));
        Assert.Equal("UTC", new BusinessTime("Etc/UTC").Abbreviation(at));
        Assert.Equal("UTC-05:00", new BusinessTime("America/New_York").Abbreviation(at));
    }

    [Fact]
    public void An_unknown_zone_is_refused_at_start_up() =>
        Assert.Contains("Business:TimeZone", Assert.Throws<InvalidOperationException>(() => new BusinessTime("Mars/Olympus")).Message);
}

public class BusinessDayOnScreenTests
{
    [Fact]
    public async Task At_20_00_utc_on_1_december_the_team_in_Tokyo_already_works_on_2_december()
    {
        using var app = new MarketplaceApp().At(DateTimeOffset.Parse("2026-12-01T20:00:00Z"));
        var given = new Scenario(app);
        var email = $"{Guid.NewGuid():N}@example.jp";
        var id = (await given.Admin.PostCreated("/api/members", new { name = "佐藤 花子", email, team = "cs" }))["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NoContent, (await given.Admin.Post($"/api/members/{id}/password", new { password = "correct horse battery" })).StatusCode);
        var browser = app.CreateClient();
        await Api.SignInTests.SignIn(browser, email, "correct horse battery");
        var home = await (await browser.GetAsync("/")).Content.ReadAsStringAsync();
        Assert.Matches(new Regex("今日の仕事 <span[^>]*>2026-12-02"), home);
    }

    [Fact]
    public async Task The_audit_log_filters_by_the_business_day_not_the_utc_day()
    {
        using var app = new MarketplaceApp().At(DateTimeOffset.Parse("2026-12-01T20:00:00Z"));
        var given = new Scenario(app);
        var id = (await given.Admin.PostCreated("/api/members", new { name = "佐藤 花子", email = $"{Guid.NewGuid():N}@example.jp", team = "cs" }))["id"]!.GetValue<string>();
        async Task<int> Entries(string day) =>
            (await given.Admin.GetOk($"/api/audit?entity=member&entityId={id}&from={day}&to={day}"))["total"]!.GetValue<int>();
        // Written at 05:00 on 2 December in Tokyo, which is still 1 December in UTC.
        Assert.Equal(1, await Entries("2026-12-02"));
        Assert.Equal(0, await Entries("2026-12-01"));
    }
}
