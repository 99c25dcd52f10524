using Marketplace.Tests.Infrastructure;
using static Marketplace.Tests.Browser.PageActions;
using Microsoft.Playwright;

namespace Marketplace.Tests.Browser;

/// <summary>The teams' screens in a real browser against the real app (Chromium, loopback, fresh SQLite).</summary>
[Collection(BrowserCollection.Name)]
public class UiFlowTests(BrowserApp browser)
{
    private async Task<string> Company(string csOwnerId, string name) =>
        (await browser.Given.Admin.PostCreated("/api/companies", new
        {
            name, industry = "SaaS", employeeCount = 80, monthlyFee = 100_000, csOwnerId, signedOn = "2026-01-10",
            purposes = new[] { "resource_shortage", "know_how" },
        }))["id"]!.GetValue<string>();

    private async Task<string> Worker(string conciergeId, string name) =>
        (await browser.Given.Admin.PostCreated("/api/workers", new
        {
            name, email = $"{Guid.NewGuid():N}@example.jp", jobType = "engineer", skills = new[] { "C#" },
            mainJobStyle = "employee", weeklyHours = 10, conciergeId,
        }))["id"]!.GetValue<string>();

    [Fact]
    public async Task Each_team_signs_in_to_its_own_home_and_the_wrong_team_sees_the_forbidden_page()
    {
        var (csId, csEmail, _) = await browser.Member("cs");
        var (_, ccEmail, ccName) = await browser.Member("cc");
        var company = await Company(csId, "株式会社ブラウザ");

        var cs = await browser.SignedIn(csEmail);
        Assert.True(await cs.Locator("#cs-home").IsVisibleAsync());
        Assert.True(await cs.Locator("#follow-ups").IsVisibleAsync());
        Assert.Equal(0, await cs.Locator("#cc-home").CountAsync());

        var cc = await browser.SignedIn(ccEmail);
        Assert.True(await cc.Locator("#cc-home").IsVisibleAsync());
        Assert.Contains(ccName, await cc.Locator("header").InnerTextAsync());
        // Proposing an engagement is CS work.
        var response = await cc.GotoAsync($"/engagements/new?companyId={company}");
        Assert.Equal(403, response!.Status);
        Assert.Contains("/account/forbidden", cc.Url);
        Assert.Contains("権限がありません", await cc.Locator("h1").InnerTextAsync());

        // The English switch turns the same page to English and remembers it.
        await cc.GotoAsync("/workers");
        await cc.ClickAsync("a.lang");
        Assert.Contains("Worker board", await cc.Locator("h1").InnerTextAsync());
        await cc.GotoAsync("/");
        Assert.Contains("Today's work", await cc.Locator("h1").InnerTextAsync());
    }

    [Fact]
    public async Task A_concierge_changes_a_worker_status_and_sees_it_in_the_history()
    {
        var (ccId, ccEmail, ccName) = await browser.Member("cc");
        var worker = await Worker(ccId, "山本 さくら");
        var page = await browser.SignedIn(ccEmail);

        await page.GotoAsync("/workers");
        var registered = page.Locator("section.column[data-status='registered']");
        await registered.GetByText("山本 さくら").ClickAsync();
        Assert.EndsWith($"/workers/{worker}", page.Url);
        Assert.Equal("登録", await page.Locator("#worker-status").InnerTextAsync());
        // Only the moves the status graph allows are offered.
        var offered = await page.Locator("#status-select option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)");
        Assert.Equal(["screening", "left"], offered);

        await page.SelectOptionAsync("#status-select", "screening");
        await page.FillAsync("#status-note", "一次面談を設定");
        await Submit(page, "#status button[type=submit]");
        await page.WaitForURLAsync($"**/workers/{worker}");
        Assert.Equal("面談中", await page.Locator("#worker-status").InnerTextAsync());
        var latest = page.Locator("#history tr.history-row").First;
        var text = await latest.InnerTextAsync();
        Assert.Contains("登録 → 面談中", text);
        Assert.Contains("一次面談を設定", text);
        Assert.Contains(ccName, text);

        // The board shows the worker in the new column.
        await page.GotoAsync("/workers");
        Assert.Equal(1, await page.Locator("section.column[data-status='screening']").GetByText("山本 さくら").CountAsync());
    }

    [Fact]
    public async Task A_cs_member_runs_an_engagement_from_proposal_to_a_negative_end()
    {
        var (csId, csEmail, csName) = await browser.Member("cs", "佐々木 CS");
        var (ccId, ccEmail, _) = await browser.Member("cc");
        var companyName = $"株式会社フロー{Guid.NewGuid().ToString("N")[..4]}";
        var company = await Company(csId, companyName);
        var worker = await Worker(ccId, "中村 陽介");
        foreach (var status in new[] { "screening", "available" })
            await browser.Given.Admin.PostOk($"/api/workers/{worker}/status", new { status });

        var page = await browser.SignedIn(csEmail);
        await page.GotoAsync($"/companies/{company}");
        await page.ClickAsync($"a[href='/engagements/new?companyId={company}']");

        // Propose: a missing title is shown beside its field, then the proposal goes through.
        await page.SelectOptionAsync("#workerId", worker);
        await page.FillAsync("#startOn", "2026-02-01");
        await page.FillAsync("#monthlyHours", "40");
        await page.FillAsync("#monthlyFee", "300000");
        await Submit(page, "#propose button[type=submit]");
        Assert.Equal("案件名を入力してください。", await page.Locator(".field-error[data-field='title']").InnerTextAsync());
        Assert.Equal("40", await page.InputValueAsync("#monthlyHours"));
        await page.FillAsync("#title", "決済APIの改善");
        await Submit(page, "#propose button[type=submit]");
        await page.WaitForURLAsync("**/engagements/*");
        Assert.Equal("提案中", await page.Locator("#engagement-status").InnerTextAsync());

        await page.FillAsync("#contractedOn", "2026-01-20");
        await Submit(page, "#contract button[type=submit]");
        Assert.Equal("契約済", await page.Locator("#engagement-status").InnerTextAsync());

        // The company's first kickoff without CS is refused, visibly.
        await page.SelectOptionAsync("#csAttendeeId", "");
        await Submit(page, "#kickoff button[type=submit]");
        // In Japanese, at the CS select it concerns.
        Assert.Equal("入力内容を確認してください。", await page.Locator("#form-error").InnerTextAsync());
        Assert.Equal("この企業で最初のキックオフには、CSの同席が必要です。同席したCSを選んでください。",
            await page.Locator("#kickoff .field-error[data-field='csAttendeeId']").InnerTextAsync());
        Assert.Equal("契約済", await page.Locator("#engagement-status").InnerTextAsync());

        await page.SelectOptionAsync("#csAttendeeId", csId);
        await page.FillAsync("#attendeeNames", "山田 部長, 中村");
        await Submit(page, "#kickoff button[type=submit]");
        Assert.Equal("稼働中", await page.Locator("#engagement-status").InnerTextAsync());
        Assert.Contains(csName, await page.Locator("dl.facts").InnerTextAsync());

        // Ticked checklist items persist across a reload.
        await page.CheckAsync("#checklist input[data-key='goals_scope']");
        await page.CheckAsync("#checklist input[data-key='prevent_progress_invisible']");
        await Submit(page, "#checklist button[type=submit]");
        await page.ReloadAsync();
        Assert.True(await page.IsCheckedAsync("#checklist input[data-key='goals_scope']"));
        Assert.True(await page.IsCheckedAsync("#checklist input[data-key='prevent_progress_invisible']"));
        Assert.False(await page.IsCheckedAsync("#checklist input[data-key='parties']"));

        // Follow-up: the server refuses a missing date beside its field and keeps what was typed; then it is recorded.
        await page.FillAsync("#companySatisfaction", "2");
        await page.FillAsync("#workerEvaluation", "4");
        await Submit(page, "#follow-up button[type=submit]");
        Assert.True(await page.Locator("#follow-up .field-error[data-field='heldOn']").IsVisibleAsync());
        Assert.Equal("2", await page.InputValueAsync("#companySatisfaction"));
        await page.FillAsync("#fuHeldOn", "2026-03-02");
        await Submit(page, "#follow-up button[type=submit]");
        Assert.Contains("2026-03-02", await page.Locator("#follow-ups").InnerTextAsync());

        // End with a negative reason, picked from the negative group.
        // Ended recently, so it falls inside the concierge's 90-day window of negative ends.
        var endedOn = BusinessDay.Today.AddDays(-3);
        await page.FillAsync("#endedOn", endedOn.ToString("yyyy-MM-dd"));
        await page.SelectOptionAsync("#initiatedBy", "company");
        await page.CheckAsync("#end label.negative input[value='progress_invisible']");
        await page.CheckAsync("#confirmEnd");
        await Submit(page, "#end button[type=submit]");
        Assert.Equal("終了", await page.Locator("#engagement-status").InnerTextAsync());

        // The company's churn history shows it as negative, and the concierge sees the worker on their home.
        await page.GotoAsync($"/companies/{company}");
        var history = page.Locator("#churn-history .tag.negative");
        Assert.Contains("業務の進捗が見えない", await history.First.InnerTextAsync());
        var concierge = await browser.SignedIn(ccEmail);
        Assert.Contains("中村 陽介", await concierge.Locator("#negative-ends").InnerTextAsync());

        // The CS home, the dashboard's risk list and reasons chart reflect the negative end.
        await page.GotoAsync("/");
        Assert.Contains(companyName, await page.Locator("#churn-risk").InnerTextAsync());
        Assert.Contains("直近90日にネガ解約", await page.Locator("#churn-risk").InnerTextAsync());
        await page.GotoAsync("/dashboard");
        Assert.Contains(companyName, await page.Locator("#risk").InnerTextAsync());
        Assert.Contains("業務の進捗が見えない", await page.Locator("#reasons svg.chart-wide").InnerHTMLAsync());
        Assert.True(await page.Locator("#engagement-churn svg path").CountAsync() >= 2);
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#risk a[href='/dashboard/csv/churn-risk']"));
        var csv = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csv[..3]);
        Assert.Contains(companyName, System.Text.Encoding.UTF8.GetString(csv));
    }

    [Fact]
    public async Task Churning_a_company_lists_its_active_engagements_before_confirming()
    {
        var (company, _, engagement, cs, _) = await browser.Given.ActiveEngagement();
        var email = (await browser.Given.Admin.GetOk($"/api/members?team=cs&pageSize=200"))["items"]!.AsArray()
            .Single(m => m!["id"]!.GetValue<string>() == cs)!["email"]!.GetValue<string>();
        await browser.Given.Admin.Post($"/api/members/{cs}/password", new { password = BrowserApp.Password });
        var page = await browser.SignedIn(email);

        await page.GotoAsync($"/companies/{company}/churn");
        Assert.Contains("API開発", await page.Locator("#open-engagements").InnerTextAsync());
        await page.FillAsync("#churnedOn", "2026-06-30");
        await page.CheckAsync("#churn input[name='Reasons'][value='budget']");
        await Submit(page, "#churn button[type=submit]");
        // Without confirming, the engagements block the churn.
        Assert.Contains("/churn", page.Url);
        Assert.True(await page.Locator("#form-error").IsVisibleAsync());
        Assert.Contains("稼働中の案件が残っています", await page.Locator(".field-error[data-field='endActiveEngagements']").InnerTextAsync());
        Assert.Equal("2026-06-30", await page.InputValueAsync("#churnedOn"));
        Assert.Equal("active", (await browser.Given.Admin.GetOk($"/api/companies/{company}"))["status"]!.GetValue<string>());

        await page.CheckAsync("#open-engagements input[name='EndActiveEngagements']");
        await Submit(page, "#churn button[type=submit]");
        await page.WaitForURLAsync($"**/companies/{company}");
        Assert.Equal("churned", (await browser.Given.Admin.GetOk($"/api/companies/{company}"))["status"]!.GetValue<string>());
        Assert.Equal("ended", (await browser.Given.Admin.GetOk($"/api/engagements/{engagement}"))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_cs_member_opens_and_downloads_the_usage_deck_of_a_company()
    {
        var (csId, csEmail, csName) = await browser.Member("cs", "資料 担当");
        var company = await Company(csId, "株式会社デッキ<確認>");
        var page = await browser.SignedIn(csEmail);
        await page.GotoAsync($"/companies/{company}");

        // The HTML deck opens from the company page: tailored, escaped, one slide per section.
        var deck = await page.Context.RunAndWaitForPageAsync(async () =>
        {
            await page.EvaluateAsync("() => document.querySelector('#deck-html').target = '_blank'");
            await page.ClickAsync("#deck-html");
        });
        await deck.WaitForLoadStateAsync();
        Assert.Contains("株式会社デッキ<確認>", await deck.Locator("body").InnerTextAsync());
        Assert.InRange(await deck.Locator("section.slide").CountAsync(), 10, 14);

        // Admin-edited templates cannot run script on the signed-in origin.
        var html = await page.Context.APIRequest.GetAsync((await page.GetAttributeAsync("#deck-html", "href"))!);
        Assert.StartsWith("sandbox", html.Headers["content-security-policy"]);

        // The PDF is a real file from Chromium, fetched with the member's own sign-in.
        var href = await page.GetAttributeAsync("#deck-pdf", "href");
        var pdf = await page.Context.APIRequest.GetAsync(href!);
        Assert.Equal(200, pdf.Status);
        Assert.Equal("application/pdf", pdf.Headers["content-type"]);
        var bytes = await pdf.BodyAsync();
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes[..4]));
        Assert.True(bytes.Length > 20_000);
    }

    [Fact]
    public async Task Pages_fit_a_390px_phone()
    {
        var (csId, csEmail, _) = await browser.Member("cs");
        var company = await Company(csId, "株式会社スマホ表示確認用の少し長い会社名");
        var page = await browser.SignedIn(csEmail, width: 390, height: 844);
        foreach (var url in new[] { "/", "/workers", "/companies", $"/companies/{company}", "/dashboard" })
        {
            await page.GotoAsync(url);
            Assert.True(await FitsWidth(page), $"{url} is wider than a 390px phone.");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "browser";
}
