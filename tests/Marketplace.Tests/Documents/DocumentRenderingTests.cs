using System.Net;
using System.Text.RegularExpressions;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Documents;

/// <summary>Every document in both languages, rendered through the API from data created through the API.</summary>
public sealed class DocumentRenderingTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly Scenario given = new(app);

    public static string JaDate(string iso) { var d = DateOnly.Parse(iso); return $"{d.Year}年{d.Month}月{d.Day}日"; }
    public static string EnDate(string iso) => DateOnly.Parse(iso).ToString("MMMM d, yyyy", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<string> Ok(string url, string mediaType)
    {
        var response = await given.Admin.Get(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        return body;
    }

    private static string Media(string format) => format == "md" ? "text/markdown" : "text/html";

    /// <summary>A company with two purposes, a CS owner with a known name, and a kicked-off engagement.</summary>
    private async Task<(string Company, string Engagement, string CompanyName, string CsName, string WorkerName)> Client(string companyName)
    {
        var (cs, _) = await given.Member("cs");
        var csName = (await given.Admin.GetOk("/api/members?team=cs&pageSize=200"))["items"]!.AsArray().First(m => m!["id"]!.GetValue<string>() == cs)!["name"]!.GetValue<string>();
        var (cc, _) = await given.Member("cc");
        var company = await given.Company(cs, name: companyName);
        var worker = await given.AvailableWorker(cc);
        var engagement = await given.Engagement(company, worker, "2026-02-01");
        await given.Admin.PostOk($"/api/engagements/{engagement}/contract", new { contractedOn = "2026-01-20" });
        await given.Admin.PostOk($"/api/engagements/{engagement}/kickoff", new { heldOn = "2026-02-01", csAttendeeId = cs, attendees = new[] { "山田 部長" } });
        var workerName = (await given.Admin.GetOk($"/api/workers/{worker}"))["name"]!.GetValue<string>();
        return (company, engagement, companyName, csName, workerName);
    }

    [Theory]
    [InlineData("ja", "md")]
    [InlineData("ja", "html")]
    [InlineData("en", "md")]
    [InlineData("en", "html")]
    public async Task Kickoff_checklist_names_parties_and_dates_and_shows_ticked_items(string lang, string format)
    {
        var c = await Client("株式会社チェック" + Guid.NewGuid().ToString("N")[..6]);
        var ticked = await given.Admin.Put($"/api/engagements/{c.Engagement}/kickoff/checklist",
            new { items = new[] { new { key = "goals_scope", done = true }, new { key = "prevent_communication", done = true } } });
        Assert.Equal(HttpStatusCode.OK, ticked.StatusCode);

        var body = await Ok($"/api/engagements/{c.Engagement}/kickoff-checklist?format={format}&lang={lang}", Media(format));

        Func<string, string> date = lang == "ja" ? JaDate : EnDate;
        Assert.Contains(c.CompanyName, body);
        Assert.Contains(c.WorkerName, body);
        Assert.Contains(c.CsName, body);
        Assert.Contains("山田 部長", body);
        Assert.Contains(date("2026-02-01"), body);           // kickoff
        Assert.Contains(date("2026-03-01"), body);           // follow-up, one month later
        Assert.Contains(lang == "ja" ? "スキルミスマッチ" : "Skill mismatch", body);
        Assert.Contains(lang == "ja" ? "チェック済み: 2 / 12" : "Ticked: 2 of 12", body);
        if (format == "md")
        {
            Assert.Equal(2, Regex.Matches(body, @"^- \[x\]", RegexOptions.Multiline).Count);
            Assert.Equal(10, Regex.Matches(body, @"^- \[ \]", RegexOptions.Multiline).Count);
            Assert.Matches(@"- \[x\] \*\*(目的と業務範囲|Goals and scope)\*\*", body);
        }
        else
        {
            Assert.Matches(@"class=""item done"" data-key=""goals_scope""", body);
            Assert.Matches(@"class=""item card done"" data-key=""prevent_communication""", body);
            Assert.Matches(@"class=""item"" data-key=""parties""", body);
            Assert.Equal(2, Regex.Matches(body, @"class=""check done""").Count);
        }
    }

    [Theory]
    [InlineData("ja", "md")]
    [InlineData("ja", "html")]
    [InlineData("en", "md")]
    [InlineData("en", "html")]
    public async Task Onboarding_guide_has_a_section_per_purpose_and_names_the_people(string lang, string format)
    {
        var c = await Client("株式会社ガイド" + Guid.NewGuid().ToString("N")[..6]);

        var body = await Ok($"/api/companies/{c.Company}/onboarding-guide?format={format}&lang={lang}", Media(format));

        Assert.Contains(c.CompanyName, body);
        Assert.Contains(c.CsName, body);
        Assert.Contains(c.WorkerName, body);
        Assert.Contains(lang == "ja" ? JaDate("2026-03-01") : EnDate("2026-03-01"), body);
        // The scenario's company has resource_shortage and know_how: one section each, not the other two.
        var purposes = lang == "ja" ? new[] { "リソース不足の解消", "ノウハウ不足の解消" } : ["Not enough hands", "Missing know-how"];
        var others = lang == "ja" ? new[] { "人件費の変動費化", "コア業務の生産性向上" } : ["Turning fixed staff costs", "Productivity in core work"];
        var heading = format == "md" ? @"^### {0} — " : @"<h3>{0} — ";
        foreach (var p in purposes) Assert.Single(Regex.Matches(body, string.Format(heading, Regex.Escape(p)), RegexOptions.Multiline));
        foreach (var p in others) Assert.Empty(Regex.Matches(body, string.Format(heading, Regex.Escape(p)), RegexOptions.Multiline));
        Assert.Contains(lang == "ja" ? "エンジニア" : "Engineer", body);
    }

    [Theory]
    [InlineData("ja")]
    [InlineData("en")]
    public async Task Usage_deck_is_tailored_to_two_purposes_in_10_to_14_slides(string lang)
    {
        var c = await Client("株式会社デッキ" + Guid.NewGuid().ToString("N")[..6]);

        var body = await Ok($"/api/companies/{c.Company}/usage-deck?format=html&lang={lang}", "text/html");

        var slides = Regex.Matches(body, @"<section class=""slide").Count;
        Assert.InRange(slides, 10, 14);
        Assert.Equal(2, Regex.Matches(body, @"data-slide=""purpose"" data-purpose=").Count);
        Assert.Contains(@"data-purpose=""resource_shortage""", body);
        Assert.Contains(@"data-purpose=""know_how""", body);
        Assert.DoesNotContain(@"data-purpose=""variable_cost""", body);
        // engineer is engaged and has its slide; designer, marketer (resource shortage) and data, hr, pm (know-how) are suggested on one.
        var jobSlides = Regex.Matches(body, @"data-slide=""job-type"" data-job-type=""(\w+)""").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["engineer"], jobSlides);
        Assert.Equal(["designer", "marketer", "pm", "data", "hr"], Regex.Matches(body, @"<div data-job-type=""(\w+)""").Select(m => m.Groups[1].Value));
        Assert.DoesNotContain(@"data-job-type=""writer""", body);
        Assert.Contains(c.CompanyName, body);
        Assert.Contains(c.CsName, body);
        Assert.Contains(c.WorkerName, body);
        Assert.Contains("@page { size: 254mm 142.875mm", body);
        Assert.DoesNotMatch(@"(src|href)=""https?:", body);
    }

    [Theory]
    [InlineData("kickoff-checklist", "html")]
    [InlineData("onboarding-guide", "html")]
    [InlineData("usage-deck", "html")]
    [InlineData("onboarding-guide", "md")]
    public async Task A_script_as_company_name_is_escaped(string document, string format)
    {
        const string hostile = "<script>alert(1)</script>";
        var c = await Client(hostile);
        var url = document == "kickoff-checklist"
            ? $"/api/engagements/{c.Engagement}/kickoff-checklist?format={format}"
            : $"/api/companies/{c.Company}/{document}?format={format}";

        var body = await Ok(url, Media(format));

        Assert.DoesNotContain("<script>", body);
        Assert.Contains(format == "md" ? @"\<script\>alert(1)\</script\>" : "&lt;script&gt;alert(1)&lt;/script&gt;", body);
    }

    [Fact]
    public async Task Bad_format_or_lang_is_a_400_naming_the_field_and_unknown_ids_404()
    {
        var c = await Client("株式会社エラー" + Guid.NewGuid().ToString("N")[..6]);

        Assert.Contains("md, html", await ApiClient.FieldError(await given.Admin.Get($"/api/companies/{c.Company}/onboarding-guide?format=pdf"), "format"));
        Assert.Contains("html, pdf", await ApiClient.FieldError(await given.Admin.Get($"/api/companies/{c.Company}/usage-deck?format=md"), "format"));
        Assert.Contains("ja, en", await ApiClient.FieldError(await given.Admin.Get($"/api/engagements/{c.Engagement}/kickoff-checklist?lang=fr"), "lang"));
        await ApiClient.Problem(await given.Admin.Get($"/api/companies/{Guid.NewGuid()}/usage-deck"), HttpStatusCode.NotFound);
        await ApiClient.Problem(await given.Admin.Get($"/api/companies/{Guid.NewGuid()}/onboarding-guide?format=md"), HttpStatusCode.NotFound);
        await ApiClient.Problem(await given.Admin.Get($"/api/engagements/{Guid.NewGuid()}/kickoff-checklist"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Every_member_may_read_documents()
    {
        var c = await Client("株式会社閲覧" + Guid.NewGuid().ToString("N")[..6]);
        var (_, sales) = await given.Member("sales");
        Assert.Equal(HttpStatusCode.OK, (await sales.Get($"/api/companies/{c.Company}/onboarding-guide")).StatusCode);
    }
}
