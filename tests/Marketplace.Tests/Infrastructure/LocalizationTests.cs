using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Marketplace.Tests.Infrastructure;

/// <summary>One localization stack: request localization picks the language, IStringLocalizer resources hold the words.</summary>
public partial class LocalizationTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private static string Web => Path.Combine(RepositoryDocsTests.Repository.Root, "src", "Marketplace.Web");

    private static HashSet<string> Keys(string resx) =>
        [.. XDocument.Load(Path.Combine(Web, "Resources", resx)).Root!.Elements("data").Select(d => d.Attribute("name")!.Value)];

    [GeneratedRegex("""\b[tT](?:\[|\.Format\()"((?:[^"\\]|\\.)*)"[\],]""")]
    private static partial Regex TextKey();

    [GeneratedRegex("""\] = "([^"]+)",""")]
    private static partial Regex WordLabel();

    [Fact]
    public void Every_text_the_pages_show_has_its_English()
    {
        var english = Keys("SharedText.en.resx");
        var files = Directory.EnumerateFiles(Path.Combine(Web, "Views"), "*.cshtml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(Web, "Infrastructure"), "*.cs"))
            .Concat(Directory.EnumerateFiles(Path.Combine(Web, "Controllers"), "*.cs", SearchOption.AllDirectories));
        var missing = new List<string>();
        var used = 0;
        foreach (var file in files)
        {
            var source = File.ReadAllText(file);
            var keys = TextKey().Matches(source).Select(m => m.Groups[1].Value.Replace("\\\"", "\""));
            if (file.EndsWith("UiText.cs", StringComparison.Ordinal)) keys = keys.Concat(WordLabel().Matches(source).Select(m => m.Groups[1].Value));
            foreach (var key in keys)
            {
                used++;
                if (!english.Contains(key)) missing.Add($"{Path.GetFileName(file)}: {key}");
            }
        }
        missing.AddRange(Marketplace.Web.Infrastructure.Refusals.Texts.Where(t => !english.Contains(t)).Select(t => "Refusals: " + t));
        Assert.True(used > 200, $"Only {used} texts found: the scan no longer sees how the pages write them.");
        Assert.True(missing.Count == 0, "No English for: " + string.Join(", ", missing.Distinct()));
    }

    [Theory]
    [InlineData(null, "今日の仕事", "ログイン")]
    [InlineData("ja-JP,ja;q=0.9", "今日の仕事", "ログイン")]
    [InlineData("en-US,en;q=0.9", "Today's work", "Sign in")]
    public async Task Pages_speak_the_browsers_language_Japanese_unless_it_asks_for_English(string? acceptLanguage, string _, string signIn)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/account/sign-in");
        if (acceptLanguage is not null) request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        var html = await (await app.CreateClient().SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains($"<h1>{signIn}</h1>", html);
    }

    [Fact]
    public async Task The_language_switch_outranks_the_browser()
    {
        var browser = app.CreateClient();
        var switched = await browser.GetAsync("/lang/en?returnUrl=/account/sign-in");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        var request = new HttpRequestMessage(HttpMethod.Get, "/account/sign-in");
        request.Headers.AcceptLanguage.ParseAdd("ja-JP");
        Assert.Contains("<h1>Sign in</h1>", await (await browser.SendAsync(request)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_api_answers_in_English_and_in_Japanese_when_asked_keeping_its_codes()
    {
        var admin = app.Admin();
        var member = await admin.PostCreated("/api/members", new { name = "佐藤 花子", email = $"{Guid.NewGuid():N}@example.jp", team = "cs" });
        async Task<JsonNode> Refusal(string? language)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/members/{member["id"]}/password") { Content = ApiClient.Json(new { password = "short" }) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.AdminKey);
            if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
            var response = await admin.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        }
        var english = await Refusal(null);
        var japanese = await Refusal("ja");
        Assert.Equal("The request is not valid", english["title"]!.GetValue<string>());
        Assert.Equal("入力内容に誤りがあります", japanese["title"]!.GetValue<string>());
        // The same field key either way; the message itself in the asked language.
        Assert.NotNull(english["errors"]!["password"]);
        var message = japanese["errors"]!["password"]![0]!.GetValue<string>();
        Assert.Contains("文字", message);

        var anonymous = new HttpRequestMessage(HttpMethod.Get, "/api/companies");
        anonymous.Headers.AcceptLanguage.ParseAdd("ja");
        var unauthorized = JsonNode.Parse(await (await app.CreateClient().SendAsync(anonymous)).Content.ReadAsStringAsync())!;
        Assert.Equal("認証が必要です", unauthorized["title"]!.GetValue<string>());
        Assert.Equal(401, unauthorized["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_products_own_validation_messages_name_fields_in_Japanese_when_asked()
    {
        async Task<JsonNode> Refusal(string? language)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/companies")
            {
                Content = ApiClient.Json(new { name = " ", industry = "SaaS", employeeCount = 10, monthlyFee = 1, csOwnerId = Guid.NewGuid(), signedOn = "1980-01-01", purposes = new[] { "know_how", "know_how" } }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.AdminKey);
            if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
            var response = await app.CreateClient().SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!;
        }
        var english = await Refusal(null);
        var japanese = await Refusal("ja-JP");
        Assert.Equal("name is required.", english["name"]![0]!.GetValue<string>());
        Assert.Equal("名前を入力してください。", japanese["name"]![0]!.GetValue<string>());
        Assert.Equal("契約日は1990-01-01から2100-12-31までの日付にしてください。", japanese["signedOn"]![0]!.GetValue<string>());
        Assert.Equal("導入目的に同じものが重複しています。", japanese["purposes"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_rule_refusal_keeps_its_code_and_reads_in_Japanese_when_asked()
    {
        var given = new Scenario(app);
        var (cs, _) = await given.Member("cs");
        var (cc, _) = await given.Member("cc");
        var engagement = await given.Engagement(await given.Company(cs), await given.AvailableWorker(cc));
        await given.Admin.PostOk($"/api/engagements/{engagement}/contract", new { contractedOn = "2026-01-20" });
        async Task<JsonNode> Kickoff(string? language)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/engagements/{engagement}/kickoff") { Content = ApiClient.Json(new { heldOn = "2026-02-01", csAttendeeId = (string?)null }) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.AdminKey);
            if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
            var response = await app.CreateClient().SendAsync(request);
            Assert.Equal((HttpStatusCode)422, response.StatusCode);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        }
        var english = await Kickoff(null);
        var japanese = await Kickoff("ja");
        Assert.Equal("first_kickoff_requires_cs", english["rule"]!.GetValue<string>());
        Assert.Equal("first_kickoff_requires_cs", japanese["rule"]!.GetValue<string>());
        Assert.Contains("Set csAttendeeId", english["detail"]!.GetValue<string>());
        Assert.Equal("この企業で最初のキックオフには、CSの同席が必要です。同席したCSを選んでください。", japanese["detail"]!.GetValue<string>());
        Assert.Equal("業務ルールにより受け付けられません", japanese["title"]!.GetValue<string>());
    }
}
