using System.Net;
using System.Text.RegularExpressions;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Documents;

/// <summary>The kickoff checklist states who really attended, the real follow-up day and the ticked items.</summary>
public sealed class ChecklistFactsTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly Scenario given = new(app);

    private async Task<string> Name(string url) => (await given.Admin.GetOk(url))["name"]!.GetValue<string>();

    /// <summary>A company's second engagement, kicked off without CS; the attendees typed in name the worker and the concierge too.</summary>
    private async Task<(string Engagement, string CsOwner, string Worker, string Concierge)> SecondKickoffWithoutCs()
    {
        var (company, _, _, cs, cc) = await given.ActiveEngagement();
        var worker = await given.AvailableWorker(cc);
        var engagement = await given.Engagement(company, worker, "2026-03-01", "designer", "LP制作");
        await given.Admin.PostOk($"/api/engagements/{engagement}/contract", new { contractedOn = "2026-02-20" });
        var workerName = await Name($"/api/workers/{worker}");
        var members = (await given.Admin.GetOk("/api/members?pageSize=200"))["items"]!.AsArray();
        string Member(string id) => members.First(m => m!["id"]!.GetValue<string>() == id)!["name"]!.GetValue<string>();
        await given.Admin.PostOk($"/api/engagements/{engagement}/kickoff",
            new { heldOn = "2026-03-01", csAttendeeId = (string?)null, attendees = new[] { "佐々木 課長", workerName, Member(cc) } });
        return (engagement, Member(cs), workerName, Member(cc));
    }

    [Theory]
    [InlineData("ja", "html")]
    [InlineData("ja", "md")]
    [InlineData("en", "html")]
    [InlineData("en", "md")]
    public async Task A_kickoff_without_cs_says_none_attended_and_keeps_the_worker_and_concierge_out_of_the_companys_people(string lang, string format)
    {
        var k = await SecondKickoffWithoutCs();

        var body = await (await given.Admin.Get($"/api/engagements/{k.Engagement}/kickoff-checklist?format={format}&lang={lang}")).Content.ReadAsStringAsync();

        var none = lang == "ja" ? "なし" : "none";
        var csLabel = lang == "ja" ? "同席CS" : "CS attendee";
        var companyLabel = lang == "ja" ? "企業側の参加者" : "Company attendees";
        string Row(string label) => format == "md"
            ? Regex.Match(body, $@"^\| {Regex.Escape(label)}[^|]* \| (.*) \|$", RegexOptions.Multiline).Groups[1].Value
            : Regex.Match(body, $@"<th>{Regex.Escape(label)}[^<]*</th><td[^>]*>(.*?)</td>").Groups[1].Value;
        Assert.Equal(none, Row(csLabel));
        Assert.DoesNotContain(k.CsOwner, Row(csLabel));
        Assert.Equal("佐々木 課長", Row(companyLabel).Replace("\\", ""));
        // The worker and the concierge attended, each in their own place.
        Assert.Contains(k.Concierge, Row(lang == "ja" ? "同席コンシェルジュ" : "Concierge attending").Replace("\\", ""));
        Assert.Contains(k.Worker, body.Replace("\\", ""));
        // The follow-up is a month after this kickoff.
        Assert.Contains(lang == "ja" ? "2026年4月1日" : "April 1, 2026", body);
    }

    [Fact]
    public async Task A_held_follow_up_shows_the_day_it_was_held_and_ticked_items_stay_ticked()
    {
        var (_, _, engagement, _, _) = await given.ActiveEngagement();
        await given.Admin.PostCreated($"/api/engagements/{engagement}/follow-ups",
            new { heldOn = "2026-03-04", companySatisfaction = 4, workerEvaluation = 4, workerSatisfaction = 4, note = "" });
        Assert.Equal(HttpStatusCode.OK, (await given.Admin.Put($"/api/engagements/{engagement}/kickoff/checklist",
            new { items = new[] { new { key = "parties", done = true } } })).StatusCode);

        var body = await (await given.Admin.Get($"/api/engagements/{engagement}/kickoff-checklist?format=html&lang=ja")).Content.ReadAsStringAsync();

        Assert.Contains("2026年3月4日(実施済み)", body);
        Assert.DoesNotContain("2026年3月1日", body);
        Assert.Matches(@"class=""item done"" data-key=""parties""", body);
        Assert.Contains("チェック済み: 1 / 12", body);
    }

    [Fact]
    public async Task Before_the_kickoff_nobody_is_said_to_have_attended()
    {
        var (cs, _) = await given.Member("cs");
        var (cc, _) = await given.Member("cc");
        var company = await given.Company(cs);
        var engagement = await given.Engagement(company, await given.AvailableWorker(cc));

        var body = await (await given.Admin.Get($"/api/engagements/{engagement}/kickoff-checklist?format=html&lang=ja")).Content.ReadAsStringAsync();

        Assert.Matches(@"<th>同席CS</th><td data-party=""cs"">未実施</td>", body);
    }
}
