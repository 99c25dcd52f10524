using static Marketplace.Tests.Browser.PageActions;
using Marketplace.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Marketplace.Tests.Browser;

/// <summary>The timeline of a worker and of a company on screen, and the note form of the team that writes on it.</summary>
[Collection(BrowserCollection.Name)]
public class TimelineScreensTests(BrowserApp browser)
{
    private static readonly string Shots = Path.Combine(Path.GetTempPath(), "timeline-shots");

    private static async Task Shot(IPage page, string name)
    {
        Directory.CreateDirectory(Shots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, name + ".png"), FullPage = true });
    }

    [Fact]
    public async Task A_concierge_writes_a_note_on_a_worker_sees_it_on_the_timeline_and_a_refusal_keeps_what_was_typed()
    {
        var (ccId, ccEmail, ccName) = await browser.Member("cc");
        var worker = await browser.Given.AvailableWorker(ccId);
        var page = await browser.SignedIn(ccEmail);
        await page.GotoAsync($"/workers/{worker}");

        var timeline = page.Locator("#timeline");
        Assert.Equal(3, await timeline.Locator(".timeline-entry[data-kind='worker_status_changed']").CountAsync());
        Assert.Contains("ステータス: 面談中 → 稼働可能", await timeline.Locator(".timeline-entry").First.InnerTextAsync());
        await page.ClickAsync("#note summary");
        // The day of the note starts as today's business day.
        Assert.Equal(BusinessDay.Today.ToString("yyyy-MM-dd"), await page.InputValueAsync("#note-held-on"));
        await page.SelectOptionAsync("#note-kind", "meeting");
        await page.FillAsync("#note-body", "面談で希望を確認。\n週12時間まで、リモート希望。");
        await Shot(page, "worker-note-form-1280");
        await Submit(page, "#note button[type=submit]");

        Assert.EndsWith($"/workers/{worker}#timeline", page.Url);
        var newest = timeline.Locator(".timeline-entry").First;
        Assert.Equal("note", await newest.GetAttributeAsync("data-kind"));
        var text = await newest.InnerTextAsync();
        Assert.Contains("【面談】面談で希望を確認。", text);
        Assert.Contains("週12時間まで、リモート希望。", text);
        Assert.Contains(ccName, text);
        Assert.Contains(BusinessDay.Today.ToString("yyyy-MM-dd"), text);
        await Shot(page, "worker-timeline-1280");

        // A note without its day is refused at the day, in Japanese, with the kind and the text kept.
        await page.ClickAsync("#note summary");
        await page.SelectOptionAsync("#note-kind", "call");
        await page.FillAsync("#note-held-on", "");
        await page.FillAsync("#note-body", "折り返しの電話を待つ");
        await Submit(page, "#note button[type=submit]");
        Assert.Equal("実施日を入力してください。", await page.Locator("#note .field-error[data-field='heldOn']").InnerTextAsync());
        Assert.Equal("call", await page.InputValueAsync("#note-kind"));
        Assert.Equal("折り返しの電話を待つ", await page.InputValueAsync("#note-body"));
        Assert.True(await page.Locator("#note").GetAttributeAsync("open") is not null);
        await Shot(page, "worker-note-refused-1280");
        Assert.Single((await browser.Given.Admin.GetOk($"/api/workers/{worker}/timeline")).AsArray(), e => e!["kind"]!.GetValue<string>() == "note");

        var phone = await browser.SignedIn(ccEmail, width: 390, height: 844);
        await phone.GotoAsync($"/workers/{worker}");
        await phone.ClickAsync("#note summary");
        Assert.True(await FitsWidth(phone), "The worker page is wider than a 390px phone.");
        await Shot(phone, "worker-timeline-390");
    }

    [Fact]
    public async Task CS_reads_a_companys_timeline_and_keeps_a_note_after_it_churned_and_the_concierge_sees_no_form()
    {
        var (_, csEmail, _) = await browser.Member("cs");
        var (_, ccEmail, _) = await browser.Member("cc");
        var (company, _, engagement, _, _) = await browser.Given.ActiveEngagement();
        await browser.Given.Admin.PostCreated($"/api/companies/{company}/satisfaction", new { surveyedOn = "2026-03-01", score = 9, comment = "とても満足" });
        await browser.Given.Admin.PostCreated($"/api/engagements/{engagement}/end", new { endedOn = "2026-04-30", initiatedBy = "mutual", reasons = new[] { "project_completed" } });
        await browser.Given.Admin.PostCreated($"/api/companies/{company}/churn", new { churnedOn = "2026-05-31", reasons = new[] { "budget" } });
        var page = await browser.SignedIn(csEmail);
        await page.GotoAsync($"/companies/{company}");

        Assert.True(await page.Locator("#churned-notice").IsVisibleAsync());
        await page.ClickAsync("#note summary");
        await page.FillAsync("#note-held-on", "2026-06-02");
        await page.FillAsync("#note-body", "解約後のヒアリング。予算が戻れば再開したい。");
        await Submit(page, "#note button[type=submit]");
        var kinds = await page.Locator("#timeline .timeline-entry").EvaluateAllAsync<string[]>("es => es.map(e => e.dataset.kind)");
        Assert.Equal(["note", "company_churned", "engagement_ended", "satisfaction_surveyed", "kickoff_held", "engagement_contracted", "engagement_proposed"], kinds);
        Assert.Contains("【電話】解約後のヒアリング。", await page.Locator("#timeline .timeline-entry").First.InnerTextAsync());
        await Shot(page, "company-timeline-1280");

        var phone = await browser.SignedIn(csEmail, width: 390, height: 844);
        await phone.GotoAsync($"/companies/{company}");
        Assert.True(await FitsWidth(phone), "The company page is wider than a 390px phone.");
        await Shot(phone, "company-timeline-390");

        var concierge = await browser.SignedIn(ccEmail);
        await concierge.GotoAsync($"/companies/{company}");
        Assert.Equal(7, await concierge.Locator("#timeline .timeline-entry").CountAsync());
        Assert.Equal(0, await concierge.Locator("#note, form[action$='/notes']").CountAsync());
    }
}
