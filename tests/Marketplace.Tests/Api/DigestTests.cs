using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Api;

/// <summary>
/// The daily digest through real servers on loopback: an SMTP server in process and an HTTP listener standing in for
/// Slack. The app's clock stands at 07:00 JST on Wednesday 2026-12-02, before the members' 08:00 digest time, so the
/// daily job leaves the day alone and each test sends with the run route.
/// </summary>
public sealed class DigestTests
{
    private const string Day = "2026-12-02";
    private static readonly DateTimeOffset Morning = new(2026, 12, 2, 7, 0, 0, TimeSpan.FromHours(9));
    private const string BaseUrl = "https://cs.example.jp";

    private static MarketplaceApp App(SmtpSink smtp, DateTimeOffset? at = null, MarketplaceApp? sharing = null, int maxAttempts = 5)
    {
        var app = (sharing is null ? new MarketplaceApp() : MarketplaceApp.SharingDatabaseWith(sharing)).At(at ?? Morning)
            .With("Notifications:BaseUrl", BaseUrl).With("Notifications:MaxAttempts", maxAttempts.ToString());
        foreach (var (key, value) in smtp.Settings()) app.With(key, value);
        return app;
    }

    private sealed record Given(string Cs, string CsEmail, ApiClient CsClient, string Company, string CompanyName, string Worker, string Engagement, string Kickoff);

    /// <summary>
    /// A CS member with one of everything a digest tells: an overdue task and one due this week, a follow-up a day overdue
    /// (which is also the company's new risk signal today), and a kickoff tomorrow.
    /// </summary>
    private static async Task<Given> Work(MarketplaceApp app)
    {
        var given = new Scenario(app);
        var admin = given.Admin;
        var (cs, csClient) = await given.Member("cs");
        var (cc, _) = await given.Member("cc");
        var companyName = "株式会社サンプル<&>";
        var company = await given.Company(cs, name: companyName);
        var worker = await given.AvailableWorker(cc);
        var engagement = await given.Engagement(company, worker, "2026-11-01");
        await admin.PostOk($"/api/engagements/{engagement}/contract", new { contractedOn = "2026-10-20" });
        await admin.PostOk($"/api/engagements/{engagement}/kickoff", new { heldOn = "2026-11-01", csAttendeeId = cs, attendees = new[] { "山田" } });
        var second = await given.AvailableWorker(cc);
        var kickoff = await given.Engagement(company, second, "2026-12-03");
        await admin.PostOk($"/api/engagements/{kickoff}/contract", new { contractedOn = "2026-11-25" });
        await admin.PostCreated("/api/tasks", new { title = "請求書の確認", dueOn = "2026-11-30", assigneeId = cs });
        await admin.PostCreated("/api/tasks", new { title = "契約更新の打ち合わせ", dueOn = "2026-12-04", assigneeId = cs, companyId = company });
        var email = (await admin.GetOk($"/api/members?team=cs&pageSize=200"))["items"]!.AsArray().Single(m => m!["id"]!.GetValue<string>() == cs)!["email"]!.GetValue<string>();
        return new Given(cs, email, csClient, company, companyName, worker, engagement, kickoff);
    }

    private static async Task SetPreferences(ApiClient client, string member, object body)
    {
        var current = await client.Get($"/api/members/{member}/notifications");
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        await ApiClient.Expect(await client.Put($"/api/members/{member}/notifications", body, current.Headers.ETag!.Tag), HttpStatusCode.OK);
    }

    private static async Task<JsonNode> Run(ApiClient admin, string day = Day) => await admin.PostOk($"/api/notifications/digests/run?day={day}", new { });

    [Fact]
    public async Task The_digest_arrives_in_Japanese_by_email_and_by_Slack_once_per_day()
    {
        await using var smtp = new SmtpSink().Start();
        using var slack = new SlackSink();
        using var app = App(smtp);
        var given = await Work(app);
        await SetPreferences(given.CsClient, given.Cs, new { email = true, slackWebhookUrl = slack.Url("hooks/cs"), digestTime = "08:00" });
        var admin = app.Admin();

        var first = await Run(admin);
        Assert.Equal(2, first["sent"]!.GetValue<int>());
        var mail = Assert.Single(await smtp.WaitFor(1));
        Assert.Equal(given.CsEmail, mail.To.Mailboxes.Single().Address);
        Assert.Equal($"今日の仕事（{Day}）", mail.Subject);
        var text = mail.TextBody;
        Assert.Contains("さん、今日の仕事をお知らせします。", text);
        Assert.Contains("■ タスク（2件）", text);
        Assert.Contains("請求書の確認 — 2日超過（期限 2026-11-30）", text);
        Assert.Contains($"契約更新の打ち合わせ（{given.CompanyName}） — 期限 2026-12-04", text);
        Assert.Contains("■ 経過面談（1件）", text);
        Assert.Contains("1日超過（期限 2026-12-01）", text);
        Assert.Contains("■ 今週のキックオフ（1件）", text);
        Assert.Contains("開始日 2026-12-03", text);
        Assert.Contains("■ 新しい解約リスク（1件）", text);
        Assert.Contains($"{given.CompanyName} — 経過面談の期限超過", text);
        Assert.Contains($"{BaseUrl}/engagements/{given.Engagement}", text);
        Assert.Contains($"{BaseUrl}/engagements/{given.Kickoff}", text);
        Assert.Contains($"{BaseUrl}/companies/{given.Company}", text);
        Assert.DoesNotContain("overdue_follow_up", text);
        // The HTML alternative escapes what the team typed and links each item.
        var html = mail.HtmlBody;
        Assert.Contains("株式会社サンプル&lt;&amp;&gt;", html);
        Assert.DoesNotContain(given.CompanyName, html);
        Assert.Contains($"<a href=\"{BaseUrl}/engagements/{given.Kickoff}\">", html);

        var post = Assert.Single(await slack.WaitFor(1));
        Assert.Equal("/hooks/cs", post.Path);
        var slackText = post.Body["text"]!.GetValue<string>();
        Assert.StartsWith($"*今日の仕事（{Day}）*", slackText);
        Assert.Contains($"<{BaseUrl}/engagements/{given.Engagement}|", slackText);
        Assert.Contains("経過面談の期限超過", slackText);
        Assert.Contains("株式会社サンプル&lt;&amp;&gt;", slackText);

        // Running the day again sends nothing more: a sent digest is never sent again.
        var again = await Run(admin);
        Assert.Equal(0, again["sent"]!.GetValue<int>());
        await Task.Delay(300);
        Assert.Single(smtp.Messages);
        Assert.Single(slack.Posts);
        var sent = await admin.GetOk($"/api/notifications?status=sent&day={Day}");
        Assert.Equal(2, sent["total"]!.GetValue<int>());
        // The other members had nothing to do: no message, the outbox says so.
        var skipped = await admin.GetOk($"/api/notifications?status=skipped&day={Day}");
        Assert.True(skipped["total"]!.GetValue<int>() >= 1);
    }

    [Fact]
    public async Task A_digest_in_English_for_a_member_who_reads_English()
    {
        await using var smtp = new SmtpSink().Start();
        using var app = App(smtp);
        var given = await Work(app);
        await SetPreferences(given.CsClient, given.Cs, new { email = true, slackWebhookUrl = (string?)null, digestTime = "08:00", language = "en" });
        await Run(app.Admin());
        var mail = Assert.Single(await smtp.WaitFor(1));
        Assert.Equal($"Today's work ({Day})", mail.Subject);
        Assert.Contains("Overdue follow-up", mail.TextBody);
        Assert.Contains("2 days overdue (due 2026-11-30)", mail.TextBody);
        Assert.DoesNotContain("今日の仕事", mail.TextBody);
    }

    [Fact]
    public async Task A_send_that_fails_is_retried_after_its_backoff_and_after_the_last_try_is_failed_for_admins_to_see()
    {
        // The mail server is down at first; Slack answers 500 every time.
        var port = FreePort.Next();
        await using var smtp = new SmtpSink(port);
        using var slack = new SlackSink();
        using var app = App(smtp, maxAttempts: 2);
        var given = await Work(app);
        await SetPreferences(given.CsClient, given.Cs, new { email = true, slackWebhookUrl = slack.Url("hooks/fail"), digestTime = "08:00" });
        var admin = app.Admin();

        var first = await Run(admin);
        Assert.Equal(0, first["sent"]!.GetValue<int>());
        Assert.Equal(2, first["retrying"]!.GetValue<int>());
        var pending = (await admin.GetOk($"/api/notifications?status=pending&day={Day}"))["items"]!.AsArray();
        var email = pending.Single(d => d!["channel"]!.GetValue<string>() == "email")!;
        Assert.Equal(1, email["attempts"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(email["lastError"]!.GetValue<string>()));
        Assert.NotNull(email["nextAttemptAt"]);

        // Up again, but within the back-off: nothing is tried yet.
        smtp.Start();
        var early = await Run(admin);
        Assert.Equal(0, early["sent"]!.GetValue<int>() + early["retrying"]!.GetValue<int>() + early["failed"]!.GetValue<int>());
        Assert.Empty(smtp.Messages);

        app.Advance(TimeSpan.FromMinutes(1));
        var retried = await Run(admin);
        Assert.Equal(1, retried["sent"]!.GetValue<int>());
        Assert.Equal(1, retried["failed"]!.GetValue<int>());
        var mail = Assert.Single(await smtp.WaitFor(1));
        Assert.Contains("請求書の確認", mail.TextBody);

        var failed = (await admin.GetOk($"/api/notifications?status=failed&day={Day}"))["items"]!.AsArray();
        var slackRow = Assert.Single(failed)!;
        Assert.Equal("slack", slackRow["channel"]!.GetValue<string>());
        Assert.Equal(given.Cs, slackRow["memberId"]!.GetValue<string>());
        Assert.Equal(2, slackRow["attempts"]!.GetValue<int>());
        Assert.Contains("500", slackRow["lastError"]!.GetValue<string>());
        var sent = (await admin.GetOk($"/api/notifications?status=sent&day={Day}"))["items"]!.AsArray();
        Assert.Equal(2, Assert.Single(sent)!["attempts"]!.GetValue<int>());

        // A failed digest stays failed: later runs leave it.
        app.Advance(TimeSpan.FromMinutes(30));
        var later = await Run(admin);
        Assert.Equal(0, later["sent"]!.GetValue<int>() + later["failed"]!.GetValue<int>());

        // Admins see it on their screen too.
        using var page = await SignedIn(app, "admin");
        var html = await (await page.GetAsync($"/admin/notifications?status=failed&day={Day}")).Content.ReadAsStringAsync();
        Assert.Contains("digest-failed", html);
        Assert.Contains("失敗", html);
    }

    [Fact]
    public async Task Two_instances_on_one_database_send_each_digest_once()
    {
        await using var smtp = new SmtpSink().Start();
        using var slack = new SlackSink();
        using var first = App(smtp);
        var given = await Work(first);
        await SetPreferences(given.CsClient, given.Cs, new { email = true, slackWebhookUrl = slack.Url("hooks/cs"), digestTime = "08:00" });
        using var second = App(smtp, sharing: first);
        var admins = new[] { first.Admin(), second.Admin() };
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Run(admins[i % 2])));
        await Task.Delay(300);
        Assert.Single(await smtp.WaitFor(1));
        Assert.Single(await slack.WaitFor(1));
        Assert.Equal(2, (await admins[1].GetOk($"/api/notifications?status=sent&day={Day}"))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_daily_job_sends_when_the_members_time_has_come()
    {
        await using var smtp = new SmtpSink().Start();
        using var first = App(smtp);
        var given = await Work(first);
        await SetPreferences(given.CsClient, given.Cs, new { email = true, slackWebhookUrl = (string?)null, digestTime = "08:15" });
        Assert.Empty(smtp.Messages);
        // Another instance starting at 08:30: its daily job finds the digest due and sends it, with no request.
        using var later = App(smtp, at: Morning.AddMinutes(90), sharing: first);
        later.CreateClient().Dispose();
        var mail = Assert.Single(await smtp.WaitFor(1, TimeSpan.FromSeconds(20)));
        Assert.Equal($"今日の仕事（{Day}）", mail.Subject);
    }

    [Fact]
    public async Task Preferences_are_validated_and_only_the_member_or_an_admin_may_see_or_change_them()
    {
        await using var smtp = new SmtpSink();
        using var app = App(smtp);
        var given = new Scenario(app);
        var (cs, csClient) = await given.Member("cs");
        var (_, ccClient) = await given.Member("cc");
        var url = $"/api/members/{cs}/notifications";

        var defaults = await csClient.Get(url);
        Assert.Equal(HttpStatusCode.OK, defaults.StatusCode);
        var body = JsonNode.Parse(await defaults.Content.ReadAsStringAsync())!;
        Assert.True(body["email"]!.GetValue<bool>());
        Assert.Null(body["slackWebhookUrl"]);
        Assert.Equal("08:00", body["digestTime"]!.GetValue<string>());
        Assert.Equal("ja", body["language"]!.GetValue<string>());
        var tag = defaults.Headers.ETag!.Tag;

        Assert.Equal(HttpStatusCode.Forbidden, (await ccClient.Get(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ccClient.Put(url, new { email = false, digestTime = "09:00" }, tag)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await given.Admin.Get(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await given.Admin.Get($"/api/members/{Guid.NewGuid()}/notifications")).StatusCode);
        Assert.Equal((HttpStatusCode)428, (await csClient.Put(url, new { email = true, digestTime = "09:00" })).StatusCode);

        foreach (var time in new[] { "24:00", "8:00", "08:60", "0800", "" })
            await ApiClient.FieldError(await csClient.Put(url, new { email = true, digestTime = time }, tag), "digestTime");
        foreach (var hook in new[] { "http://hooks.example.com/services/x", "https://hooks.example.com/services/x", "ftp://hooks.slack.com/x", "hooks.slack.com/services/x", "https://" })
            await ApiClient.FieldError(await csClient.Put(url, new { email = true, digestTime = "08:00", slackWebhookUrl = hook }, tag), "slackWebhookUrl");
        await ApiClient.FieldError(await csClient.Put(url, new { email = true, digestTime = "08:00", language = "fr" }, tag), "language");
        await ApiClient.FieldError(await csClient.Put(url, new { digestTime = "08:00" }, tag), "email");

        var japanese = new HttpRequestMessage(HttpMethod.Put, url) { Content = ApiClient.Json(new { email = true, digestTime = "25:00" }) };
        japanese.Headers.TryAddWithoutValidation("If-Match", tag);
        japanese.Headers.AcceptLanguage.ParseAdd("ja");
        var refusal = await ApiClient.Problem(await csClient.Http.SendAsync(japanese), HttpStatusCode.BadRequest);
        Assert.Equal("配信時刻は 00:00 から 23:59 までの時刻（例: 08:30）で入力してください。", refusal["errors"]!["digestTime"]![0]!.GetValue<string>());

        var saved = await ApiClient.Expect(await csClient.Put(url, new { email = false, digestTime = "07:45", slackWebhookUrl = "https://127.0.0.1:9/services/T0/B0/abc", language = "en" }, tag), HttpStatusCode.OK);
        Assert.False(saved["email"]!.GetValue<bool>());
        Assert.Equal("07:45", saved["digestTime"]!.GetValue<string>());
        Assert.Equal("en", saved["language"]!.GetValue<string>());
        // A stale version is refused; the loopback http a test listener uses is accepted.
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await csClient.Put(url, new { email = true, digestTime = "08:00" }, tag)).StatusCode);
        var now = (await csClient.Get(url)).Headers.ETag!.Tag;
        await ApiClient.Expect(await given.Admin.Put(url, new { email = true, digestTime = "08:00", slackWebhookUrl = "http://127.0.0.1:9/hook" }, now), HttpStatusCode.OK);

        // The outbox and its run are for admins only.
        Assert.Equal(HttpStatusCode.Forbidden, (await csClient.Get("/api/notifications")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await csClient.Post($"/api/notifications/digests/run?day={Day}")).StatusCode);
        await ApiClient.FieldError(await given.Admin.Get("/api/notifications?status=bounced"), "status");
        await ApiClient.FieldError(await given.Admin.Post("/api/notifications/digests/run?day=1900-01-01"), "day");
    }

    /// <summary>A browser-like client signed in as a new member of the team (cookie, not API key).</summary>
    private static async Task<HttpClient> SignedIn(MarketplaceApp app, string team)
    {
        var given = new Scenario(app);
        var email = $"{Guid.NewGuid():N}@example.jp";
        var member = await given.Admin.PostCreated("/api/members", new { name = "管理 太郎", email, team });
        await given.Admin.Post($"/api/members/{member["id"]}/password", new { password = "correct-horse-battery" });
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SignInTests.SignIn(client, email, "correct-horse-battery")).StatusCode);
        return client;
    }
}
