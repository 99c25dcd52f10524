using System.Net;
using System.Text.RegularExpressions;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Api;

/// <summary>
/// The dashboard's risk list shows the first companies at risk in the order the reader chose, and says how many more
/// the CSV has; the CSV and the API have them all.
/// </summary>
public partial class DashboardRiskListTests
{
    private const string Password = "correct horse battery";

    [GeneratedRegex("""<table id="risk-list">(.*?)</table>""", RegexOptions.Singleline)]
    private static partial Regex RiskTable();

    [GeneratedRegex("""<a href="/companies/[^"]+">([^<]*)</a>""")]
    private static partial Regex CompanyLink();

    [Fact]
    public async Task The_page_shows_thirty_in_the_chosen_order_and_the_csv_and_api_all_of_them()
    {
        using var app = new MarketplaceApp();
        var given = new InsightGiven(app);
        var email = $"{Guid.NewGuid():N}@example.jp";
        var cs = (await given.Admin.PostCreated("/api/members", new { name = "リスト 確認", email, team = "cs" }))["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NoContent, (await given.Admin.Post($"/api/members/{cs}/password", new { password = Password })).StatusCode);
        // 33 companies signed long before the day and never kicked off: each has gone 60 days without an engagement.
        var names = new List<string>();
        for (var i = 0; i < 33; i++)
        {
            // Names and fees in opposite orders, so each order is seen.
            var name = $"リスク企業{(i * 7) % 33:D2}";
            names.Add(name);
            await given.Company(cs, "2021-01-01", name, monthlyFee: 100_000 + i * 1_000);
        }
        var browser = app.CreateClient();
        var cookie = (await SignInTests.SignIn(browser, email, Password)).Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("mcs.auth=", StringComparison.Ordinal)).Split(';')[0];
        async Task<string> Get(string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Cookie", cookie);
            using var response = await app.CreateClient().SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }
        const string filter = "from=2021-01&to=2021-12&asOf=2021-12-31";

        var byName = WebUtility.HtmlDecode(await Get($"/dashboard?{filter}&risk=name"));
        var shown = CompanyLink().Matches(RiskTable().Match(byName).Groups[1].Value).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal).Take(30), shown);
        Assert.Contains("ほか3社はCSVでご覧ください。", byName);

        var byFee = CompanyLink().Matches(RiskTable().Match(WebUtility.HtmlDecode(await Get($"/dashboard?{filter}&risk=fee"))).Groups[1].Value)
            .Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(Enumerable.Reverse(names).Take(30), byFee);

        var csv = (await Get($"/dashboard/csv/churn-risk?{filter}&risk=fee")).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Reverse(names), csv.Skip(1).Select(line => line.Split(',')[0]));

        var api = await given.Admin.GetOk("/api/insights/churn-risk?asOf=2021-12-31");
        Assert.Equal(33, api["atRisk"]!.GetValue<int>());
        Assert.Equal(33, api["companies"]!.AsArray().Count);
    }
}
