using static Marketplace.Tests.Browser.PageActions;
using Microsoft.Playwright;

namespace Marketplace.Tests.Browser;

/// <summary>The sales home, the CS home's week and the admin screens, in a real browser against the real app.</summary>
[Collection(BrowserCollection.Name)]
public class AdminSalesScreensTests(BrowserApp browser)
{
    private static readonly string Shots = Path.Combine(Path.GetTempPath(), "admin-shots");

    /// <summary>The business day the app sees (its clock is real; the business time zone is Tokyo).</summary>
    private static DateOnly Today => Infrastructure.BusinessDay.Today;

    /// <summary>Screenshots of the page as it stands, at desktop and phone width; it must not be wider than the phone.</summary>
    private static async Task Shoot(IPage page, string name)
    {
        Directory.CreateDirectory(Shots);
        foreach (var width in new[] { 1280, 390 })
        {
            await page.SetViewportSizeAsync(width, 900);
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
    public async Task The_open_leads_page_with_their_total_after_fifty_and_the_decided_ones_stay_below()
    {
        var (csId, _, _) = await browser.Member("cs");
        var (_, salesEmail, _) = await browser.Member("sales");
        var company = await Company(csId, $"株式会社多数リード{Guid.NewGuid().ToString("N")[..4]}");
        // Tossed a month back, so other tests' leads of today stay on the first page.
        for (var i = 0; i < 51; i++)
            await browser.Given.Admin.PostCreated($"/api/companies/{company}/expansion-leads",
                new { tossedOn = Today.AddDays(-30).ToString("yyyy-MM-dd"), description = $"まとめてのトス{i:00}" });
        var open = await browser.Given.Admin.GetOk("/api/expansion-leads?status=open&pageSize=50&page=2");
        var total = open["total"]!.GetValue<int>();
        var secondPage = open["items"]!.AsArray().Select(l => l!["id"]!.GetValue<string>()).ToArray();

        var page = await browser.SignedIn(salesEmail);
        var pager = page.Locator("#leads .pager");
        Assert.Equal($"{total}件中 1–50件", (await pager.Locator(".page-of").InnerTextAsync()).Trim());
        Assert.Equal(50, await page.Locator("#leads .lead-row[data-status='open']").CountAsync());
        await page.RunAndWaitForNavigationAsync(() => pager.Locator("a.next").ClickAsync());
        Assert.Contains("leads=2", page.Url);
        Assert.Equal($"{total}件中 51–{Math.Min(total, 100)}件", (await page.Locator("#leads .pager .page-of").InnerTextAsync()).Trim());
        Assert.Equal(secondPage, await page.Locator("#leads .lead-row[data-status='open']").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.lead)"));
        Assert.True(await page.Locator("#leads .pager a.prev").IsVisibleAsync());
        // A page number the list refuses is said at the pager, above the first page.
        await page.GotoAsync("/?leads=0");
        Assert.True(await page.Locator("#leads .field-error[data-field='page']").IsVisibleAsync());
        Assert.Equal($"{total}件中 1–50件", (await page.Locator("#leads .pager .page-of").InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task The_member_list_pages_fifty_at_a_time_with_the_total()
    {
        var (_, adminEmail, _) = await browser.Member("admin");
        var members = await browser.Given.Admin.GetOk("/api/members?pageSize=1");
        for (var i = members["total"]!.GetValue<int>(); i <= 50; i++) await browser.Member("sales");
        var second = await browser.Given.Admin.GetOk("/api/members?pageSize=50&page=2");
        var total = second["total"]!.GetValue<int>();

        var page = await browser.SignedIn(adminEmail);
        await page.GotoAsync("/admin/members");
        Assert.Equal(50, await page.Locator("#members .member-row").CountAsync());
        Assert.Equal($"{total}件中 1–50件", (await page.Locator("#members .pager .page-of").InnerTextAsync()).Trim());
        await page.RunAndWaitForNavigationAsync(() => page.ClickAsync("#members .pager a.next"));
        Assert.EndsWith("/admin/members?page=2", page.Url);
        Assert.Equal(second["items"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()),
            await page.Locator("#members .member-row").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.member)"));
        Assert.Equal($"{total}件中 51–{Math.Min(total, 100)}件", (await page.Locator("#members .pager .page-of").InnerTextAsync()).Trim());
        await Shoot(page, "members-page-2");
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

    [Fact]
    public async Task Admin_creates_a_member_resets_the_password_and_issues_and_revokes_an_api_key()
    {
        var (_, adminEmail, _) = await browser.Member("admin");
        var page = await browser.SignedIn(adminEmail);
        await page.ClickAsync("#nav-admin");
        await page.WaitForURLAsync("**/admin/members");

        // A member without a name is refused beside the name, keeping the email and team typed.
        var email = $"new-{Guid.NewGuid():N}@example.jp";
        await page.FillAsync("#email", email);
        await page.SelectOptionAsync("#team", "sales");
        await Submit(page, "#member-form button[type=submit]");
        Assert.True(await page.Locator("#member-form .field-error[data-field='name']").IsVisibleAsync());
        Assert.Equal(email, await page.InputValueAsync("#email"));
        Assert.Equal("sales", await page.InputValueAsync("#team"));
        await Shoot(page, "admin-members");

        // An email already in use is refused at the email.
        await page.FillAsync("#name", "新人 セールス");
        await page.FillAsync("#email", adminEmail);
        await Submit(page, "#member-form button[type=submit]");
        Assert.True(await page.Locator("#member-form .field-error[data-field='email']").IsVisibleAsync());
        Assert.Equal("新人 セールス", await page.InputValueAsync("#name"));

        await page.FillAsync("#email", email);
        await Submit(page, "#member-form button[type=submit]");
        await page.WaitForURLAsync("**/admin/members/*");
        var memberPage = new Uri(page.Url).AbsolutePath;
        Assert.Contains("新人 セールス", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("営業", await page.Locator("h1").InnerTextAsync());

        // Too short a password is refused at its field; a good one lets the member sign in.
        await page.FillAsync("#new-password", "short");
        await Submit(page, "#password-form button[type=submit]");
        Assert.True(await page.Locator("#password-form .field-error[data-field='password']").IsVisibleAsync());
        await page.FillAsync("#new-password", "a long enough new password");
        await Submit(page, "#password-form button[type=submit]");
        Assert.True(await page.Locator("#password-set").IsVisibleAsync());
        var member = await browser.SignedIn(email, password: "a long enough new password");
        Assert.True(await member.Locator("#leads").IsVisibleAsync());

        // The key is shown once, works against the API, and stops working when revoked.
        await Submit(page, "#issue-key button[type=submit]");
        var key = await page.Locator("#new-key-value").InnerTextAsync();
        Assert.StartsWith("mcs_", key);
        using var api = browser.App.CreateClient();
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await api.GetAsync("/api/expansion-leads")).StatusCode);
        await Shoot(page, "admin-member");
        // Shown once: the member's page never shows it again.
        await page.GotoAsync(memberPage);
        Assert.Equal(0, await page.Locator("#new-key").CountAsync());
        Assert.DoesNotContain(key, await page.ContentAsync());

        var row = page.Locator("#keys tr.key-row").First;
        Assert.Equal("false", await row.GetAttributeAsync("data-revoked"));
        await Submit(page, "#keys tr.key-row form button[type=submit]");
        Assert.Equal("true", await page.Locator("#keys tr.key-row").First.GetAttributeAsync("data-revoked"));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await api.GetAsync("/api/expansion-leads")).StatusCode);
    }

    [Fact]
    public async Task Admin_edits_previews_and_restores_a_template_and_a_broken_edit_is_refused_at_the_content()
    {
        const string name = "onboarding-guide.en.html";
        var (csId, _, _) = await browser.Member("cs");
        var companyName = $"株式会社プレビュー{Guid.NewGuid().ToString("N")[..4]}";
        var company = await Company(csId, companyName);
        var (_, adminEmail, _) = await browser.Member("admin");
        var page = await browser.SignedIn(adminEmail);
        await page.GotoAsync("/admin/templates");
        await page.ClickAsync($"#templates a[href='/admin/templates/{name}']");
        await page.WaitForURLAsync($"**/admin/templates/{name}");
        var original = await page.InputValueAsync("#content");
        var startVersion = long.Parse((await page.Locator("#versions tr.version-row").First.GetAttributeAsync("data-version"))!);

        // A template that does not parse is refused at the content, which keeps what was typed.
        var broken = original + "\n{{ if }}";
        await page.FillAsync("#content", broken);
        await Submit(page, "#save");
        Assert.True(await page.Locator("#edit .field-error[data-field='content']").IsVisibleAsync());
        Assert.Equal(broken.ReplaceLineEndings("\n"), (await page.InputValueAsync("#content")).ReplaceLineEndings("\n"));

        // The unsaved edit previews for the chosen company in a new tab.
        var edited = original + "\n<p id=\"admin-note\">管理者の追記 {{ company.name }}</p>";
        await page.FillAsync("#content", edited);
        await page.SelectOptionAsync("#companyId", company);
        var preview = await page.Context.RunAndWaitForPageAsync(() => page.ClickAsync("#preview"));
        await preview.WaitForLoadStateAsync();
        var previewText = await preview.Locator("body").InnerTextAsync();
        Assert.Contains("管理者の追記", previewText);
        Assert.Contains(companyName, previewText);
        await preview.CloseAsync();

        await Submit(page, "#save");
        await page.WaitForURLAsync($"**/admin/templates/{name}");
        Assert.Equal(startVersion + 1, long.Parse((await page.Locator("#versions tr.version-row").First.GetAttributeAsync("data-version"))!));
        Assert.Contains("管理者の追記", await page.InputValueAsync("#content"));
        await Shoot(page, "admin-template");

        // Restoring the version it started from brings the content back as a new version.
        await Submit(page, $"#versions tr.version-row[data-version='{startVersion}'] form button[type=submit]");
        Assert.Equal(startVersion + 2, long.Parse((await page.Locator("#versions tr.version-row").First.GetAttributeAsync("data-version"))!));
        Assert.Equal(original.ReplaceLineEndings("\n"), (await page.InputValueAsync("#content")).ReplaceLineEndings("\n"));
        await page.GotoAsync("/admin/templates");
        await Shoot(page, "admin-templates");
    }

    [Fact]
    public async Task Members_of_other_teams_see_no_admin_or_outcome_forms_and_their_posts_are_refused()
    {
        var (csId, csEmail, _) = await browser.Member("cs");
        var company = await Company(csId, "株式会社けんげん");
        var lead = (await browser.Given.Admin.PostCreated($"/api/companies/{company}/expansion-leads",
            new { tossedOn = Today.ToString("yyyy-MM-dd"), description = "権限の確認" }))["id"]!.GetValue<string>();
        var page = await browser.SignedIn(csEmail);
        Assert.Equal(0, await page.Locator("#nav-admin").CountAsync());
        Assert.Equal(0, await page.Locator("form[action*='/outcome']").CountAsync());

        var members = await page.GotoAsync("/admin/members");
        Assert.Equal(403, members!.Status);
        Assert.Equal(0, await page.Locator("#member-form").CountAsync());
        foreach (var (url, form) in new[]
        {
            ("/admin/members", new Dictionary<string, string> { ["Name"] = "不正", ["Email"] = $"{Guid.NewGuid():N}@example.jp", ["Team"] = "admin" }),
            ($"/admin/members/{csId}/api-keys", new Dictionary<string, string>()),
            ($"/expansion-leads/{lead}/outcome", new Dictionary<string, string> { ["Status"] = "lost" }),
        })
        {
            var data = page.Context.APIRequest.CreateFormData();
            foreach (var (k, v) in form) data.Set(k, v);
            var response = await page.Context.APIRequest.PostAsync(url, new APIRequestContextOptions { Form = data });
            Assert.Equal(403, response.Status);
        }
        var stored = (await browser.Given.Admin.GetOk($"/api/expansion-leads?companyId={company}"))["items"]!.AsArray().Single()!;
        Assert.Equal("open", stored["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Admin_edits_the_churn_reason_catalog_and_a_bad_code_is_refused_at_its_field()
    {
        var (_, adminEmail, _) = await browser.Member("admin");
        var page = await browser.SignedIn(adminEmail);
        await page.GotoAsync("/admin/members");
        await page.ClickAsync("#admin-nav a[href='/admin/churn-reasons']");
        await page.WaitForURLAsync("**/admin/churn-reasons");

        var code = "office_move_" + Guid.NewGuid().ToString("N")[..6];
        await page.FillAsync("#code", "Office Move");
        await page.FillAsync("#labelJa", "オフィス移転");
        await page.FillAsync("#labelEn", "Office move");
        await page.SelectOptionAsync("#appliesTo", "company");
        await Submit(page, "#reason-form button[type=submit]");
        Assert.True(await page.Locator("#reason-form .field-error[data-field='code']").IsVisibleAsync());
        Assert.Equal("オフィス移転", await page.InputValueAsync("#labelJa"));
        Assert.Equal("company", await page.InputValueAsync("#appliesTo"));

        await page.FillAsync("#code", code);
        await Submit(page, "#reason-form button[type=submit]");
        var row = page.Locator($"#reason-{code}");
        Assert.Equal("false", await row.GetAttributeAsync("data-negative"));

        await page.FillAsync($"#ja-{code}", "事業所の移転");
        await Submit(page, $"#labels-{code} button[type=submit]");
        Assert.Equal("事業所の移転", await page.InputValueAsync($"#ja-{code}"));

        await Submit(page, $"#reason-{code} .negative-form button[type=submit]");
        Assert.Equal("true", await row.GetAttributeAsync("data-negative"));
        Assert.Contains("ネガティブ", await row.Locator(".tag.negative").InnerTextAsync());
        await Submit(page, $"#reason-{code} .retire-form button[type=submit]");
        Assert.Equal("true", await row.GetAttributeAsync("data-retired"));
        Assert.Equal(0, await row.Locator(".retire-form").CountAsync());
        await Shoot(page, "admin-churn-reasons");

        var stored = (await browser.Given.Admin.GetOk("/api/churn-reasons")).AsArray().Single(r => r!["code"]!.GetValue<string>() == code)!;
        Assert.Equal("事業所の移転", stored["labelJa"]!.GetValue<string>());
        Assert.True(stored["negative"]!.GetValue<bool>());
        Assert.True(stored["retired"]!.GetValue<bool>());
        Assert.Equal("company", stored["appliesTo"]!.GetValue<string>());

        // The same screen in English shows the English labels.
        await page.ClickAsync("a.lang");
        await page.WaitForURLAsync("**/admin/churn-reasons");
        Assert.Equal("Churn reasons", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("Retired", await page.Locator($"#reason-{code}").InnerTextAsync());
    }
}
