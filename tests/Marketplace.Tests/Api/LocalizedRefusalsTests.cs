using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Api;

/// <summary>
/// The refusals that used to be English only: the API answers English by default and Japanese when asked, keeping
/// its machine codes (errors keys, rule, code); the pages show the Japanese at the field.
/// </summary>
public partial class LocalizedRefusalsTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly Scenario given = new(app);

    private async Task<(HttpStatusCode Status, JsonNode Body)> Send(HttpMethod method, string url, object? body, string? language, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = ApiClient.Json(body);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.AdminKey);
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        var response = await app.CreateClient().SendAsync(request);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    /// <summary>The same request in English (no Accept-Language) and in Japanese.</summary>
    private async Task<(JsonNode English, JsonNode Japanese)> Both(HttpMethod method, string url, object? body, HttpStatusCode status, Func<Task<string?>>? ifMatch = null)
    {
        var english = await Send(method, url, body, null, ifMatch is null ? null : await ifMatch());
        var japanese = await Send(method, url, body, "ja", ifMatch is null ? null : await ifMatch());
        Assert.True(english.Status == status, english.Body.ToJsonString());
        Assert.True(japanese.Status == status, japanese.Body.ToJsonString());
        return (english.Body, japanese.Body);
    }

    private static string Error(JsonNode problem, string field) =>
        string.Join(" ", problem["errors"]![field]!.AsArray().Select(m => m!.GetValue<string>()));

    private async Task<string> Reason(string appliesTo, bool retired = false)
    {
        var code = "reason_" + Guid.NewGuid().ToString("N")[..8];
        await given.Admin.PostCreated("/api/churn-reasons", new { code, labelJa = "オフィス移転", labelEn = "Office move", negative = false, appliesTo });
        if (retired) await given.Admin.PostOk($"/api/churn-reasons/{code}/retire", new { });
        return code;
    }

    [Fact]
    public async Task Churn_reasons_the_catalog_refuses_are_named_by_their_label_in_Japanese()
    {
        var (_, _, engagement, _, _) = await given.ActiveEngagement();
        var companyOnly = await Reason("company");
        var retired = await Reason("both", retired: true);
        var (english, japanese) = await Both(HttpMethod.Post, $"/api/engagements/{engagement}/end",
            new { endedOn = "2026-03-02", initiatedBy = "company", reasons = new[] { "no_such_reason", companyOnly, retired } }, HttpStatusCode.BadRequest);

        Assert.Equal($"'no_such_reason' is not a known churn reason. '{companyOnly}' does not apply to an engagement churn. '{retired}' is a retired churn reason and can no longer be chosen.",
            Error(english, "reasons"));
        Assert.Equal("「no_such_reason」は解約理由の一覧にありません。 「オフィス移転」は案件終了の理由には選べません。 「オフィス移転」は廃止された理由のため、選べません。",
            Error(japanese, "reasons"));
        Assert.Equal("入力内容に誤りがあります", japanese["title"]!.GetValue<string>());

        var company = await given.Company((await given.Member("cs")).Id);
        var engagementOnly = await Reason("engagement");
        var (_, churn) = await Both(HttpMethod.Post, $"/api/companies/{company}/churn", new { churnedOn = "2026-03-02", reasons = new[] { engagementOnly } }, HttpStatusCode.BadRequest);
        Assert.Equal("「オフィス移転」は企業解約の理由には選べません。", Error(churn, "reasons"));
    }

    [Fact]
    public async Task A_record_that_is_not_there_is_named_in_the_asked_language()
    {
        var missing = Guid.NewGuid();
        var (english, japanese) = await Both(HttpMethod.Get, $"/api/workers/{missing}", null, HttpStatusCode.NotFound);
        Assert.Equal($"worker '{missing}' was not found.", english["detail"]!.GetValue<string>());
        Assert.Equal("指定の人材が見つかりません。", japanese["detail"]!.GetValue<string>());
        var (_, company) = await Both(HttpMethod.Get, $"/api/companies/{missing}", null, HttpStatusCode.NotFound);
        Assert.Equal("指定の企業が見つかりません。", company["detail"]!.GetValue<string>());
        Assert.Equal("見つかりません", company["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_documents_format_and_language_are_refused_in_the_asked_language()
    {
        var company = await given.Company((await given.Member("cs")).Id);
        var (english, japanese) = await Both(HttpMethod.Get, $"/api/companies/{company}/onboarding-guide?format=pdf&lang=fr", null, HttpStatusCode.BadRequest);
        Assert.Equal("format must be one of: md, html.", Error(english, "format"));
        Assert.Equal("lang must be one of: ja, en.", Error(english, "lang"));
        Assert.Equal("形式は md, html のいずれかを指定してください。", Error(japanese, "format"));
        Assert.Equal("言語は ja, en のいずれかを指定してください。", Error(japanese, "lang"));
    }

    [Fact]
    public async Task A_template_syntax_error_names_line_and_column_in_Japanese_and_keeps_the_engines_words()
    {
        const string name = "onboarding-guide.en.md";
        async Task<string?> ETag() => (await given.Admin.Get($"/api/templates/{name}")).Headers.ETag!.Tag;
        var (english, japanese) = await Both(HttpMethod.Put, $"/api/templates/{name}", new { content = "# Guide\n{{ if company.name }}\nno end here" },
            HttpStatusCode.UnprocessableEntity, ETag);

        Assert.Equal("template_syntax", english["rule"]!.GetValue<string>());
        Assert.Equal("template_syntax", japanese["rule"]!.GetValue<string>());
        Assert.StartsWith($"Template '{name}' has a syntax error at line", english["detail"]!.GetValue<string>());
        var line = japanese["line"]!.GetValue<int>();
        var column = japanese["column"]!.GetValue<int>();
        var engine = japanese["engineMessage"]!.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(engine));
        Assert.Equal($"テンプレートの{line}行目、{column}文字目に書き方の誤りがあります。（詳細: {engine}）", japanese["detail"]!.GetValue<string>());
        Assert.Equal("業務ルールにより受け付けられません", japanese["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_conflict_has_a_code_and_reads_in_Japanese_when_asked()
    {
        var cs = (await given.Member("cs")).Id;
        var cc = (await given.Member("cc")).Id;
        var engagement = await given.Engagement(await given.Company(cs), await given.AvailableWorker(cc));
        await given.Admin.PostOk($"/api/engagements/{engagement}/contract", new { contractedOn = "2026-01-20" });
        var (english, japanese) = await Both(HttpMethod.Post, $"/api/engagements/{engagement}/contract", new { contractedOn = "2026-01-21" }, HttpStatusCode.Conflict);
        Assert.Equal("engagement_status", english["code"]!.GetValue<string>());
        Assert.Equal("engagement_status", japanese["code"]!.GetValue<string>());
        Assert.Equal("contracted", japanese["engagementStatus"]!.GetValue<string>());
        Assert.Equal("An engagement that is contracted cannot be contracted.", english["detail"]!.GetValue<string>());
        Assert.Equal("この案件は今「契約済」のため、この操作はできません。ページを読み込み直して、案件の状態を確認してください。", japanese["detail"]!.GetValue<string>());
        Assert.Equal("ほかのデータと競合しています", japanese["title"]!.GetValue<string>());

        var (_, noKickoff) = await Both(HttpMethod.Put, $"/api/engagements/{engagement}/kickoff", new { heldOn = "2026-02-01", csAttendeeId = cs }, HttpStatusCode.Conflict);
        Assert.Equal("no_kickoff", noKickoff["code"]!.GetValue<string>());
        Assert.Equal("この案件にはまだキックオフの記録がないため、修正できません。先にキックオフを記録してください。", noKickoff["detail"]!.GetValue<string>());

        var code = await Reason("both");
        var (taken, takenJa) = await Both(HttpMethod.Post, "/api/churn-reasons", new { code, labelJa = "重複", labelEn = "Duplicate", negative = false, appliesTo = "both" }, HttpStatusCode.Conflict);
        Assert.Equal(("reason_code_taken", "code"), (taken["code"]!.GetValue<string>(), taken["field"]!.GetValue<string>()));
        Assert.Equal("このコードの解約理由はすでにあります。別のコードにしてください。", takenJa["detail"]!.GetValue<string>());

        var churned = await given.Company(cs);
        await given.Admin.PostCreated($"/api/companies/{churned}/churn", new { churnedOn = "2026-03-02", reasons = new[] { "budget" } });
        var (_, lead) = await Both(HttpMethod.Post, $"/api/companies/{churned}/expansion-leads", new { tossedOn = "2026-03-05", description = "追加の相談" }, HttpStatusCode.Conflict);
        Assert.Equal("company_not_active", lead["code"]!.GetValue<string>());
        Assert.Equal("解約済みの企業の追加案件はトスできません。再契約を記録してからトスしてください。", lead["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_value_that_cannot_be_bound_is_refused_in_the_asked_language()
    {
        var (query, queryJa) = await Both(HttpMethod.Get, "/api/audit?from=2026-13-45", null, HttpStatusCode.BadRequest);
        Assert.Equal("Enter a date as yyyy-MM-dd (e.g. 2026-04-01).", Error(query, "from"));
        Assert.Equal("日付は年月日（例: 2026-04-01）で入力してください。", Error(queryJa, "from"));

        var cs = (await given.Member("cs")).Id;
        var engagement = await given.Engagement(await given.Company(cs), await given.AvailableWorker((await given.Member("cc")).Id));
        var (body, bodyJa) = await Both(HttpMethod.Post, $"/api/engagements/{engagement}/contract", new { contractedOn = "2026-13-45" }, HttpStatusCode.BadRequest);
        Assert.Equal("contractedOn must be a date as yyyy-MM-dd.", Error(body, "contractedOn"));
        Assert.Equal("契約日は年月日（例: 2026-04-01）で入力してください。", Error(bodyJa, "contractedOn"));
    }

    [Fact]
    public async Task The_bodys_words_a_malformed_body_and_a_stale_version_read_in_Japanese_when_asked()
    {
        var (_, _, engagement, _, _) = await given.ActiveEngagement();
        var (word, wordJa) = await Both(HttpMethod.Post, "/api/members", new { name = "佐藤 花子", email = $"{Guid.NewGuid():N}@example.jp", team = "sales-ish" }, HttpStatusCode.BadRequest);
        Assert.StartsWith("team must be one of: ", Error(word, "team"));
        Assert.Matches("^チームは .+ のいずれかを指定してください。$", Error(wordJa, "team"));

        var (_, malformed) = await Both(HttpMethod.Post, $"/api/engagements/{engagement}/follow-ups", "{\"heldOn\": ", HttpStatusCode.BadRequest);
        Assert.StartsWith("本文を JSON として読み取れませんでした（", Error(malformed, malformed["errors"]!.AsObject().Single().Key));

        var url = $"/api/engagements/{engagement}/kickoff/checklist";
        var (item, itemJa) = await Both(HttpMethod.Put, url, new { items = new object[] { new { key = "bogus", done = true } } }, HttpStatusCode.BadRequest);
        Assert.StartsWith("'bogus' is not a checklist item. Items: ", Error(item, "items[0].key"));
        Assert.Equal("「bogus」はキックオフのチェック項目にありません。", Error(itemJa, "items[0].key"));

        var (_, by) = await Both(HttpMethod.Get, "/api/insights/churn-rates?kind=engagement&by=industry", null, HttpStatusCode.BadRequest);
        Assert.Equal("集計の切り口は jobType, concierge のいずれかを指定してください。", Error(by, "by"));

        var company = await given.Company((await given.Member("cs")).Id);
        var body = new { name = "名前", industry = "SaaS", employeeCount = 10, monthlyFee = 1, csOwnerId = (await given.Member("cs")).Id, signedOn = "2026-01-10", purposes = Array.Empty<string>() };
        var (_, etag) = await Both(HttpMethod.Put, $"/api/companies/{company}", body, HttpStatusCode.BadRequest, () => Task.FromResult<string?>("not-a-version"));
        Assert.Equal("If-Match には、この API が返した ETag（例: \"3\"）を指定してください。", Error(etag, etag["errors"]!.AsObject().Single().Key));
        var (stale, staleJa) = await Both(HttpMethod.Put, $"/api/companies/{company}", body, HttpStatusCode.PreconditionFailed, () => Task.FromResult<string?>("\"99\""));
        Assert.StartsWith("The company was changed by someone else", stale["detail"]!.GetValue<string>());
        Assert.Equal("ほかの人が先に更新しました。ページを読み込み直してから、もう一度お試しください。", staleJa["detail"]!.GetValue<string>());
    }

    // The pages, as a browser posts their forms.

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    private async Task<HttpClient> SignedIn(string team)
    {
        var email = $"{Guid.NewGuid():N}@example.jp";
        var id = (await given.Admin.PostCreated("/api/members", new { name = "佐藤 花子", email, team }))["id"]!.GetValue<string>();
        await given.Admin.Post($"/api/members/{id}/password", new { password = "correct horse battery" });
        var browser = app.CreateClient();
        await SignInTests.SignIn(browser, email, "correct horse battery");
        return browser;
    }

    /// <summary>Opens the page, posts one of its forms with the page's antiforgery token, and returns the answer's HTML.</summary>
    private static async Task<string> PostForm(HttpClient browser, string page, string action, Dictionary<string, string> fields, string? language = null)
    {
        var html = await (await browser.GetAsync(page)).Content.ReadAsStringAsync();
        fields["__RequestVerificationToken"] = Token().Match(html).Groups[1].Value;
        var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(fields) };
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        var response = await browser.SendAsync(request);
        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static string FieldError(string html, string field)
    {
        var match = Regex.Match(html, $"<span class=\"field-error\" role=\"alert\" data-field=\"{field}\">([^<]*)</span>");
        Assert.True(match.Success, $"No error at {field}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [Fact]
    public async Task A_date_the_page_cannot_read_is_refused_in_Japanese_at_its_field_keeping_what_was_typed()
    {
        var cs = (await given.Member("cs")).Id;
        var engagement = await given.Engagement(await given.Company(cs), await given.AvailableWorker((await given.Member("cc")).Id));
        var browser = await SignedIn("cs");
        var html = await PostForm(browser, $"/engagements/{engagement}", $"/engagements/{engagement}/contract", new() { ["ContractedOn"] = "2026-13-45" });
        Assert.Equal("日付は年月日（例: 2026-04-01）で入力してください。", FieldError(html, "contractedOn"));
        Assert.Contains("value=\"2026-13-45\"", html);

        var english = await PostForm(browser, $"/engagements/{engagement}", $"/engagements/{engagement}/contract", new() { ["ContractedOn"] = "2026-13-45" }, "en");
        Assert.Equal("Enter a date as yyyy-MM-dd (e.g. 2026-04-01).", FieldError(english, "contractedOn"));
    }

    [Fact]
    public async Task A_taken_reason_code_and_a_template_syntax_error_are_shown_in_Japanese_at_their_fields()
    {
        var browser = await SignedIn("admin");
        var code = await Reason("both");
        var reasons = await PostForm(browser, "/admin/churn-reasons", "/admin/churn-reasons",
            new() { ["Code"] = code, ["LabelJa"] = "重複", ["LabelEn"] = "Duplicate", ["Negative"] = "false", ["AppliesTo"] = "both" });
        Assert.Equal("このコードの解約理由はすでにあります。別のコードにしてください。", FieldError(reasons, "code"));

        const string name = "onboarding-guide.ja.md";
        var version = (await given.Admin.GetOk($"/api/templates/{name}"))["template"]!["version"]!.GetValue<long>();
        var template = await PostForm(browser, $"/admin/templates/{name}", $"/admin/templates/{name}",
            new() { ["expectedVersion"] = version.ToString(), ["content"] = "# 案内\n{{ if company.name }}\n終わりがない" });
        Assert.Matches(@"^テンプレートの\d+行目、\d+文字目に書き方の誤りがあります。（詳細: .+）$", FieldError(template, "content"));
        Assert.Contains("終わりがない", template);
    }

    [Fact]
    public async Task A_board_address_with_a_page_it_cannot_take_says_why_in_Japanese()
    {
        var browser = await SignedIn("cc");
        var response = await browser.GetAsync("/workers?page[available]=0");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<li>ページは人材のステータスごとに、1以上の番号で指定してください。</li>", await response.Content.ReadAsStringAsync());
    }
}
