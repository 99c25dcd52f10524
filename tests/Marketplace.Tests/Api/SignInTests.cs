using System.Net;
using System.Text.RegularExpressions;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Api;

/// <summary>Team members in the browser: password sign-in, antiforgery, lockout, and cookies across instances.</summary>
public class SignInTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private const string Password = "correct horse battery";
    private readonly Scenario given = new(app);

    private async Task<(string Id, string Email, string Name)> MemberWithPassword(string team = "cs")
    {
        var email = $"{Guid.NewGuid():N}@example.jp";
        var name = $"<b>渡辺</b> {Guid.NewGuid():N}"[..20];
        var id = (await given.Admin.PostCreated("/api/members", new { name, email, team }))["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NoContent, (await given.Admin.Post($"/api/members/{id}/password", new { password = Password })).StatusCode);
        return (id, email, name);
    }

    /// <summary>Loads the sign-in page (which sets the antiforgery cookie) and posts the form with its token.</summary>
    internal static async Task<HttpResponseMessage> SignIn(HttpClient browser, string email, string password, bool withToken = true)
    {
        var page = await (await browser.GetAsync("/account/sign-in")).Content.ReadAsStringAsync();
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "The sign-in form carries an antiforgery token.");
        var fields = new Dictionary<string, string> { ["Email"] = email, ["Password"] = password, ["ReturnUrl"] = "/" };
        if (withToken) fields["__RequestVerificationToken"] = token;
        return await browser.PostAsync("/account/sign-in", new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_the_sign_in_page()
    {
        var response = await app.CreateClient().GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/sign-in?ReturnUrl=%2F", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_member_signs_in_with_email_and_password_and_sees_their_home_page()
    {
        var (_, email, name) = await MemberWithPassword();
        var browser = app.CreateClient();
        var response = await SignIn(browser, email.ToUpperInvariant(), Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);

        var home = await browser.GetAsync("/");
        var html = await home.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(name), html);
        Assert.DoesNotContain("<b>渡辺</b>", html);
    }

    [Fact]
    public async Task The_sign_in_cookie_does_not_open_the_api()
    {
        var (_, email, _) = await MemberWithPassword();
        var browser = app.CreateClient();
        await SignIn(browser, email, Password);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        // The API takes bearer keys only, so a page on another site cannot ride on the cookie.
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/companies")).StatusCode);
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_refused()
    {
        var (_, email, _) = await MemberWithPassword();
        var browser = app.CreateClient();
        var response = await SignIn(browser, email, Password, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }

    /// <summary>The refusal text the page shows, cut from its HTML.</summary>
    internal static async Task<string> Refusal(HttpResponseMessage response) =>
        Regex.Match(await response.Content.ReadAsStringAsync(), "<p class=\"error\"[^>]*>([^<]*)</p>").Groups[1].Value;

    [Fact]
    public async Task Repeated_failures_lock_the_account_even_against_the_right_password()
    {
        var (id, email, _) = await MemberWithPassword();
        var browser = app.CreateClient();
        var unknown = await Refusal(await SignIn(app.CreateClient(), "nobody@example.jp", Password));
        Assert.Contains("ログインできませんでした", unknown);
        for (var i = 1; i <= 5; i++)
        {
            var failed = await SignIn(browser, email, "wrong password");
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
            Assert.Equal(unknown, await Refusal(failed));
        }
        var right = await SignIn(browser, email, Password);
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        // Locked: refused even with the right password, in words that do not tell the account exists.
        Assert.Equal(unknown, await Refusal(right));
        var audit = await given.Admin.GetOk($"/api/audit?entity=member&entityId={id}");
        Assert.Contains(audit["items"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "lockout");

        // An admin resetting the password lifts the lock.
        await given.Admin.Post($"/api/members/{id}/password", new { password = Password });
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn(browser, email, Password)).StatusCode);
    }

    [Fact]
    public async Task Unknown_emails_get_the_same_answer_as_wrong_passwords()
    {
        var (_, email, _) = await MemberWithPassword();
        var unknown = await SignIn(app.CreateClient(), "nobody@example.jp", Password);
        var wrong = await SignIn(app.CreateClient(), email, "wrong password");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(await Refusal(wrong), await Refusal(unknown));
        Assert.NotEqual("", await Refusal(unknown));
    }

    [Fact]
    public async Task Passwords_are_validated_and_stored_only_as_hashes()
    {
        var (id, _, _) = await MemberWithPassword();
        await ApiClient.FieldError(await given.Admin.Post($"/api/members/{id}/password", new { password = "short" }), "password");
        using var db = app.OpenDatabase();
        var hash = Dapper.SqlMapper.ExecuteScalar<string>(db, "SELECT password_hash FROM members WHERE id = @id", new { id });
        Assert.DoesNotContain(Password, hash);
        Assert.True(hash!.Length > 40);
    }

    [Fact]
    public async Task Another_web_instance_on_the_same_database_accepts_the_cookie()
    {
        var (_, email, name) = await MemberWithPassword();
        var signedIn = await SignIn(app.CreateClient(), email, Password);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("mcs.auth=", StringComparison.Ordinal)).Split(';')[0];

        using var other = MarketplaceApp.SharingDatabaseWith(app);
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookie);
        var home = await other.Server.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(name), await home.Content.ReadAsStringAsync());

        // A forged cookie is not accepted by either.
        var forged = new HttpRequestMessage(HttpMethod.Get, "/");
        forged.Headers.Add("Cookie", cookie[..^4] + "AAAA");
        Assert.Equal(HttpStatusCode.Redirect, (await other.Server.CreateClient().SendAsync(forged)).StatusCode);
    }
}

public class SignInRateLimitTests : IClassFixture<MarketplaceApp>
{
    private readonly MarketplaceApp app;

    public SignInRateLimitTests(MarketplaceApp app) => this.app = app.With("Limits:SignInsPerMinute", "3");

    [Fact]
    public async Task Sign_in_attempts_beyond_the_limit_get_429()
    {
        var browser = app.CreateClient();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInTests.SignIn(browser, "someone@example.jp", "whatever pass")).StatusCode);
        var limited = await SignInTests.SignIn(browser, "someone@example.jp", "whatever pass");
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
    }
}
