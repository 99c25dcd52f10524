using Marketplace.Tests.Infrastructure;
using Marketplace.Core.Demo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Marketplace.Tests.Browser;

/// <summary>The demo dataset on the main screens, in Japanese. With MARKETPLACE_SCREENSHOTS set to a folder
/// (README: docs/screenshots), the same run writes the screenshots shown in README.</summary>
public class DemoScreensTests : IClassFixture<BrowserApp>
{
    private const string ScreenshotsVariable = "MARKETPLACE_SCREENSHOTS";
    private readonly BrowserApp browser;

    public DemoScreensTests(BrowserApp browser) => this.browser = browser;

    private async Task<DemoSeeder.Summary> Seed()
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        return await new DemoSeeder(scope.ServiceProvider).Run();
    }

    private static async Task Shot(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable(ScreenshotsVariable);
        var path = Path.Combine(string.IsNullOrEmpty(folder) ? Path.GetTempPath() : folder, name + ".png");
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(png.Length > 10_000, $"{name} screenshot is suspiciously small.");
    }

    private static async Task ShotOf(ILocator element, string name)
    {
        var folder = Environment.GetEnvironmentVariable(ScreenshotsVariable);
        var path = Path.Combine(string.IsNullOrEmpty(folder) ? Path.GetTempPath() : folder, name + ".png");
        var png = await element.ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        Assert.True(png.Length > 10_000, $"{name} screenshot is suspiciously small.");
    }

    [Fact]
    public async Task The_demo_data_reads_true_on_every_main_screen()
    {
        var summary = await Seed();
        Assert.False(summary.AlreadyHadData);
        var cs = summary.Keys.First(k => k.Team == "cs");
        var cc = summary.Keys.First(k => k.Team == "cc");

        var csPage = await SignIn(cs.Email, cs.Password);
        Assert.Contains(cs.Member, await csPage.Locator("header").InnerTextAsync());
        await Shot(csPage, "home-cs");

        await csPage.GotoAsync("/companies");
        var rows = await csPage.Locator("#companies tr").CountAsync();
        Assert.Equal(summary.Companies + 1, rows);
        await csPage.Locator("#companies td a").First.ClickAsync();
        Assert.True(await csPage.Locator("#engagements tr").CountAsync() > 1, "A demo company has engagements.");
        await Shot(csPage, "company");

        // The documents of that company, as a CS member opens them: the usage deck and a kickoff checklist.
        var companyUrl = csPage.Url;
        await csPage.GotoAsync(await csPage.GetAttributeAsync("#deck-html", "href") ?? "");
        var slides = csPage.Locator("section.slide");
        Assert.True(await slides.CountAsync() >= 15);
        for (var i = 0; i < 3; i++)
            await ShotOf(slides.Nth(i * 2), $"deck-slide-{i + 1}");
        await csPage.GotoAsync(companyUrl);
        await csPage.Locator("#engagements a[href^='/engagements/']").First.ClickAsync();
        await csPage.GotoAsync(csPage.Url.Split('#')[0] + "/kickoff-checklist?format=html&lang=ja");
        Assert.Contains("キックオフ", await csPage.Locator("body").InnerTextAsync());
        await Shot(csPage, "kickoff-checklist");

        // Moving a sheet in: the preview of a customer master with one row to fix.
        await csPage.GotoAsync("/imports");
        var sheet = Marketplace.Tests.Imports.ImportFiles.Csv(
            ["企業名", "業界", "従業員数", "月額", "CS担当メール", "契約日", "目的", "外部ID", "解約日", "解約理由"],
            ["株式会社みなと物流", "物流", "1,250", "¥180,000", cs.Email, "2026/10/01", "リソース不足、ノウハウ不足", "C-101", "", ""],
            ["さくら食品株式会社", "食品", "320", "120000", cs.Email, "2026年11月5日", "人件費の変動費化", "C-102", "", ""],
            ["北斗設計事務所", "建設", "四十", "90000", "sato@example.jp", "2026-11-20", "コア業務の生産性向上", "C-103", "", ""]);
        await csPage.SetInputFilesAsync("#file", new FilePayload { Name = "顧客マスタ.csv", MimeType = "text/csv", Buffer = Marketplace.Tests.Imports.ImportFiles.ShiftJis(sheet) });
        await PageActions.Submit(csPage, "#upload button[type=submit]");
        Assert.Equal(2, await csPage.Locator("#import-errors tr.problem").CountAsync());
        await ShotOf(csPage.Locator("#preview"), "import-preview");

        // The demo's 18 months end on the business day it was seeded.
        var today = BusinessDay.Today;
        await csPage.GotoAsync($"/dashboard?from={today.AddMonths(-17):yyyy-MM}&to={today:yyyy-MM}");
        Assert.True(await csPage.Locator("#company-churn svg circle").CountAsync() >= 12, "A point per month.");
        Assert.True(await csPage.Locator("#reasons svg rect").CountAsync() >= 3, "The demo churns have several reasons.");
        Assert.True(await csPage.Locator("#rep-load svg rect").CountAsync() >= 4);
        await Shot(csPage, "dashboard");

        var ccPage = await SignIn(cc.Email, cc.Password);
        Assert.True(await ccPage.Locator("#cc-home .stat").CountAsync() == 7);
        await Shot(ccPage, "home-cc");
        await ccPage.GotoAsync("/workers");
        // Every worker is counted in a column; a column shows one page of them.
        var totals = await ccPage.Locator("section.column").EvaluateAllAsync<int[]>("cs => cs.map(c => +c.dataset.total)");
        Assert.Equal(summary.Workers, totals.Sum());
        Assert.Equal(totals.Sum(t => Math.Min(t, Marketplace.Core.Features.Workers.GetWorkerBoard.DefaultPageSize)), await ccPage.Locator(".worker-card").CountAsync());
        await Shot(ccPage, "worker-board");

        // The same screens on a 390 px phone: nothing wider than the screen.
        var phone = await SignIn(cs.Email, cs.Password, width: 390);
        foreach (var (path, name) in new[] { ("/", "phone-home-cs"), (companyUrl, "phone-company") })
        {
            await phone.GotoAsync(path);
            Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 390"), $"{path} is wider than a phone.");
            await Shot(phone, name);
        }
        var ccPhone = await SignIn(cc.Email, cc.Password, width: 390);
        await ccPhone.GotoAsync("/workers");
        Assert.True(await ccPhone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 390"), "The board is wider than a phone.");
        await Shot(ccPhone, "phone-worker-board");
    }

    private async Task<IPage> SignIn(string email, string password, int width = 1280)
    {
        var page = await browser.SignedIn(email, width: width, password: password);
        Assert.DoesNotContain("/account/sign-in", page.Url);
        return page;
    }
}
