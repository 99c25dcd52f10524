using Microsoft.Playwright;

namespace Marketplace.Tests.Browser;

/// <summary>The sales home, the CS home's week and the admin screens, in a real browser against the real app.</summary>
[Collection(BrowserCollection.Name)]
public class AdminSalesScreensTests(BrowserApp browser)
{
    private const string Shots = "/tmp/admin-shots";

    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    /// <summary>The business day the app sees (its clock is real; the business time zone is Tokyo).</summary>
    private static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Tokyo).DateTime);

    private static Task Submit(IPage page, string button) =>
        page.RunAndWaitForNavigationAsync(() => page.ClickAsync(button));

    /// <summary>Screenshots at desktop and phone width; the page must not be wider than the phone.</summary>
    private static async Task Shoot(IPage page, string name)
    {
        Directory.CreateDirectory(Shots);
        var url = page.Url;
        foreach (var width in new[] { 1280, 390 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await page.GotoAsync(url);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/{name}-{width}.png", FullPage = true });
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{name} is wider than {width}px.");
        }
        await page.SetViewportSizeAsync(1280, 900);
    }

    private async Task<string> Company(string csOwnerId, string name) =>
        (await browser.Given.Admin.PostCreated("/api/companies", new
        {
            name, industry = "SaaS", employeeCount = 80, monthlyFee = 100_000, csOwnerId, signedOn = "2026-01-10",
            purposes = new[] { "resource_shortage" },
        }))["id"]!.GetValue<string>();

    /// <summary>A contracted engagement starting on the day, waiting for its kickoff.</summary>
    private async Task<string> Contracted(string company, string ccId, DateOnly startOn, string title)
    {
        var worker = await browser.Given.AvailableWorker(ccId);
        var engagement = (await browser.Given.Admin.PostCreated("/api/engagements", new
        {
            companyId = company, workerId = worker, title, jobType = "engineer", startOn = startOn.ToString("yyyy-MM-dd"),
            monthlyHours = 40, monthlyFee = 300_000,
        }))["id"]!.GetValue<string>();
        await browser.Given.Admin.PostOk($"/api/engagements/{engagement}/contract", new { contractedOn = startOn.AddDays(-10).ToString("yyyy-MM-dd") });
        return engagement;
    }

    [Fact]
    public async Task Sales_sees_the_leads_open_first_and_records_an_outcome_with_a_refusal_at_its_field()
    {
        var (csId, _, _) = await browser.Member("cs");
        var (ccId, _, _) = await browser.Member("cc");
        var (_, salesEmail, _) = await browser.Member("sales");
        var company = await Company(csId, $"株式会社リード{Guid.NewGuid().ToString("N")[..4]}");
        var engagement = await Contracted(company, ccId, Today.AddDays(20), "追加の開発案件");
        var lead = (await browser.Given.Admin.PostCreated($"/api/companies/{company}/expansion-leads",
            new { tossedOn = Today.ToString("yyyy-MM-dd"), description = "マーケ支援の追加ニーズ" }))["id"]!.GetValue<string>();
        var lost = (await browser.Given.Admin.PostCreated($"/api/companies/{company}/expansion-leads",
            new { tossedOn = Today.ToString("yyyy-MM-dd"), description = "見送りになった話" }))["id"]!.GetValue<string>();
        await browser.Given.Admin.PostOk($"/api/expansion-leads/{lost}/outcome", new { status = "lost" });

        var page = await browser.SignedIn(salesEmail);
        Assert.Equal(0, await page.Locator("#cs-home").CountAsync());
        var statuses = await page.Locator("#leads .lead-row").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.status)");
        Assert.True(Array.LastIndexOf(statuses, "open") < Array.IndexOf(statuses, "lost"), "Open leads come first.");
        Assert.Equal(0, await page.Locator($"#lead-{lost}").CountAsync());
        await Shoot(page, "sales-home");

        // Lost with an engagement is refused beside the engagement, keeping the choice.
        await page.SelectOptionAsync($"#status-{lead}", "lost");
        await page.SelectOptionAsync($"#engagement-{lead}", engagement);
        await Submit(page, $"#lead-{lead} button[type=submit]");
        Assert.True(await page.Locator($"#lead-{lead} .field-error[data-field='engagementId']").IsVisibleAsync());
        Assert.Equal("lost", await page.InputValueAsync($"#status-{lead}"));
        Assert.Equal(engagement, await page.InputValueAsync($"#engagement-{lead}"));

        await page.SelectOptionAsync($"#status-{lead}", "converted");
        await Submit(page, $"#lead-{lead} button[type=submit]");
        var row = page.Locator($"#leads li[data-lead='{lead}']");
        Assert.Equal("converted", await row.GetAttributeAsync("data-status"));
        Assert.Contains("案件化", await row.InnerTextAsync());
        var stored = (await browser.Given.Admin.GetOk($"/api/expansion-leads?companyId={company}"))["items"]!.AsArray()
            .Single(l => l!["id"]!.GetValue<string>() == lead)!;
        Assert.Equal(engagement, stored["engagementId"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_cs_home_shows_this_weeks_and_overdue_kickoffs_for_mine_or_the_team()
    {
        var (csId, csEmail, _) = await browser.Member("cs");
        var (otherCs, _, _) = await browser.Member("cs");
        var (ccId, _, _) = await browser.Member("cc");
        var mine = await Company(csId, "株式会社じぶん");
        var theirs = await Company(otherCs, "株式会社となり");
        var overdue = await Contracted(mine, ccId, Today.AddDays(-3), "遅れているキックオフ");
        var due = await Contracted(mine, ccId, Today, "今日のキックオフ");
        var later = await Contracted(mine, ccId, Today.AddDays(8), "来週以降のキックオフ");
        var colleague = await Contracted(theirs, ccId, Today, "同僚のキックオフ");

        var page = await browser.SignedIn(csEmail);
        var kickoffs = page.Locator("#kickoffs");
        Assert.Contains("current", await page.Locator("#scope a[href='/?scope=mine']").GetAttributeAsync("class") ?? "");
        Assert.Equal("overdue", await kickoffs.Locator($"tr:has(a[href='/engagements/{overdue}#kickoff'])").GetAttributeAsync("data-state"));
        Assert.Contains("期限超過", await kickoffs.Locator($"tr:has(a[href='/engagements/{overdue}#kickoff'])").InnerTextAsync());
        Assert.Equal("due", await kickoffs.Locator($"tr:has(a[href='/engagements/{due}#kickoff'])").GetAttributeAsync("data-state"));
        Assert.Equal(0, await kickoffs.Locator($"a[href='/engagements/{later}#kickoff']").CountAsync());
        Assert.Equal(0, await kickoffs.Locator($"a[href='/engagements/{colleague}#kickoff']").CountAsync());
        await Shoot(page, "cs-home-mine");

        await page.ClickAsync("#scope a[href='/?scope=team']");
        await page.WaitForURLAsync("**/?scope=team");
        Assert.Equal(1, await kickoffs.Locator($"a[href='/engagements/{colleague}#kickoff']").CountAsync());
        Assert.Equal(1, await kickoffs.Locator($"a[href='/engagements/{due}#kickoff']").CountAsync());
        await Shoot(page, "cs-home-team");
    }
}
