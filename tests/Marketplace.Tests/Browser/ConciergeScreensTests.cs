using static Marketplace.Tests.Browser.PageActions;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Marketplace.Tests.Browser;

/// <summary>
/// The concierge's daily work on screen: register a worker, edit and reassign, move the status with a note, on a
/// board that shows days in status and pages long columns; refusals at their field; CS sees none of the forms.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ConciergeScreensTests(BrowserApp browser)
{
    private static readonly string Shots = Path.Combine(Path.GetTempPath(), "concierge-shots");

    private static async Task Shot(IPage page, string name)
    {
        Directory.CreateDirectory(Shots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, name + ".png"), FullPage = true });
    }

    private static string Unique(string prefix) => $"{prefix}{Guid.NewGuid().ToString("N")[..6]}";

    private async Task<string> Worker(string conciergeId, string name, string? email = null) =>
        (await browser.Given.Admin.PostCreated("/api/workers", new
        {
            name, email = email ?? $"{Guid.NewGuid():N}@example.jp", jobType = "designer", skills = new[] { "Figma" },
            mainJobStyle = "freelancer", weeklyHours = 12, conciergeId,
        }))["id"]!.GetValue<string>();

    private Task<JsonNode> Api(string worker) => browser.Given.Admin.GetOk($"/api/workers/{worker}");

    /// <summary>The profile form's fields filled as a concierge types them; a null leaves the field as it is.</summary>
    private static async Task FillProfile(IPage page, string? name, string? email, string jobType, string mainJob, string skills, string hours, string conciergeId)
    {
        if (name is not null) await page.FillAsync("#profile-name", name);
        if (email is not null) await page.FillAsync("#profile-email", email);
        await page.SelectOptionAsync("#profile-job-type", jobType);
        await page.SelectOptionAsync("#profile-main-job", mainJob);
        await page.FillAsync("#profile-skills", skills);
        await page.FillAsync("#profile-weekly-hours", hours);
        await page.SelectOptionAsync("#profile-concierge", conciergeId);
    }

    private static async Task<string[]> FieldErrors(IPage page) =>
        await page.Locator("#profile .field-error").EvaluateAllAsync<string[]>("es => es.map(e => e.dataset.field)");

    [Fact]
    public async Task A_concierge_registers_a_worker_on_screen_and_finds_them_on_the_board()
    {
        var (ccId, ccEmail, ccName) = await browser.Member("cc");
        var name = Unique("新規 登録");
        var email = $"{Guid.NewGuid():N}@example.jp";
        var page = await browser.SignedIn(ccEmail);

        await page.GotoAsync("/workers");
        await page.ClickAsync("#register-worker");
        Assert.EndsWith("/workers/new", page.Url);
        Assert.Equal("人材を登録", await page.Locator("h1").InnerTextAsync());
        // The signed-in concierge is the one a new worker is assigned to unless they choose another.
        Assert.Equal(ccId, await page.InputValueAsync("#profile-concierge"));

        await FillProfile(page, name, email, "marketer", "employee", "SEO、広告運用, Google Analytics", "15", ccId);
        await Shot(page, "register-1280");
        await Submit(page, "#profile button[type=submit]");

        Assert.Matches("/workers/[0-9a-f-]{36}$", page.Url);
        var id = page.Url[^36..];
        Assert.Equal("登録", await page.Locator("#worker-status").InnerTextAsync());
        var facts = await page.Locator("dl.facts").InnerTextAsync();
        foreach (var expected in new[] { email, "マーケター", "会社員", "SEO", "広告運用", "Google Analytics", "15 h", ccName })
            Assert.Contains(expected, facts);
        var stored = await Api(id);
        Assert.Equal(name, stored["name"]!.GetValue<string>());
        Assert.Equal(["SEO", "広告運用", "Google Analytics"], stored["skills"]!.AsArray().Select(s => s!.GetValue<string>()));

        await page.GotoAsync($"/workers?q={Uri.EscapeDataString(name)}");
        var card = page.Locator("section.column[data-status='registered'] .worker-card");
        Assert.Equal(1, await card.CountAsync());
        Assert.Contains(name, await card.InnerTextAsync());
        Assert.Equal("0日", await card.Locator(".days").InnerTextAsync());
    }

    [Fact]
    public async Task A_refused_registration_is_shown_at_its_field_with_the_other_inputs_kept_in_Japanese_and_English()
    {
        var (ccId, ccEmail, _) = await browser.Member("cc");
        var taken = $"{Guid.NewGuid():N}@example.jp";
        await Worker(ccId, Unique("既存 人材"), taken);
        var page = await browser.SignedIn(ccEmail);

        // A blank name: the error is beside the name, nothing else is marked, and every other input is kept.
        var email = $"{Guid.NewGuid():N}@example.jp";
        await page.GotoAsync("/workers/new");
        await FillProfile(page, "", email, "engineer", "student", "Go, AWS", "8", ccId);
        await Submit(page, "#profile button[type=submit]");
        Assert.EndsWith("/workers/new", page.Url);
        Assert.Equal(["name"], await FieldErrors(page));
        Assert.True(await page.Locator("#profile-name ~ .field-error[data-field='name']").IsVisibleAsync());
        Assert.Equal(email, await page.InputValueAsync("#profile-email"));
        Assert.Equal("engineer", await page.InputValueAsync("#profile-job-type"));
        Assert.Equal("student", await page.InputValueAsync("#profile-main-job"));
        Assert.Equal("Go, AWS", await page.InputValueAsync("#profile-skills"));
        Assert.Equal("8", await page.InputValueAsync("#profile-weekly-hours"));
        Assert.Equal(ccId, await page.InputValueAsync("#profile-concierge"));
        Assert.Equal("入力内容を確認してください。", await page.Locator("#form-error").InnerTextAsync());
        await Shot(page, "register-refused-1280");

        // An email another worker has: refused at the email, the name typed is kept, and no worker is registered.
        var name = Unique("重複 確認");
        await FillProfile(page, name, taken, "engineer", "student", "Go", "8", ccId);
        await Submit(page, "#profile button[type=submit]");
        Assert.Equal(["email"], await FieldErrors(page));
        Assert.Equal(name, await page.InputValueAsync("#profile-name"));
        Assert.Equal(taken, await page.InputValueAsync("#profile-email"));
        Assert.Equal(0, (await browser.Given.Admin.GetOk($"/api/workers?q={Uri.EscapeDataString(name)}"))["total"]!.GetValue<int>());

        // The same refusal in English: English labels, the error at the name, the inputs kept.
        await page.GotoAsync("/lang/en?returnUrl=/workers/new");
        Assert.Equal("Register a worker", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("Name", await page.Locator("label[for='profile-name']").InnerTextAsync());
        await FillProfile(page, " ", email, "writer", "freelancer", "Copywriting", "20", ccId);
        await Submit(page, "#profile button[type=submit]");
        Assert.Equal(["name"], await FieldErrors(page));
        Assert.Equal(email, await page.InputValueAsync("#profile-email"));
        Assert.Equal("writer", await page.InputValueAsync("#profile-job-type"));
        Assert.Equal("Copywriting", await page.InputValueAsync("#profile-skills"));
        Assert.Equal("Register", await page.Locator("#profile button[type=submit]").InnerTextAsync());
        Assert.Equal("Check the highlighted fields.", await page.Locator("#form-error").InnerTextAsync());
        await Shot(page, "register-refused-en-1280");
    }

    [Fact]
    public async Task A_concierge_edits_the_profile_and_reassigns_the_worker_to_another_concierge()
    {
        var (ccId, ccEmail, _) = await browser.Member("cc");
        var (otherId, _, otherName) = await browser.Member("cc", Unique("引継 先"));
        var worker = await Worker(ccId, Unique("編集 前"));
        var page = await browser.SignedIn(ccEmail);

        await page.GotoAsync($"/workers/{worker}");
        // The form opens on demand and starts from the worker as stored.
        Assert.False(await page.Locator("#profile-name").IsVisibleAsync());
        await page.ClickAsync("#edit summary");
        Assert.Equal("designer", await page.InputValueAsync("#profile-job-type"));
        Assert.Equal("Figma", await page.InputValueAsync("#profile-skills"));
        Assert.Equal(ccId, await page.InputValueAsync("#profile-concierge"));
        await Shot(page, "worker-edit-1280");

        var renamed = Unique("編集 後");
        await FillProfile(page, renamed, null, "pm", "executive", "Figma, 要件定義", "6", otherId);
        await Submit(page, "#profile button[type=submit]");
        await page.WaitForURLAsync($"**/workers/{worker}");
        Assert.StartsWith(renamed, await page.Locator("h1").InnerTextAsync());
        Assert.Equal(otherName, await page.Locator("#worker-concierge").InnerTextAsync());
        var stored = await Api(worker);
        Assert.Equal(renamed, stored["name"]!.GetValue<string>());
        Assert.Equal("pm", stored["jobType"]!.GetValue<string>());
        Assert.Equal("executive", stored["mainJobStyle"]!.GetValue<string>());
        Assert.Equal(6, stored["weeklyHours"]!.GetValue<int>());
        Assert.Equal(otherId, stored["conciergeId"]!.GetValue<string>());
        Assert.Equal(["Figma", "要件定義"], stored["skills"]!.AsArray().Select(s => s!.GetValue<string>()));

        // The board's concierge filter now finds the worker under the new concierge.
        await page.GotoAsync($"/workers?conciergeId={otherId}");
        Assert.Equal(1, await page.Locator(".worker-card").GetByText(renamed).CountAsync());

        // An edit based on a version someone else has since changed is refused, and what was typed is kept.
        await page.GotoAsync($"/workers/{worker}");
        await page.ClickAsync("#edit summary");
        await browser.Given.Admin.PostOk($"/api/workers/{worker}/status", new { status = "screening" });
        await page.FillAsync("#profile-weekly-hours", "30");
        await Submit(page, "#profile button[type=submit]");
        Assert.True(await page.Locator("#form-error").IsVisibleAsync());
        Assert.True(await page.Locator("#profile-weekly-hours").IsVisibleAsync(), "The refused form stays open.");
        Assert.Equal("30", await page.InputValueAsync("#profile-weekly-hours"));
        Assert.Equal(6, (await Api(worker))["weeklyHours"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_edit_form_keeps_a_concierge_who_is_an_admin_rather_than_reassigning_silently()
    {
        var (adminId, _, adminName) = await browser.Member("admin");
        var (_, ccEmail, _) = await browser.Member("cc");
        var worker = await Worker(adminId, Unique("管理者 担当"));
        var page = await browser.SignedIn(ccEmail);

        await page.GotoAsync($"/workers/{worker}");
        await page.ClickAsync("#edit summary");
        Assert.Equal(adminId, await page.InputValueAsync("#profile-concierge"));
        await page.FillAsync("#profile-weekly-hours", "9");
        await Submit(page, "#profile button[type=submit]");
        Assert.Equal(adminName, await page.Locator("#worker-concierge").InnerTextAsync());
        var stored = await Api(worker);
        Assert.Equal(adminId, stored["conciergeId"]!.GetValue<string>());
        Assert.Equal(9, stored["weeklyHours"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_concierge_moves_a_worker_with_notes_only_along_the_moves_a_concierge_makes_by_hand()
    {
        var (ccId, ccEmail, ccName) = await browser.Member("cc");
        var name = Unique("状態 遷移");
        var worker = await Worker(ccId, name);
        var page = await browser.SignedIn(ccEmail);
        await page.GotoAsync($"/workers/{worker}");

        async Task Move(string to, string note, string label, string[] offered)
        {
            Assert.Equal(offered, await page.Locator("#status-select option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)"));
            await page.SelectOptionAsync("#status-select", to);
            await page.FillAsync("#status-note", note);
            await Submit(page, "#status button[type=submit]");
            Assert.Equal(label, await page.Locator("#worker-status").InnerTextAsync());
            var latest = await page.Locator("#history tr.history-row").First.InnerTextAsync();
            Assert.Contains(note, latest);
            Assert.Contains(ccName, latest);
        }

        await Move("screening", "一次面談を12/3に設定", "面談中", ["screening", "left"]);
        await Move("available", "面談完了。週10時間から可", "稼働可能", ["available", "left"]);
        // Proposed and active are never offered: they follow the engagements.
        await Move("paused", "本業繁忙のため1か月休止", "休止", ["paused", "left"]);
        await Move("available", "休止明け", "稼働可能", ["available", "left"]);
        await Move("left", "本人希望で退会", "退会", ["paused", "left"]);
        Assert.Equal(0, await page.Locator("#status-select").CountAsync());
        Assert.Equal(6, await page.Locator("#history tr.history-row").CountAsync());

        // A worker in the same status for days shows it on the board.
        using (var db = browser.App.OpenDatabase())
        {
            using var command = db.CreateCommand();
            command.CommandText = "UPDATE worker_status_history SET at = @at WHERE worker_id = @id";
            var at = command.CreateParameter();
            at.ParameterName = "@at";
            at.Value = DateTime.UtcNow.AddDays(-12).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ");
            var id = command.CreateParameter();
            id.ParameterName = "@id";
            id.Value = worker;
            command.Parameters.Add(at);
            command.Parameters.Add(id);
            Assert.Equal(6, command.ExecuteNonQuery());
        }
        await page.GotoAsync($"/workers?q={Uri.EscapeDataString(name)}");
        Assert.Equal("12日", await page.Locator("section.column[data-status='left'] .worker-card .days").InnerTextAsync());
    }

    [Fact]
    public async Task A_long_column_pages_with_its_total_and_the_board_fits_a_phone()
    {
        var (ccId, ccEmail, _) = await browser.Member("cc");
        var batch = Unique("頁");
        for (var i = 0; i < 23; i++) await Worker(ccId, $"{batch} 人材{i:00}");
        var available = await Worker(ccId, $"{batch} 稼働可能の人材");
        foreach (var status in new[] { "screening", "available" })
            await browser.Given.Admin.PostOk($"/api/workers/{available}/status", new { status });
        var page = await browser.SignedIn(ccEmail);

        await page.GotoAsync($"/workers?q={Uri.EscapeDataString(batch)}");
        var registered = page.Locator("section.column[data-status='registered']");
        Assert.Equal("24", await page.Locator("#board-total").EvaluateAsync<string>("e => e.textContent.trim().split(' ')[0]"));
        Assert.Equal("23", await registered.Locator("h2 .count").InnerTextAsync());
        Assert.Equal(20, await registered.Locator(".worker-card").CountAsync());
        Assert.Contains("23件中 1–20件", await registered.Locator(".pager").InnerTextAsync());
        Assert.Equal(0, await page.Locator("section.column[data-status='available'] .pager").CountAsync());
        await Shot(page, "board-1280");

        // The next page of one column keeps the filter and the other columns as they were.
        await registered.Locator(".pager a.next").ClickAsync();
        await page.WaitForURLAsync("**page*registered*=2*");
        registered = page.Locator("section.column[data-status='registered']");
        Assert.Equal(3, await registered.Locator(".worker-card").CountAsync());
        Assert.Contains($"{batch} 人材22", await registered.InnerTextAsync());
        Assert.Equal(1, await page.Locator("section.column[data-status='available'] .worker-card").CountAsync());
        Assert.Equal(0, await registered.Locator(".pager a.next").CountAsync());

        // At 390 px nothing is wider than the phone: the board, a worker, the registration form.
        var phone = await browser.SignedIn(ccEmail, width: 390, height: 844);
        foreach (var (url, shot) in new[] { ($"/workers?q={Uri.EscapeDataString(batch)}", "board-390"), ($"/workers/{available}", "worker-390"), ("/workers/new", "register-390") })
        {
            await phone.GotoAsync(url);
            if (shot == "worker-390") await phone.ClickAsync("#edit summary");
            Assert.True(await FitsWidth(phone), $"{url} is wider than a 390px phone.");
            await Shot(phone, shot);
        }
        await page.GotoAsync($"/workers/{available}");
        await Shot(page, "worker-1280");
    }

    [Fact]
    public async Task A_cs_member_sees_no_worker_forms_and_the_posts_are_refused()
    {
        var (ccId, _, _) = await browser.Member("cc");
        var (_, csEmail, _) = await browser.Member("cs");
        var name = Unique("閲覧 のみ");
        var worker = await Worker(ccId, name);
        var page = await browser.SignedIn(csEmail);

        await page.GotoAsync("/workers");
        Assert.True(await page.Locator(".board").IsVisibleAsync());
        Assert.Equal(0, await page.Locator("#register-worker").CountAsync());
        await page.GotoAsync($"/workers/{worker}");
        Assert.Contains(name, await page.Locator("h1").InnerTextAsync());
        Assert.Equal(0, await page.Locator("#edit, #profile, #status, form[action^='/workers']").CountAsync());

        var forbidden = await page.GotoAsync("/workers/new");
        Assert.Equal(403, forbidden!.Status);

        // Even with a valid antiforgery token of their own session, the posts are refused and change nothing.
        await page.GotoAsync($"/workers/{worker}");
        var token = await page.InputValueAsync("form[action='/account/sign-out'] input[name='__RequestVerificationToken']");
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Name"] = "書き換え", ["Email"] = $"{Guid.NewGuid():N}@example.jp", ["JobType"] = "engineer",
            ["MainJobStyle"] = "employee", ["WeeklyHours"] = "1", ["ConciergeId"] = ccId, ["ExpectedVersion"] = "1", ["Status"] = "screening",
        };
        form["Kind"] = "call"; form["HeldOn"] = "2026-04-01"; form["Body"] = "書き換え";
        foreach (var url in new[] { "/workers/new", $"/workers/{worker}/profile", $"/workers/{worker}/status", $"/workers/{worker}/notes" })
        {
            var response = await page.Context.APIRequest.PostAsync(url, new() { Form = FormOf(page, form) });
            Assert.Equal(403, response.Status);
        }
        var stored = await Api(worker);
        Assert.Equal(name, stored["name"]!.GetValue<string>());
        Assert.Equal("registered", stored["status"]!.GetValue<string>());
        Assert.Equal(0, (await browser.Given.Admin.GetOk("/api/workers?q=%E6%9B%B8%E3%81%8D%E6%8F%9B%E3%81%88"))["total"]!.GetValue<int>());
        Assert.DoesNotContain((await browser.Given.Admin.GetOk($"/api/workers/{worker}/timeline")).AsArray(), e => e!["kind"]!.GetValue<string>() == "note");
    }

    private static IFormData FormOf(IPage page, Dictionary<string, string> fields)
    {
        var form = page.Context.APIRequest.CreateFormData();
        foreach (var (key, value) in fields) form.Set(key, value);
        return form;
    }
}
