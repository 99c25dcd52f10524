using System.Net;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Api;

/// <summary>A browser meets errors as pages in the app's layout, in its language; the API keeps problem details.</summary>
public class BrowserErrorPagesTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private async Task<HttpClient> SignedInBrowser()
    {
        var given = new Scenario(app);
        var email = $"{Guid.NewGuid():N}@example.jp";
        var id = (await given.Admin.PostCreated("/api/members", new { name = "佐藤 花子", email, team = "cs" }))["id"]!.GetValue<string>();
        await given.Admin.Post($"/api/members/{id}/password", new { password = "correct horse battery" });
        var browser = app.CreateClient();
        await SignInTests.SignIn(browser, email, "correct horse battery");
        return browser;
    }

    [Theory]
    [InlineData("/companies/6f1c2b5e-8a4d-4c1e-9e2f-0a1b2c3d4e5f")]
    [InlineData("/engagements/6f1c2b5e-8a4d-4c1e-9e2f-0a1b2c3d4e5f")]
    [InlineData("/workers/6f1c2b5e-8a4d-4c1e-9e2f-0a1b2c3d4e5f")]
    [InlineData("/no-such-page")]
    public async Task An_unknown_page_is_a_404_page_in_the_layout(string path)
    {
        var response = await (await SignedInBrowser()).GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>ページが見つかりません</h1>", html);
        Assert.Contains("Marketplace CS", html);
    }

    [Fact]
    public async Task A_wrong_method_on_a_page_is_a_405_page_and_the_api_keeps_problem_details()
    {
        var browser = await SignedInBrowser();
        var page = await browser.PutAsync("/dashboard", new StringContent(""));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, page.StatusCode);
        Assert.Contains("<h1>この操作はできません</h1>", await page.Content.ReadAsStringAsync());

        var api = await app.Admin().Http.GetAsync("/api/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_failure_behind_a_page_is_a_500_page_without_internals_in_English_when_switched()
    {
        using var own = new MarketplaceApp();
        var given = new Scenario(own);
        var email = $"{Guid.NewGuid():N}@example.jp";
        var id = (await given.Admin.PostCreated("/api/members", new { name = "佐藤 花子", email, team = "cs" }))["id"]!.GetValue<string>();
        await given.Admin.Post($"/api/members/{id}/password", new { password = "correct horse battery" });
        var browser = own.CreateClient();
        await SignInTests.SignIn(browser, email, "correct horse battery");
        await browser.GetAsync("/lang/en?returnUrl=/");
        using (var db = own.OpenDatabase()) Dapper.SqlMapper.Execute(db, "DROP TABLE companies");

        var response = await browser.GetAsync("/companies");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Something went wrong</h1>", html);
        Assert.DoesNotContain("no such table", html);
        Assert.DoesNotContain("Exception", html);
    }
}
