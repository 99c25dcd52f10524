using Marketplace.Tests.Infrastructure;
using static Marketplace.Tests.Browser.PageActions;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Marketplace.Tests.Browser;

/// <summary>Company CS's work on the company and engagement pages, in a real browser against the real app.</summary>
[Collection(BrowserCollection.Name)]
public class CsScreensTests(BrowserApp browser)
{
    private static readonly string Shots = Path.Combine(Path.GetTempPath(), "cs-shots");

    /// <summary>The whole page, and on a phone also in screen-high parts, which stay legible when looked at.</summary>
    private static async Task Shot(IPage page, string name)
    {
        Directory.CreateDirectory(Shots);
        var (width, height) = (page.ViewportSize!.Width, page.ViewportSize.Height);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/{name}-{width}.png", FullPage = true });
        if (width >= 640) return;
        var total = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        for (var (top, part) = (0, 1); top < total; top += height, part++)
            await page.ScreenshotAsync(new PageScreenshotOptions
            {
                Path = $"{Shots}/{name}-{width}-part{part}.png", FullPage = true,
                Clip = new Clip { X = 0, Y = top, Width = width, Height = Math.Min(height, total - top) },
            });
    }

    private Task<JsonNode> Company(string id) => browser.Given.Admin.GetOk($"/api/companies/{id}");
    private Task<JsonNode> Engagement(string id) => browser.Given.Admin.GetOk($"/api/engagements/{id}");

    /// <summary>An engagement of the company kicked off on the day (with its CS) and running.</summary>
    private async Task<string> Running(string company, string csId, string ccId, string heldOn)
    {
        var worker = await browser.Given.AvailableWorker(ccId);
        var engagement = await browser.Given.Engagement(company, worker, heldOn);
        await browser.Given.Admin.PostOk($"/api/engagements/{engagement}/contract", new { contractedOn = "2026-01-20" });
        await browser.Given.Admin.PostOk($"/api/engagements/{engagement}/kickoff", new { heldOn, csAttendeeId = csId, attendees = new[] { "山田" } });
        return engagement;
    }

    /// <summary>A company with an engagement proposed to it, its CS owner signed in.</summary>
    private async Task<(string Company, string Engagement, string CsId, string CsName, IPage Page)> Proposed(int width = 1280)
    {
        var (csId, csEmail, csName) = await browser.Member("cs", $"CS担当 {Guid.NewGuid().ToString("N")[..4]}");
        var (ccId, _, _) = await browser.Member("cc");
        var company = await browser.Given.Company(csId);
        var worker = await browser.Given.AvailableWorker(ccId);
        var engagement = await browser.Given.Engagement(company, worker);
        return (company, engagement, csId, csName, await browser.SignedIn(csEmail, width));
    }

    private static async Task<string[]> Steps(IPage page, string state) =>
        await page.Locator($"#stepper li.{state}").EvaluateAllAsync<string[]>("ls => ls.map(l => l.dataset.step)");

    private static async Task FillCompany(IPage page, string name, string ownerId)
    {
        await page.FillAsync("#name", name);
        await page.FillAsync("#industry", "SaaS");
        await page.FillAsync("#employeeCount", "45");
        await page.FillAsync("#monthlyFee", "150000");
        await page.SelectOptionAsync("#csOwnerId", ownerId);
        await page.FillAsync("#signedOn", "2026-04-01");
        await page.CheckAsync("#purposes input[value='KnowHow']");
    }

    [Fact]
    public async Task The_company_list_sorts_by_a_header_and_pages_with_the_total_keeping_the_filter_and_order()
    {
        var (csId, csEmail, _) = await browser.Member("cs");
        var tag = Guid.NewGuid().ToString("N")[..6];
        // 55 companies whose names run opposite to their signed-on days, so the two orders differ on every row.
        var start = new DateOnly(2025, 1, 1);
        for (var i = 0; i < 55; i++)
            await browser.Given.Company(csId, start.AddDays(i).ToString("yyyy-MM-dd"), name: $"並べ{tag}-{54 - i:00}");
        var page = await browser.SignedIn(csEmail);
        await page.GotoAsync($"/companies?q={tag}");

        async Task<string[]> Column(int nth) => await page.Locator($"#companies tr:has(td) td:nth-child({nth})").AllInnerTextsAsync() is var texts ? texts.ToArray() : [];
        var names = (await Column(1)).Select(t => t.Split('\n')[0].Trim()).ToArray();
        Assert.Equal(50, names.Length);
        Assert.Equal($"並べ{tag}-00", names[0]);
        Assert.Equal("ascending", await page.GetAttributeAsync("#companies th:has(a[data-sort='name'])", "aria-sort"));
        Assert.Equal("55件中 1–50件", (await page.Locator(".pager .page-of").InnerTextAsync()).Trim());

        // The signed-on header sorts the latest first, and says so with its arrow and aria-sort.
        await page.RunAndWaitForNavigationAsync(() => page.ClickAsync("#companies a[data-sort='signedOn']"));
        Assert.Contains($"q={tag}", page.Url);
        Assert.Contains("sort=-signedOn", page.Url);
        var days = await Column(5);
        Assert.Equal(start.AddDays(54).ToString("yyyy-MM-dd"), days[0]);
        Assert.Equal(days.OrderDescending(StringComparer.Ordinal), days);
        Assert.Equal("descending", await page.GetAttributeAsync("#companies th:has(a[data-sort='signedOn'])", "aria-sort"));
        Assert.Equal("▼", (await page.Locator("#companies a[data-sort='signedOn'] .arrow").InnerTextAsync()).Trim());
        Assert.Null(await page.GetAttributeAsync("#companies th:has(a[data-sort='name'])", "aria-sort"));
        await Shot(page, "companies-sorted");

        // The next page goes on in the same order with the same filter: the five earliest, and no next page.
        await page.RunAndWaitForNavigationAsync(() => page.ClickAsync(".pager a.next"));
        Assert.Contains("page=2", page.Url);
        Assert.Equal("55件中 51–55件", (await page.Locator(".pager .page-of").InnerTextAsync()).Trim());
        Assert.Equal(Enumerable.Range(0, 5).Select(i => start.AddDays(4 - i).ToString("yyyy-MM-dd")), await Column(5));
        Assert.Equal(0, await page.Locator(".pager a.next").CountAsync());
        Assert.Equal("descending", await page.GetAttributeAsync("#companies th:has(a[data-sort='signedOn'])", "aria-sort"));

        // Clicking the sorted header again turns it round, from the first page.
        await page.RunAndWaitForNavigationAsync(() => page.ClickAsync("#companies a[data-sort='signedOn']"));
        Assert.DoesNotContain("page=", page.Url);
        Assert.Equal(start.ToString("yyyy-MM-dd"), (await Column(5))[0]);
        Assert.Equal("▲", (await page.Locator("#companies a[data-sort='signedOn'] .arrow").InnerTextAsync()).Trim());

        // Filtering again keeps the order.
        await page.FillAsync("#q", $"並べ{tag}-5");
        await Submit(page, ".filters button[type=submit]");
        Assert.Contains("sort=signedOn", page.Url);
        Assert.Equal(new[] { $"並べ{tag}-54", $"並べ{tag}-53", $"並べ{tag}-52", $"並べ{tag}-51", $"並べ{tag}-50" },
            (await Column(1)).Select(t => t.Split('\n')[0].Trim()));
        Assert.Equal("5件中 1–5件", (await page.Locator(".pager .page-of").InnerTextAsync()).Trim());

        // A sort typed into the address is refused at the list, which shows every company by name.
        await page.GotoAsync($"/companies?q={tag}&sort=stage");
        Assert.Contains("並び順", await page.Locator(".field-error[data-field='sort']").InnerTextAsync());

        // At 390 px the list and its pager fit the phone.
        var phone = await browser.SignedIn(csEmail, width: 390, height: 844);
        await phone.GotoAsync($"/companies?q={tag}&sort=-activeEngagements&page=2");
        Assert.True(await FitsWidth(phone));
        Assert.Equal("55件中 51–55件", (await phone.Locator(".pager .page-of").InnerTextAsync()).Trim());
        Assert.True(await phone.Locator(".pager a.prev").IsVisibleAsync());
        await Shot(phone, "companies-paged");
    }

    [Fact]
    public async Task A_cs_member_registers_a_company_refused_at_its_field_then_edits_it_and_reassigns_the_owner()
    {
        var (csId, csEmail, _) = await browser.Member("cs");
        var (otherId, _, otherName) = await browser.Member("cs", "新担当 花子");
        var page = await browser.SignedIn(csEmail);

        await page.GotoAsync("/companies");
        await page.ClickAsync("#new-company");
        Assert.EndsWith("/companies/new", page.Url);
        Assert.Equal("企業を登録", await page.Locator("h1").InnerTextAsync());

        // Without a name the form comes back with the error at the name and everything else as typed.
        await FillCompany(page, "", csId);
        await Submit(page, "#company-form button[type=submit]");
        Assert.True(await page.Locator("#company-form .field-error[data-field='name']").IsVisibleAsync());
        Assert.Equal(0, await page.Locator("#company-form .field-error[data-field='industry']").CountAsync());
        Assert.Equal("SaaS", await page.InputValueAsync("#industry"));
        Assert.Equal("45", await page.InputValueAsync("#employeeCount"));
        Assert.Equal(csId, await page.InputValueAsync("#csOwnerId"));
        Assert.Equal("2026-04-01", await page.InputValueAsync("#signedOn"));
        Assert.True(await page.IsCheckedAsync("#purposes input[value='KnowHow']"));
        Assert.False(await page.IsCheckedAsync("#purposes input[value='ResourceShortage']"));
        await Shot(page, "company-new-refused");

        var name = $"株式会社登録<{Guid.NewGuid().ToString("N")[..4]}>";
        await page.FillAsync("#name", name);
        await Submit(page, "#company-form button[type=submit]");
        await page.WaitForURLAsync("**/companies/*");
        var id = page.Url.Split('/').Last();
        Assert.Contains(name, await page.Locator("h1").InnerTextAsync());
        var created = await Company(id);
        Assert.Equal(csId, created["csOwnerId"]!.GetValue<string>());
        Assert.Equal(["know_how"], created["purposes"]!.AsArray().Select(p => p!.GetValue<string>()));

        // Edit: the form starts from the company as stored; the new owner and size are saved.
        await page.ClickAsync("#edit-company");
        Assert.Equal(name, await page.InputValueAsync("#name"));
        Assert.True(await page.IsCheckedAsync("#purposes input[value='KnowHow']"));
        await page.SelectOptionAsync("#csOwnerId", otherId);
        await page.FillAsync("#employeeCount", "120");
        await Submit(page, "#company-form button[type=submit]");
        await page.WaitForURLAsync($"**/companies/{id}");
        Assert.Contains(otherName, await page.Locator("dl.facts").InnerTextAsync());
        var edited = await Company(id);
        Assert.Equal(otherId, edited["csOwnerId"]!.GetValue<string>());
        Assert.Equal(120, edited["employeeCount"]!.GetValue<int>());

        // Someone saves in between: the form read at the old version is refused rather than overwriting it.
        await page.GotoAsync($"/companies/{id}/edit");
        var read = await browser.Given.Admin.Get($"/api/companies/{id}");
        var body = new { name, industry = "製造", employeeCount = 120, monthlyFee = 150_000, csOwnerId = otherId, signedOn = "2026-04-01", purposes = new[] { "know_how" } };
        Assert.True((await browser.Given.Admin.Put($"/api/companies/{id}", body, read.Headers.ETag!.Tag)).IsSuccessStatusCode);
        await page.FillAsync("#industry", "小売");
        await Submit(page, "#company-form button[type=submit]");
        Assert.Contains($"/companies/{id}/edit", page.Url);
        Assert.True(await page.Locator("#form-error").IsVisibleAsync());
        Assert.Equal("小売", await page.InputValueAsync("#industry"));
        Assert.Equal("製造", (await Company(id))["industry"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_refused_registration_reads_in_English_with_the_input_kept()
    {
        var (csId, csEmail, _) = await browser.Member("cs");
        var page = await browser.SignedIn(csEmail);
        await page.GotoAsync("/lang/en?returnUrl=%2Fcompanies%2Fnew");
        Assert.Equal("Register a company", await page.Locator("h1").InnerTextAsync());

        await FillCompany(page, "Example KK", csId);
        await page.FillAsync("#employeeCount", "");
        await Submit(page, "#company-form button[type=submit]");
        Assert.True(await page.Locator("#company-form .field-error[data-field='employeeCount']").IsVisibleAsync());
        Assert.Equal(0, await page.Locator("#company-form .field-error[data-field='name']").CountAsync());
        Assert.Equal("Example KK", await page.InputValueAsync("#name"));
        Assert.Equal("150000", await page.InputValueAsync("#monthlyFee"));
        Assert.Contains("Company name", await page.Locator("label[for='name']").InnerTextAsync());
        Assert.Contains("Missing know-how", await page.Locator("#purposes").InnerTextAsync());
        await Shot(page, "company-new-refused-en");
    }

    [Fact]
    public async Task The_owner_assesses_the_company_and_a_churned_company_is_read_only_until_it_signs_again()
    {
        var (csId, csEmail, _) = await browser.Member("cs");
        var company = await browser.Given.Company(csId, signedOn: "2026-01-10");
        var page = await browser.SignedIn(csEmail);
        await page.GotoAsync($"/companies/{company}");

        await page.SelectOptionAsync("#rank", "A");
        await page.SelectOptionAsync("#assessedStage", "Onboard");
        await Submit(page, "#assessment button[type=submit]");
        Assert.Contains("A", await page.Locator("#assessment-value").InnerTextAsync());
        var assessment = (await Company(company))["assessment"]!;
        Assert.Equal("a", assessment["rank"]!.GetValue<string>());
        Assert.Equal("onboard", assessment["stage"]!.GetValue<string>());

        var churn = (await browser.Given.Admin.PostCreated($"/api/companies/{company}/churn", new { churnedOn = "2026-06-30", reasons = new[] { "budget" } }))["id"]!.GetValue<string>();
        await page.ReloadAsync();
        Assert.True(await page.Locator("#churned-notice").IsVisibleAsync());
        // Nothing but 再契約 is offered, and the note form: CS still keeps the calls of a churned company.
        // (The document form only reads: it opens documents, it writes nothing.)
        var actions = await page.Locator("main form[method=post]").EvaluateAllAsync<string[]>("fs => fs.map(f => f.getAttribute('action'))");
        Assert.Equal([$"/companies/{company}/reactivate", $"/companies/{company}/notes"], actions);
        Assert.Equal(0, await page.Locator("#edit-company, a[href^='/engagements/new'], a[href$='/churn'], details.correction").CountAsync());
        await Shot(page, "company-churned");

        // 再契約 before the churn is refused at its date, which is kept; then the company is active again.
        await page.FillAsync("#reactivateSignedOn", "2026-06-01");
        await Submit(page, "#reactivate button[type=submit]");
        Assert.True(await page.Locator("#reactivate .field-error[data-field='signedOn']").IsVisibleAsync());
        Assert.Equal("2026-06-01", await page.InputValueAsync("#reactivateSignedOn"));
        await page.FillAsync("#reactivateSignedOn", "2026-09-01");
        await Submit(page, "#reactivate button[type=submit]");
        Assert.Equal("active", (await Company(company))["status"]!.GetValue<string>());
        Assert.Equal(0, await page.Locator("#reactivate, #churned-notice").CountAsync());
        Assert.True(await page.Locator("#edit-company").IsVisibleAsync());
        Assert.Equal("2026-09-01", (await Company(company))["signedOn"]!.GetValue<string>());

        // Signed again, the past churn record is corrected in place.
        await page.ClickAsync($"#correct-churn-{churn} summary");
        await page.FillAsync($"#churnedOn-{churn}", "2026-06-15");
        await Submit(page, $"#correct-churn-{churn} button[type=submit]");
        Assert.Contains("2026-06-15", await page.Locator("#churn-history").InnerTextAsync());
        Assert.True(await page.Locator("#assessment").IsVisibleAsync());
    }

    [Fact]
    public async Task The_company_page_shows_every_risk_signal_and_each_engagements_follow_up_due()
    {
        var (csId, csEmail, _) = await browser.Member("cs");
        var (ccId, _, _) = await browser.Member("cc");
        var company = await browser.Given.Company(csId, signedOn: "2026-01-10");
        // Kicked off on 2026-02-01: its follow-up was due 2026-03-01 and is overdue.
        var overdue = await Running(company, csId, ccId, "2026-02-01");
        // Another one met a low satisfaction and ended negatively a few days ago.
        var ended = await Running(company, csId, ccId, "2026-03-01");
        await browser.Given.Admin.PostCreated($"/api/engagements/{ended}/follow-ups", new { heldOn = "2026-04-02", companySatisfaction = 2, workerEvaluation = 3 });
        var endedOn = BusinessDay.Today.AddDays(-5).ToString("yyyy-MM-dd");
        await browser.Given.Admin.PostCreated($"/api/engagements/{ended}/end", new { endedOn, initiatedBy = "company", reasons = new[] { "progress_invisible" } });

        var page = await browser.SignedIn(csEmail);
        await page.GotoAsync($"/companies/{company}");
        var signals = await page.Locator("#risk-signals .tag.risk").EvaluateAllAsync<string[]>("ts => ts.map(t => t.dataset.signal)");
        Assert.Equal(["negative_engagement_churn", "overdue_follow_up", "low_satisfaction"], signals);
        Assert.Contains("経過面談の期限超過", await page.Locator("#risk-signals").InnerTextAsync());

        var due = await page.Locator($"#engagements tr:has(a[href='/engagements/{overdue}']) td.follow-up-due").InnerTextAsync();
        Assert.Contains("2026-03-01", due);
        Assert.Contains("期限超過", due);
        Assert.Equal("", (await page.Locator($"#engagements tr:has(a[href='/engagements/{ended}']) td.follow-up-due").InnerTextAsync()).Trim());
        await Shot(page, "company-risk");
    }

    [Fact]
    public async Task The_engagement_page_leads_with_the_next_step_preselects_the_cs_owner_and_confirms_the_end()
    {
        var (company, engagement, csId, csName, page) = await Proposed();
        await page.GotoAsync($"/engagements/{engagement}");
        Assert.Equal(["contract"], await Steps(page, "current"));
        Assert.Equal(["propose"], await Steps(page, "done"));
        Assert.Equal($"/engagements/{engagement}/contract", await page.Locator("main form").First.GetAttributeAsync("action"));

        await page.FillAsync("#contractedOn", "2026-01-20");
        await Submit(page, "#contract button[type=submit]");
        Assert.Equal(["kickoff"], await Steps(page, "current"));
        // The company's CS owner is chosen already.
        Assert.Equal(csId, await page.InputValueAsync("#csAttendeeId"));
        await page.FillAsync("#heldOn", "2026-02-01");
        await Submit(page, "#kickoff button[type=submit]");
        Assert.Equal("active", (await Engagement(engagement))["status"]!.GetValue<string>());
        Assert.Equal(["follow-up"], await Steps(page, "current"));
        Assert.Equal(["propose", "contract", "kickoff"], await Steps(page, "done"));
        Assert.Contains(csName, await page.Locator("dl.facts").InnerTextAsync());
        Assert.Equal($"/engagements/{engagement}/follow-ups", await page.Locator("main form").First.GetAttributeAsync("action"));
        await Shot(page, "engagement-active");

        // The end needs the tick: the browser holds the form back, and the server refuses it without one.
        var endedOn = BusinessDay.Today.AddDays(-2).ToString("yyyy-MM-dd");
        await page.FillAsync("#endedOn", endedOn);
        await page.CheckAsync("#end input[value='progress_invisible']");
        Assert.False(await page.Locator("#end").EvaluateAsync<bool>("f => f.checkValidity()"));
        await page.Locator("#confirmEnd").EvaluateAsync("c => c.removeAttribute('required')");
        await Submit(page, "#end button[type=submit]");
        Assert.True(await page.Locator("#end .field-error[data-field='confirmed']").IsVisibleAsync());
        Assert.Equal(endedOn, await page.InputValueAsync("#endedOn"));
        Assert.True(await page.IsCheckedAsync("#end input[value='progress_invisible']"));
        Assert.Equal("active", (await Engagement(engagement))["status"]!.GetValue<string>());

        await page.CheckAsync("#confirmEnd");
        await Submit(page, "#end button[type=submit]");
        Assert.Equal("ended", (await Engagement(engagement))["status"]!.GetValue<string>());
        Assert.Contains("end", await Steps(page, "done"));
        Assert.Empty(await Steps(page, "current"));

        // The end is corrected: the worker pulled out, not the company.
        await page.ClickAsync("#correct-end summary");
        await page.SelectOptionAsync("#correctInitiatedBy", "worker");
        await Submit(page, "#correct-end button[type=submit]");
        Assert.Equal("worker", (await Engagement(engagement))["churn"]!["initiatedBy"]!.GetValue<string>());
        await page.ClickAsync("#correct-end summary");
        await Shot(page, "engagement-ended-correction");
        Assert.True(await page.Locator($"a[href='/companies/{company}']").First.IsVisibleAsync());
    }

    [Fact]
    public async Task An_admin_owning_the_company_is_offered_and_chosen_at_the_kickoff()
    {
        var (adminId, _, adminName) = await browser.Member("admin", "管理者 兼CS");
        var (_, csEmail, _) = await browser.Member("cs");
        var (ccId, _, _) = await browser.Member("cc");
        var company = await browser.Given.Company(adminId);
        var engagement = await browser.Given.Engagement(company, await browser.Given.AvailableWorker(ccId));
        await browser.Given.Admin.PostOk($"/api/engagements/{engagement}/contract", new { contractedOn = "2026-01-20" });

        var page = await browser.SignedIn(csEmail);
        await page.GotoAsync($"/engagements/{engagement}");
        Assert.Equal(adminId, await page.InputValueAsync("#csAttendeeId"));
        Assert.Equal(adminName, (await page.Locator("#csAttendeeId option:checked").InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task Recorded_kickoff_and_follow_up_are_corrected_and_a_refused_correction_keeps_its_input()
    {
        var (_, engagement, csId, _, page) = await Proposed();
        await browser.Given.Admin.PostOk($"/api/engagements/{engagement}/contract", new { contractedOn = "2026-01-20" });
        await browser.Given.Admin.PostOk($"/api/engagements/{engagement}/kickoff", new { heldOn = "2026-02-01", csAttendeeId = csId, attendees = new[] { "山田" } });
        var followUp = (await browser.Given.Admin.PostCreated($"/api/engagements/{engagement}/follow-ups", new { heldOn = "2026-03-02", companySatisfaction = 3, workerEvaluation = 4 }))["id"]!.GetValue<string>();
        await page.GotoAsync($"/engagements/{engagement}");

        // The kickoff was on the 3rd, with one more attendee.
        await page.ClickAsync("#correct-kickoff summary");
        Assert.Equal(csId, await page.InputValueAsync("#kickoffCs"));
        await page.FillAsync("#kickoffHeldOn", "2026-02-03");
        await page.FillAsync("#kickoffAttendees", "山田, 佐藤");
        await Submit(page, "#correct-kickoff button[type=submit]");
        var kickoff = (await Engagement(engagement))["kickoff"]!;
        Assert.Equal("2026-02-03", kickoff["heldOn"]!.GetValue<string>());
        Assert.Equal(["山田", "佐藤"], kickoff["attendees"]!.AsArray().Select(a => a!.GetValue<string>()));

        // A follow-up correction without its date is refused at the date, the other values kept.
        var form = $"#correct-follow-up-{followUp}";
        await page.ClickAsync($"{form} summary");
        await page.FillAsync($"#heldOn-{followUp}", "");
        await page.FillAsync($"#companySatisfaction-{followUp}", "5");
        await page.FillAsync($"#note-{followUp}", "定例が定着");
        await Submit(page, $"{form} button[type=submit]");
        Assert.True(await page.Locator($"{form} .field-error[data-field='heldOn']").IsVisibleAsync());
        Assert.True(await page.Locator(form).GetAttributeAsync("open") is not null);
        Assert.Equal("5", await page.InputValueAsync($"#companySatisfaction-{followUp}"));
        Assert.Equal("定例が定着", await page.InputValueAsync($"#note-{followUp}"));
        Assert.Equal(3, (await Engagement(engagement))["followUps"]!.AsArray().Single(f => f!["id"]!.GetValue<string>() == followUp)!["companySatisfaction"]!.GetValue<int>());

        await page.FillAsync($"#heldOn-{followUp}", "2026-03-04");
        await Submit(page, $"{form} button[type=submit]");
        var corrected = (await Engagement(engagement))["followUps"]!.AsArray().Single(f => f!["id"]!.GetValue<string>() == followUp)!;
        Assert.Equal("2026-03-04", corrected["heldOn"]!.GetValue<string>());
        Assert.Equal(5, corrected["companySatisfaction"]!.GetValue<int>());
        Assert.Contains("定例が定着", await page.Locator("#follow-ups").InnerTextAsync());
    }

    [Fact]
    public async Task A_concierge_sees_the_company_and_engagement_without_cs_forms_and_is_refused_their_posts()
    {
        var (csId, _, _) = await browser.Member("cs");
        var (ccId, ccEmail, _) = await browser.Member("cc");
        var company = await browser.Given.Company(csId);
        var engagement = await Running(company, csId, ccId, "2026-02-01");
        var page = await browser.SignedIn(ccEmail);

        await page.GotoAsync("/companies");
        Assert.Equal(0, await page.Locator("#new-company").CountAsync());
        await page.GotoAsync($"/companies/{company}");
        Assert.True(await page.Locator("#risk-signals").IsVisibleAsync());
        Assert.Equal(0, await page.Locator("main form[method=post], #edit-company, a[href^='/engagements/new']").CountAsync());
        await page.GotoAsync($"/engagements/{engagement}");
        Assert.True(await page.Locator("#stepper").IsVisibleAsync());
        Assert.Equal(0, await page.Locator("main form[method=post]").CountAsync());

        Assert.Equal(403, (await page.GotoAsync("/companies/new"))!.Status);
        var post = await page.Context.APIRequest.PostAsync($"/companies/{company}/assessment",
            new APIRequestContextOptions { Form = page.Context.APIRequest.CreateFormData().Set("Rank", "S").Set("Stage", "Loyal") });
        Assert.Equal(403, post.Status);
        var end = await page.Context.APIRequest.PostAsync($"/engagements/{engagement}/end",
            new APIRequestContextOptions { Form = page.Context.APIRequest.CreateFormData().Set("EndedOn", "2026-06-01").Set("confirmed", "true") });
        Assert.Equal(403, end.Status);
        Assert.Null((await Company(company))["assessment"]);
        Assert.Equal("active", (await Engagement(engagement))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_cs_screens_fit_a_desktop_and_a_390px_phone()
    {
        var (csId, csEmail, _) = await browser.Member("cs");
        var (ccId, _, _) = await browser.Member("cc");
        var company = await browser.Given.Company(csId, name: "株式会社スマホ表示確認用のとても長い会社名ホールディングス");
        var engagement = await Running(company, csId, ccId, "2026-02-01");
        await browser.Given.Admin.PostCreated($"/api/engagements/{engagement}/follow-ups", new { heldOn = "2026-03-02", companySatisfaction = 4, workerEvaluation = 4, note = "順調" });
        var churned = await browser.Given.Company(csId, name: "株式会社解約済みの表示を確かめるための長めの会社名");
        var ended = await Running(churned, csId, ccId, "2026-02-01");
        await browser.Given.Admin.PostCreated($"/api/companies/{churned}/churn", new { churnedOn = "2026-06-30", reasons = new[] { "budget" }, endActiveEngagements = true });
        var pages = new[]
        {
            ($"/companies/{company}", "company"), ($"/companies/{company}/edit", "company-edit"), ($"/engagements/{engagement}", "engagement"),
            ($"/companies/{churned}", "company-churned"), ($"/engagements/{ended}", "engagement-ended"),
        };
        foreach (var width in new[] { 1280, 390 })
        {
            var page = await browser.SignedIn(csEmail, width: width, height: width == 390 ? 844 : 900);
            foreach (var (url, name) in pages)
            {
                await page.GotoAsync(url);
                foreach (var summary in await page.Locator("details.correction > summary").AllAsync()) await summary.ClickAsync();
                Assert.True(await FitsWidth(page), $"{url} is wider than {width}px.");
                await Shot(page, name);
            }
        }
    }
}
