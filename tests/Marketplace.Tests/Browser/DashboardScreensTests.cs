using System.Text.RegularExpressions;
using Marketplace.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Marketplace.Tests.Browser;

/// <summary>
/// The dashboard as a CS lead reads it, in a real browser: the survival band, "not enough data" where a figure would
/// come from a few companies, month labels people read and round ticks, at 1280 px and on a 390 px phone. The history is
/// dated 2021, so the other browser tests' data (2025 onwards) stays out of its days: twelve companies signed
/// 2021-01-01, each with an engagement kicked off 2021-02-01 and ended 2021-03-15, 2021-03-25 … (ten days apart).
/// </summary>
[Collection(BrowserCollection.Name)]
public partial class DashboardScreensTests(BrowserApp browser)
{
    private static readonly string Shots = Path.Combine(Path.GetTempPath(), "dashboard-shots");
    private static readonly BuiltOnce<string> History = new();

    [GeneratedRegex(@"^\d+(\.\d)?%$")]
    private static partial Regex RoundPercent();

    /// <summary>The history, once; the CS owner's email to sign in with.</summary>
    private Task<string> Build() => History.Get(async () =>
    {
        var (cs, email, _) = await browser.Member("cs", "佐藤 花子");
        var given = new InsightGiven(browser.App);
        var (cc, _) = await given.Scenario.Member("cc");
        for (var i = 0; i < 12; i++)
        {
            var company = await given.Company(cs, "2021-01-01", $"株式会社ダッシュ{i + 1:D2}", monthlyFee: 100_000 + i * 10_000);
            var engagement = await given.Running(company, cs, cc, "2021-02-01");
            await given.End(engagement, InsightGiven.Day(new DateOnly(2021, 3, 15).AddDays(i * 10)), i % 3 == 0 ? "skill_mismatch" : "project_completed");
        }
        return email;
    });

    private static async Task Shot(IPage page, string name)
    {
        Directory.CreateDirectory(Shots);
        var (width, height) = (page.ViewportSize!.Width, page.ViewportSize.Height);
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, $"{name}-{width}.png"), FullPage = true });
        Assert.True(png.Length > 10_000, $"{name} screenshot is suspiciously small.");
        if (width >= 640) return;
        // On a phone also in screen-high parts, which stay legible when looked at.
        var total = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        for (var (top, part) = (0, 1); top < total; top += height, part++)
            await page.ScreenshotAsync(new PageScreenshotOptions
            {
                Path = Path.Combine(Shots, $"{name}-{width}-part{part}.png"), FullPage = true,
                Clip = new Clip { X = 0, Y = top, Width = width, Height = Math.Min(height, total - top) },
            });
    }

    [Fact]
    public async Task Small_data_says_not_enough_data_instead_of_a_ratio_or_a_curve()
    {
        var page = await browser.SignedIn(await Build());
        // On 2021-02-15 nothing has ended yet and no company was active on the lift's landmark.
        await page.GotoAsync("/dashboard?from=2021-01&to=2021-02&asOf=2021-02-15");
        Assert.Contains("まだデータが足りません", await page.Locator("#lift").InnerTextAsync());
        Assert.DoesNotContain("倍の割合", await page.Locator("#lift").InnerTextAsync());
        Assert.True(await page.Locator("#survival-not-enough").IsVisibleAsync());
        Assert.Equal(0, await page.Locator("#survival path.survival-band").CountAsync());
    }

    [Fact]
    public async Task The_survival_band_is_drawn_while_ten_remain_with_readable_labels_at_1280_and_390_px()
    {
        var email = await Build();
        foreach (var width in new[] { 1280, 390 })
        {
            var page = await browser.SignedIn(email, width: width);
            await page.GotoAsync("/dashboard?from=2021-01&to=2021-12&asOf=2021-12-31");
            var size = width < 640 ? "chart-narrow" : "chart-wide";

            // The band and the curve, drawn only while at least ten remain: 12, 11, 10 at risk — three steps, then a note.
            Assert.True(await page.Locator($"#survival svg.{size} path.survival-band").IsVisibleAsync());
            var curve = await page.Locator($"#survival svg.{size} path.survival-curve").GetAttributeAsync("d");
            Assert.Equal(1 + 3 * 2 + 1, Regex.Matches(curve!, "[ML]").Count);
            Assert.Contains("件未満のため描いていません", await page.Locator("#survival").InnerTextAsync());
            Assert.Contains("95%の範囲", await page.Locator("#survival .legend").InnerTextAsync());

            // Months as people read them, the last month always labelled; round percentages on the axis.
            var labels = await page.Locator($"#company-churn svg.{size} text.x-label").AllTextContentsAsync();
            Assert.Contains("2021年12月", labels);
            Assert.All(labels, l => Assert.Matches(@"^\d{4}年\d{1,2}月$", l));
            var ticks = (await page.Locator($"#engagement-churn svg.{size} text").AllTextContentsAsync()).Where(t => t.EndsWith('%')).ToList();
            Assert.True(ticks.Count >= 3, "The rate axis has ticks.");
            Assert.All(ticks, t => Assert.Matches(RoundPercent(), t));
            Assert.True(ticks.Any(t => t is "0%" or "0.0%"), string.Join(" ", ticks));

            // The lift from twelve companies, none active on its landmark: not a ratio.
            Assert.Contains("まだデータが足りません", await page.Locator("#lift").InnerTextAsync());
            // Company churn reasons beside the engagement ones; the risk list with owner, fee and signals.
            Assert.True(await page.Locator("#company-reasons").IsVisibleAsync());
            Assert.Contains("スキルミスマッチ", await page.Locator($"#reasons svg.{size}").InnerHTMLAsync());
            Assert.Contains("CS担当", await page.Locator("#risk-list").InnerTextAsync());
            if (width < 640)
                Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 390"), "The dashboard is wider than a phone.");
            await Shot(page, "dashboard");
        }
    }

    [Fact]
    public async Task The_risk_list_sorts_by_fee_and_its_csv_reads_in_words()
    {
        var page = await browser.SignedIn(await Build());
        await page.GotoAsync("/dashboard?from=2021-01&to=2021-12&asOf=2021-12-31");
        // Every company has been idle since its engagement ended (each more than 60 days before 2021-12-31).
        await page.ClickAsync("#risk-list th a.sort:has-text('月額')");
        var fees = (await page.Locator("#risk-list td.num").AllInnerTextsAsync())
            .Select(t => long.Parse(t.TrimStart('¥').Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(fees.Count >= 12);
        Assert.Equal(fees.OrderByDescending(f => f).ToList(), fees);
        Assert.Equal("descending", await page.Locator("#risk-list th[aria-sort]").GetAttributeAsync("aria-sort"));

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#risk h2 a[href^='/dashboard/csv/churn-risk']"));
        var text = System.Text.Encoding.UTF8.GetString(await File.ReadAllBytesAsync((await download.PathAsync())!)).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("企業名,CS担当,月額,シグナル", lines[0]);
        Assert.Contains("株式会社ダッシュ12,佐藤 花子,\"¥210,000\",60日間稼働案件なし", lines);
    }
}
