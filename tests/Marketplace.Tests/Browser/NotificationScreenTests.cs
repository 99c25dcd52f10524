using Microsoft.Playwright;
using static Marketplace.Tests.Browser.PageActions;

namespace Marketplace.Tests.Browser;

/// <summary>A member changes their digest preferences on screen (通知設定); an admin opens a member's and the outbox.</summary>
[Collection(BrowserCollection.Name)]
public class NotificationScreenTests(BrowserApp browser)
{
    private static readonly string Shots = Path.Combine(Path.GetTempPath(), "notification-shots");

    private static async Task Shot(IPage page, string name)
    {
        Directory.CreateDirectory(Shots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/{name}-{page.ViewportSize!.Width}.png", FullPage = true });
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task A_member_changes_the_digest_preferences_and_a_refusal_reads_at_its_field(int width)
    {
        var (id, email, _) = await browser.Member("cs");
        var page = await browser.SignedIn(email, width);
        await page.GotoAsync("/");
        await page.ClickAsync("#nav-notifications");
        await page.WaitForURLAsync($"**/members/{id}/notifications");
        Assert.Equal("通知設定", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.True(await page.Locator("#notify-email").IsCheckedAsync());
        Assert.Equal("08:00", await page.Locator("#notify-time").InputValueAsync());

        // Plain http to another host is refused, beside the field, and what was typed stays.
        await page.Locator("#notify-slack").FillAsync("http://hooks.example.com/services/T0/B0/x");
        await page.Locator("#notify-time").FillAsync("07:30");
        await Submit(page, "#notifications-form button[type=submit]");
        Assert.Contains("https://", await page.Locator(".field-error[data-field='slackWebhookUrl']").InnerTextAsync());
        Assert.Equal("07:30", await page.Locator("#notify-time").InputValueAsync());
        Assert.True(await page.Locator("#notify-email").IsCheckedAsync());
        await Shot(page, "preferences-refused");

        await page.Locator("#notify-slack").FillAsync("https://127.0.0.1:9/services/T0/B0/abc");
        await page.Locator("#notify-email").UncheckAsync();
        await page.Locator("#notify-language").SelectOptionAsync("en");
        await Submit(page, "#notifications-form button[type=submit]");
        Assert.True(await page.Locator("#notifications-saved").IsVisibleAsync());
        await Shot(page, "preferences-saved");
        Assert.True(await FitsWidth(page));

        var saved = await browser.Given.Admin.GetOk($"/api/members/{id}/notifications");
        Assert.False(saved["email"]!.GetValue<bool>());
        Assert.Equal("https://127.0.0.1:9/services/T0/B0/abc", saved["slackWebhookUrl"]!.GetValue<string>());
        Assert.Equal("07:30", saved["digestTime"]!.GetValue<string>());
        Assert.Equal("en", saved["language"]!.GetValue<string>());
        Assert.False(await page.Locator("#notify-email").IsCheckedAsync());

        // Another member's preferences are not theirs to open.
        var (other, _, _) = await browser.Member("cc");
        var refused = await page.GotoAsync($"/members/{other}/notifications");
        Assert.Equal(403, refused!.Status);
    }

    [Fact]
    public async Task An_admin_opens_a_members_preferences_and_the_digest_outbox()
    {
        var (id, _, name) = await browser.Member("cs");
        var (_, adminEmail, _) = await browser.Member("admin");
        var page = await browser.SignedIn(adminEmail);
        await page.GotoAsync($"/admin/members/{id}");
        await page.ClickAsync("#member-notifications");
        await page.WaitForURLAsync($"**/members/{id}/notifications");
        Assert.Contains(name, await page.Locator("h1").InnerTextAsync());
        await page.Locator("#notify-time").FillAsync("09:15");
        await Submit(page, "#notifications-form button[type=submit]");
        Assert.Equal("09:15", (await browser.Given.Admin.GetOk($"/api/members/{id}/notifications"))["digestTime"]!.GetValue<string>());

        await page.GotoAsync("/admin/notifications");
        await Submit(page, "#run-digests button[type=submit]");
        Assert.True(await page.Locator("#digests-ran").IsVisibleAsync());
        await Shot(page, "outbox");
        Assert.True(await FitsWidth(page));
    }
}
