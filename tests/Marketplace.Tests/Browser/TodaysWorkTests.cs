using Marketplace.Tests.Infrastructure;
using Microsoft.Playwright;
using static Marketplace.Tests.Browser.PageActions;

namespace Marketplace.Tests.Browser;

/// <summary>A member works their list on the home: completes a task, moves one to another day, adds one, in Japanese.</summary>
[Collection(BrowserCollection.Name)]
public class TodaysWorkTests(BrowserApp browser)
{
    private static readonly string Shots = Path.Combine(Path.GetTempPath(), "work-shots");
    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd");

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task A_task_is_completed_rescheduled_and_added_from_the_home(int width)
    {
        var today = BusinessDay.Today;
        var (csId, csEmail, _) = await browser.Member("cs");
        var (ccId, _, _) = await browser.Member("cc");
        var admin = browser.Given.Admin;
        var company = await browser.Given.Company(csId, name: $"タスク商事{Guid.NewGuid():N}"[..10]);
        var call = (await admin.PostCreated("/api/tasks", new { title = "先方へ電話", dueOn = Day(today.AddDays(-2)), assigneeId = csId, companyId = company }))["id"]!.GetValue<string>();
        var report = (await admin.PostCreated("/api/tasks", new { title = "報告資料の準備", dueOn = Day(today), assigneeId = csId }))["id"]!.GetValue<string>();
        // A follow-up of the member's company, due a week ago: in the same list.
        var worker = await browser.Given.AvailableWorker(ccId);
        var engagement = await browser.Given.Engagement(company, worker, Day(today.AddDays(-37)));
        await admin.PostOk($"/api/engagements/{engagement}/contract", new { contractedOn = Day(today.AddDays(-40)) });
        await admin.PostOk($"/api/engagements/{engagement}/kickoff", new { heldOn = Day(today.AddDays(-37)), csAttendeeId = csId });

        var page = await browser.SignedIn(csEmail, width);
        var work = page.Locator("#todays-work");
        Assert.Contains("期限超過 2件", await work.Locator("#overdue-count").InnerTextAsync());
        Assert.Equal(3, await work.Locator(".work-item").CountAsync());
        Assert.Contains("経過面談", await work.Locator(".work-item.follow-up").InnerTextAsync());
        Assert.True(await FitsWidth(page));
        Directory.CreateDirectory(Shots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/todays-work-{width}.png", FullPage = true });

        await Submit(page, $"li[data-task='{call}'] form.complete button");
        Assert.Equal(0, await page.Locator($"li[data-task='{call}']").CountAsync());
        Assert.Equal("done", (await admin.GetOk($"/api/tasks/{call}"))["status"]!.GetValue<string>());

        var nextWeek = Day(Marketplace.Core.Domain.BusinessCalendar.WeekEnd(today).AddDays(3));
        await page.FillAsync($"#due-{report}", nextWeek);
        await Submit(page, $"li[data-task='{report}'] form.reschedule button");
        Assert.Equal(0, await page.Locator($"li[data-task='{report}']").CountAsync());
        Assert.Equal(nextWeek, (await admin.GetOk($"/api/tasks/{report}"))["dueOn"]!.GetValue<string>());

        // Adding one without its text is refused at the field in Japanese, the date kept.
        await page.ClickAsync("#task-new summary");
        await page.FillAsync("#task-due", Day(today.AddDays(1)));
        await Submit(page, "#task-new button[type=submit]");
        Assert.True(await page.Locator("#task-new .field-error[data-field='title']").IsVisibleAsync());
        Assert.Contains("を入力してください", await page.Locator("#task-new .field-error[data-field='title']").InnerTextAsync());
        Assert.Equal(Day(today.AddDays(1)), await page.InputValueAsync("#task-due"));
        await page.FillAsync("#task-title", "契約書の送付");
        await Submit(page, "#task-new button[type=submit]");
        Assert.Contains("契約書の送付", await work.InnerTextAsync());
    }
}
