using System.Net;
using System.Text.RegularExpressions;
using Marketplace.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace Marketplace.Tests.Api;

/// <summary>What a browser is told to enforce, the sign-in cookie's flags, and sessions that end when they should.</summary>
public class PageSecurityTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private const string Password = "correct horse battery";
    private readonly Scenario given = new(app);

    private async Task<(string Id, string Email)> MemberWithPassword(string team)
    {
        var email = $"{Guid.NewGuid():N}@example.jp";
        var id = (await given.Admin.PostCreated("/api/members", new { name = $"{team} {Guid.NewGuid():N}"[..12], email, team }))["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NoContent, (await given.Admin.Post($"/api/members/{id}/password", new { password = Password })).StatusCode);
        return (id, email);
    }

    private static string AuthCookie(HttpResponseMessage signedIn) =>
        signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("mcs.auth=", StringComparison.Ordinal));

    private static HttpRequestMessage WithCookie(string path, string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        return request;
    }

    [Theory]
    [InlineData("/account/sign-in")]
    [InlineData("/")]
    [InlineData("/companies")]
    [InlineData("/workers")]
    [InlineData("/dashboard")]
    [InlineData("/app.css")]
    [InlineData("/api/companies")]
    public async Task Every_response_carries_the_browser_security_headers(string path)
    {
        var (_, email) = await MemberWithPassword("admin");
        var browser = app.CreateClient();
        await SignInTests.SignIn(browser, email, Password);
        var response = await browser.GetAsync(path);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Theory]
    [InlineData("cs")]
    [InlineData("cc")]
    public async Task Pages_need_no_inline_style_or_script_so_the_policy_can_forbid_them(string team)
    {
        var (csId, _) = await given.Member("cs");
        var company = await given.Company(csId);
        var (_, email) = await MemberWithPassword(team);
        var browser = app.CreateClient();
        await SignInTests.SignIn(browser, email, Password);
        foreach (var path in new[] { "/", "/companies", $"/companies/{company}", "/workers", "/dashboard", "/account/forbidden" })
        {
            var html = await (await browser.GetAsync(path)).Content.ReadAsStringAsync();
            Assert.DoesNotMatch(new Regex("\\sstyle\\s*=", RegexOptions.IgnoreCase), html);
            Assert.DoesNotMatch(new Regex("<script(?![^>]*\\ssrc=)", RegexOptions.IgnoreCase), html);
            Assert.DoesNotMatch(new Regex("\\son[a-z]+\\s*=", RegexOptions.IgnoreCase), html);
        }
    }

    [Fact]
    public async Task The_sign_in_cookie_is_secure_http_only_and_same_site_outside_development()
    {
        var (_, email) = await MemberWithPassword("cs");
        var cookie = AuthCookie(await SignInTests.SignIn(app.CreateClient(), email, Password)).ToLowerInvariant();
        Assert.Contains("; secure", cookie);
        Assert.Contains("; httponly", cookie);
        Assert.Contains("; samesite=lax", cookie);
    }

    [Fact]
    public async Task On_a_developers_plain_http_machine_the_cookie_follows_the_request()
    {
        using var development = new MarketplaceApp();
        using var factory = development.WithWebHostBuilder(b => b.UseEnvironment("Development"));
        var admin = new ApiClient(factory.CreateClient(), development.AdminKey);
        var email = $"{Guid.NewGuid():N}@example.jp";
        var id = (await admin.PostCreated("/api/members", new { name = "開発者", email, team = "cs" }))["id"]!.GetValue<string>();
        await admin.Post($"/api/members/{id}/password", new { password = Password });
        var plain = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost"), AllowAutoRedirect = false });
        Assert.DoesNotContain("; secure", AuthCookie(await SignInTests.SignIn(plain, email, Password)).ToLowerInvariant());
    }

    [Fact]
    public async Task Signing_out_ends_the_session_so_a_copied_cookie_no_longer_opens_pages()
    {
        var (_, email) = await MemberWithPassword("cs");
        var browser = app.CreateClient();
        var cookie = AuthCookie(await SignInTests.SignIn(browser, email, Password));
        var elsewhere = app.CreateClient();
        await SignInTests.SignIn(elsewhere, email, Password);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().SendAsync(WithCookie("/", cookie))).StatusCode);

        var home = await (await browser.GetAsync("/")).Content.ReadAsStringAsync();
        var token = Regex.Match(home, "action=\"/account/sign-out\".*?name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"", RegexOptions.Singleline).Groups[1].Value;
        var signedOut = await browser.PostAsync("/account/sign-out", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        var replayed = await app.CreateClient().SendAsync(WithCookie("/", cookie));
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Contains("/account/sign-in", replayed.Headers.Location!.OriginalString);
        // Signing out ends the member's other sessions too.
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.GetAsync("/")).StatusCode);
        // Signing in again works.
        Assert.Equal(HttpStatusCode.Redirect, (await SignInTests.SignIn(browser, email, Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_password_reset_ends_every_open_session()
    {
        var (id, email) = await MemberWithPassword("cc");
        var browser = app.CreateClient();
        await SignInTests.SignIn(browser, email, Password);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);

        await given.Admin.Post($"/api/members/{id}/password", new { password = "another long password" });
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInTests.SignIn(browser, email, "another long password")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Forwarded_https_is_believed_only_from_a_configured_proxy()
    {
        using var behindProxy = new MarketplaceApp().With("ForwardedHeaders:KnownProxies:0", "127.0.0.1");
        using var direct = new MarketplaceApp();
        foreach (var (instance, expected) in new[] { (behindProxy, "https"), (direct, "http") })
        {
            var address = instance.StartOnLoopback();
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address };
            var request = new HttpRequestMessage(HttpMethod.Get, "/");
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.True(response.Headers.Location!.OriginalString.StartsWith(expected + "://", StringComparison.Ordinal), $"{expected}: {response.Headers.Location}");
        }
    }
}
