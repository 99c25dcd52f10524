using System.Net;
using Marketplace.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Marketplace.Tests.Browser;

/// <summary>
/// The real app on a loopback port with a fresh SQLite database, and Debian's Chromium driven by Playwright.
/// No browser is downloaded: a missing Chromium fails these tests, it never skips them.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public const string ChromiumVariable = "MARKETPLACE_CHROMIUM";
    public const string Password = "correct horse battery staple";

    public MarketplaceApp App { get; } = new();
    public Uri BaseAddress { get; private set; } = null!;
    public Scenario Given { get; private set; } = null!;
    private IPlaywright? playwright;
    private IBrowser? browser;

    public async Task InitializeAsync()
    {
        BaseAddress = App.StartOnLoopback();
        Given = new Scenario(App);
        var chromium = Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(chromium))
            throw new InvalidOperationException($"Chromium is not installed at {chromium}: install Debian's chromium package (the browser tests do not download one).");
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            // The machine's network is closed: keep Chromium from reaching out in the background.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A member of the team with a password, as the admin would set them up.</summary>
    public async Task<(string Id, string Email, string Name)> Member(string team, string? name = null)
    {
        var email = $"{team}-{Guid.NewGuid():N}@example.jp";
        name ??= $"{team.ToUpperInvariant()} {Guid.NewGuid().ToString("N")[..6]}";
        var id = (await Given.Admin.PostCreated("/api/members", new { name, email, team }))["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NoContent, (await Given.Admin.Post($"/api/members/{id}/password", new { password = Password })).StatusCode);
        return (id, email, name);
    }

    /// <summary>A new browser context (its own cookies) signed in as the member, at the home page.</summary>
    public async Task<IPage> SignedIn(string email, int width = 1280, int height = 900, string password = Password)
    {
        var context = await browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "ja-JP",
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        Assert.Contains("/account/sign-in", page.Url);
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("form[action='/account/sign-in'] button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in"));
        return page;
    }

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
        await App.DisposeAsync();
    }
}

/// <summary>What every browser test does with a page.</summary>
public static class PageActions
{
    /// <summary>Posts a form and waits for the page that answers it (a redirect or the form shown again).</summary>
    public static Task Submit(IPage page, string button) =>
        page.RunAndWaitForNavigationAsync(() => page.ClickAsync(button));

    /// <summary>Nothing on the page is wider than the window (a phone scrolls down, never sideways).</summary>
    public static async Task<bool> FitsWidth(IPage page) =>
        await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");
}
