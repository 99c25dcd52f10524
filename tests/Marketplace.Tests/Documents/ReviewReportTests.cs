using System.Net;
using System.Text.RegularExpressions;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Documents;

/// <summary>The review report (報告資料): a period's figures equal the records of the period, in HTML, PDF and PPTX.</summary>
public sealed class ReviewReportTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly Scenario given = new(app);

    private sealed record History(string Company, string Name, string Ended);

    /// <summary>
    /// An engineer kicked off on Feb 1 (40 h, ¥300,000 a month), followed up on Mar 2 (company 4, worker 5); a designer
    /// kicked off on Mar 15 (20 h, ¥150,000) and ended by the company on Apr 10 for a skill mismatch; a survey on Mar 20,
    /// a lead on Mar 25, and a task completed today.
    /// </summary>
    private async Task<History> Records()
    {
        var (cs, _) = await given.Member("cs");
        var (cc, _) = await given.Member("cc");
        var name = "株式会社レポート" + Guid.NewGuid().ToString("N")[..6];
        var company = await given.Company(cs, name: name, purposes: ["resource_shortage"]);
        var engineer = await given.Engagement(company, await given.AvailableWorker(cc), "2026-02-01");
        await given.Admin.PostOk($"/api/engagements/{engineer}/contract", new { contractedOn = "2026-01-20" });
        await given.Admin.PostOk($"/api/engagements/{engineer}/kickoff", new { heldOn = "2026-02-01", csAttendeeId = cs, attendees = new[] { "山田 部長" } });
        await given.Admin.PostCreated($"/api/engagements/{engineer}/follow-ups",
            new { heldOn = "2026-03-02", companySatisfaction = 4, workerEvaluation = 4, workerSatisfaction = 5, note = "" });
        var designer = (await given.Admin.PostCreated("/api/engagements", new
        {
            companyId = company, workerId = await given.AvailableWorker(cc), title = "LP制作", jobType = "designer", startOn = "2026-03-15", monthlyHours = 20, monthlyFee = 150_000,
        }))["id"]!.GetValue<string>();
        await given.Admin.PostOk($"/api/engagements/{designer}/contract", new { contractedOn = "2026-03-10" });
        await given.Admin.PostOk($"/api/engagements/{designer}/kickoff", new { heldOn = "2026-03-15", csAttendeeId = (string?)null, attendees = new[] { "山田 部長" } });
        await given.Admin.PostCreated($"/api/engagements/{designer}/end", new { endedOn = "2026-04-10", initiatedBy = "company", reasons = new[] { "skill_mismatch" }, note = "社内メモ" });
        await given.Admin.PostCreated($"/api/companies/{company}/satisfaction", new { surveyedOn = "2026-03-20", score = 8, comment = "" });
        await given.Admin.PostCreated($"/api/companies/{company}/expansion-leads", new { tossedOn = "2026-03-25", description = "マーケティング支援のご相談" });
        var task = await given.Admin.PostCreated("/api/tasks", new { title = "振り返りの日程調整", dueOn = "2026-04-20", assigneeId = cs, companyId = company });
        await given.Admin.PostOk($"/api/tasks/{task["id"]!.GetValue<string>()}/complete", new { note = "" });
        return new History(company, name, designer);
    }

    private async Task<string> Html(string url)
    {
        var response = await given.Admin.Get(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        return body;
    }

    private static string Figure(string html, string name) => Regex.Match(html, $@"data-figure=""{name}"">([^<]*)<").Groups[1].Value;

    private static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeBySystemTimeZoneId(DateTime.UtcNow, "Asia/Tokyo"));

    [Fact]
    public async Task A_months_figures_equal_its_records()
    {
        var h = await Records();

        var html = await Html($"/api/companies/{h.Company}/review-report?from=2026-03-01&to=2026-03-31&lang=ja");

        Assert.Equal(["cover", "summary", "engagements", "satisfaction", "endings", "activities", "next-steps"], SlideFiles.SlideKinds(html));
        // Both engagements ran in March: one month each.
        Assert.Equal("2件", Figure(html, "engagements"));
        Assert.Equal("60時間", Figure(html, "hours"));
        Assert.Equal("450,000円", Figure(html, "fees"));
        Assert.Equal("1回", Figure(html, "follow-ups"));
        Assert.Equal("4.0", Figure(html, "company-satisfaction"));
        Assert.Equal("5.0", Figure(html, "worker-satisfaction"));
        Assert.Equal("0件", Figure(html, "endings"));       // the designer ended in April
        Assert.Equal("1件", Figure(html, "leads"));
        Assert.Equal("0件", Figure(html, "tasks-done"));    // completed today, not in March
        Assert.Contains("2026年3月20日 <strong>8点</strong>", html);
        Assert.Contains(@"class=""bar s1"" data-value=""4""", html);
        Assert.Contains(@"class=""bar s2"" data-value=""5""", html);
        Assert.Contains("マーケティング支援のご相談(検討中)", html);
        Assert.DoesNotContain("社内メモ", html);
    }

    [Fact]
    public async Task The_whole_history_up_to_today_counts_every_month_run_the_ending_and_the_task_done()
    {
        var h = await Records();
        var today = Today;

        var html = await Html($"/api/companies/{h.Company}/review-report?from=2026-02-01&to={today:yyyy-MM-dd}");

        var engineerMonths = (today.Year - 2026) * 12 + today.Month - 2 + 1;
        Assert.Equal($"{40 * engineerMonths + 20 * 2}時間", Figure(html, "hours"));
        Assert.Equal($"{300_000 * engineerMonths + 150_000 * 2:N0}円", Figure(html, "fees"));
        Assert.Equal("1件", Figure(html, "endings"));
        Assert.Equal("1件", Figure(html, "tasks-done"));
        Assert.Contains("<td>2026年4月10日</td><td>LP制作</td>", html);
        Assert.Contains("<td>企業様から</td><td>スキルミスマッチ</td>", html);
        Assert.Contains("振り返りの日程調整", html);
        Assert.Contains("終了(2026年4月10日)", html);
    }

    [Fact]
    public async Task A_period_before_any_kickoff_says_nothing_ran()
    {
        var h = await Records();

        var html = await Html($"/api/companies/{h.Company}/review-report?from=2026-01-01&to=2026-01-31&lang=en");

        Assert.Equal("0", Figure(html, "engagements"));
        Assert.Equal("0 h", Figure(html, "hours"));
        Assert.Contains("No engagement ran in this period.", html);
        Assert.Contains("No follow-up was held in this period.", html);
    }

    [Theory]
    [InlineData("ja")]
    [InlineData("en")]
    public async Task The_pptx_has_the_htmls_slides_and_text_and_libreoffice_prints_it(string lang)
    {
        var h = await Records();
        var url = $"/api/companies/{h.Company}/review-report?from=2026-02-01&to=2026-04-30&lang={lang}";
        var html = await Html(url + "&format=html");

        var response = await given.Admin.Get(url + "&format=pptx");
        var pptx = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(SlideFiles.ValidationErrors(pptx));
        SlideFiles.AssertSameSlidesAndText(html, pptx);
        var title = lang == "ja" ? "ご利用状況 報告資料" : "Usage review report";
        Assert.Equal($"{h.Name}_{title}_2026-02-01_2026-04-30.pptx", response.Content.Headers.ContentDisposition!.FileNameStar);
        var (pages, text) = await SlideFiles.ThroughLibreOffice(pptx, app.DataDirectory);
        Assert.Equal(SlideFiles.SlideKinds(html).Count, pages);
        Assert.Contains(SlideFiles.NoSpace(h.Name), SlideFiles.NoSpace(text));
        if (lang == "ja") Assert.Contains("双方の満足度", SlideFiles.NoSpace(text));
    }

    [Fact]
    public async Task User_text_is_escaped()
    {
        var h = await Records();
        await given.Admin.PostCreated($"/api/companies/{h.Company}/expansion-leads", new { tossedOn = "2026-03-26", description = "<script>alert(1)</script>" });

        var html = await Html($"/api/companies/{h.Company}/review-report?from=2026-03-01&to=2026-03-31");

        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
    }

    [Fact]
    public async Task The_pdf_has_a_page_a_slide()
    {
        var h = await Records();
        var html = await Html($"/api/companies/{h.Company}/review-report?from=2026-02-01&to=2026-04-30");

        var response = await given.Admin.Get($"/api/companies/{h.Company}/review-report?from=2026-02-01&to=2026-04-30&format=pdf");

        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SlideFiles.SlideKinds(html).Count, Regex.Matches(System.Text.Encoding.Latin1.GetString(bytes), @"/Type\s*/Page[^s]").Count);
    }

    [Theory]
    [InlineData("from=2026-04-01&to=2026-03-01", "to", "終了は開始より前にできません。")]
    [InlineData("from=2026-13-01&to=2026-03-01", "from", null)]
    [InlineData("to=2026-03-01", "from", "開始を入力してください。")]
    [InlineData("from=2026-03-01", "to", "終了を入力してください。")]
    [InlineData("from=2026-03-01&to=2026-03-31&format=md", "format", null)]
    public async Task Bad_periods_are_a_400_naming_the_field_in_japanese(string query, string field, string? message)
    {
        var h = await Records();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/companies/{h.Company}/review-report?{query}");
        request.Headers.AcceptLanguage.ParseAdd("ja");

        var text = await ApiClient.FieldError(await given.Admin.Http.SendAsync(request), field);

        if (message is not null) Assert.Equal(message, text);
        Assert.Matches(@"[\u3040-\u30ff\u4e00-\u9fff]", text);
    }

    [Fact]
    public async Task An_unknown_company_is_a_404_and_every_member_may_read_it()
    {
        await ApiClient.Problem(await given.Admin.Get($"/api/companies/{Guid.NewGuid()}/review-report?from=2026-03-01&to=2026-03-31"), HttpStatusCode.NotFound);
        var h = await Records();
        var (_, sales) = await given.Member("sales");
        Assert.Equal(HttpStatusCode.OK, (await sales.Get($"/api/companies/{h.Company}/review-report?from=2026-03-01&to=2026-03-31")).StatusCode);
    }
}
