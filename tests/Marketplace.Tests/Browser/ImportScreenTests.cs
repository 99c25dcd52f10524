using Marketplace.Tests.Imports;
using Microsoft.Playwright;
using static Marketplace.Tests.Browser.PageActions;

namespace Marketplace.Tests.Browser;

/// <summary>A CS member moves the customer master in on screen: upload, read the problem in Japanese, fix the file, commit.</summary>
[Collection(BrowserCollection.Name)]
public class ImportScreenTests(BrowserApp browser)
{
    private static readonly string Shots = Path.Combine(Path.GetTempPath(), "import-shots");

    private static string[] Header => ["企業名", "業界", "従業員数", "月額", "CS担当メール", "契約日", "目的", "外部ID", "解約日", "解約理由"];

    private static async Task Upload(IPage page, byte[] content, string fileName)
    {
        await page.SetInputFilesAsync("#file", new FilePayload { Name = fileName, MimeType = "text/csv", Buffer = content });
        await Submit(page, "#upload button[type=submit]");
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task A_sheet_with_a_bad_row_is_shown_in_Japanese_then_fixed_and_imported(int width)
    {
        var (_, csEmail, _) = await browser.Member("cs");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var page = await browser.SignedIn(csEmail, width);
        await page.GotoAsync("/");
        await page.ClickAsync("#nav-imports");
        Assert.Equal("スプレッドシートの取り込み", await page.Locator("h1").InnerTextAsync());

        var bad = ImportFiles.Csv(Header, [$"取込商事{tag}", "商社", "三百", "120000", csEmail, "2025/04/01", "リソース不足", "", "", ""]);
        await Upload(page, ImportFiles.ShiftJis(bad), "顧客マスタ.csv");
        var problem = page.Locator("#import-errors tr.problem[data-row='2']");
        Assert.Contains("「三百」は数値として読めません", await problem.InnerTextAsync());
        Assert.Contains("従業員数", await problem.InnerTextAsync());
        Assert.Equal(0, await page.Locator("#commit").CountAsync());
        Assert.True(await FitsWidth(page));
        Directory.CreateDirectory(Shots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/import-problem-{width}.png", FullPage = true });
        Assert.Equal(0, (await browser.Given.Admin.GetOk($"/api/companies?q={tag}"))["total"]!.GetValue<int>());

        var good = ImportFiles.Csv(Header, [$"取込商事{tag}", "商社", "300", "120000", csEmail, "2025/04/01", "リソース不足", "", "", ""]);
        await Upload(page, ImportFiles.ShiftJis(good), "顧客マスタ.csv");
        Assert.Equal(0, await page.Locator("#import-errors").CountAsync());
        Assert.Contains("新規 1", await page.Locator("#import-counts").InnerTextAsync());
        await Submit(page, "#commit button[type=submit]");
        Assert.Equal("true", await page.Locator("#preview").GetAttributeAsync("data-committed"));
        Assert.Contains("取り込みました", await page.Locator("#preview h2").InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/import-done-{width}.png", FullPage = true });
        var company = (await browser.Given.Admin.GetOk($"/api/companies?q={tag}"))["items"]![0]!;
        Assert.Equal(300, company["employeeCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_file_over_the_limit_meets_the_error_page_in_Japanese()
    {
        var (_, csEmail, _) = await browser.Member("cs");
        var page = await browser.SignedIn(csEmail);
        await page.GotoAsync("/imports");
        await page.SetInputFilesAsync("#file", new FilePayload { Name = "big.csv", MimeType = "text/csv", Buffer = new byte[21 * 1024 * 1024] });
        await Submit(page, "#upload button[type=submit]");
        Assert.Contains("送信した内容が大きすぎます", await page.Locator("h1").InnerTextAsync());
    }

    [Fact]
    public async Task Sales_does_not_see_the_import()
    {
        var (_, salesEmail, _) = await browser.Member("sales");
        var page = await browser.SignedIn(salesEmail);
        await page.GotoAsync("/");
        Assert.Equal(0, await page.Locator("#nav-imports").CountAsync());
        var response = await page.GotoAsync("/imports");
        Assert.Equal(403, response!.Status);
    }
}
