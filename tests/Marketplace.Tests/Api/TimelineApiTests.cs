using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Dapper;
using Marketplace.Tests.Infrastructure;
using static Marketplace.Tests.Infrastructure.ApiClient;

namespace Marketplace.Tests.Api;

/// <summary>Notes of calls and meetings, and the timelines of a company and a worker (issue 21).</summary>
public class TimelineApiTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly Scenario given = new(app);

    private static string Day(int fromToday) => BusinessDay.Today.AddDays(fromToday).ToString("yyyy-MM-dd");

    private string MemberName(string id)
    {
        using var db = app.OpenDatabase();
        return db.QuerySingle<string>("SELECT name FROM members WHERE id = @id", new { id = Guid.Parse(id) });
    }

    private static async Task<JsonArray> Timeline(ApiClient client, string url, string? language = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        return (await Expect(await client.Http.SendAsync(request), HttpStatusCode.OK)).AsArray();
    }

    private static string[] Kinds(JsonArray timeline) => [.. timeline.Select(e => e!["kind"]!.GetValue<string>())];

    [Fact]
    public async Task A_note_is_created_with_its_kind_day_and_text_and_audited()
    {
        var (csId, cs) = await given.Member("cs");
        var company = await given.Company(csId);
        var note = await cs.PostCreated($"/api/companies/{company}/notes", new { kind = "meeting", heldOn = Day(0), body = "  定例面談。\n来月から稼働を増やしたい。  " });

        Assert.Equal("meeting", note["kind"]!.GetValue<string>());
        Assert.Equal(Day(0), note["heldOn"]!.GetValue<string>());
        Assert.Equal("定例面談。\n来月から稼働を増やしたい。", note["body"]!.GetValue<string>());
        Assert.Equal(company, note["companyId"]!.GetValue<string>());
        Assert.Null(note["workerId"]);
        Assert.Equal(csId, note["createdBy"]!.GetValue<string>());
        var audit = await given.Admin.GetOk($"/api/audit?entity=note&entityId={note["id"]}");
        Assert.Contains(audit["items"]!.AsArray(), a => a!["action"]!.GetValue<string>() == "create");
    }

    [Fact]
    public async Task A_note_without_kind_day_or_text_is_refused_naming_each_field_in_English_and_Japanese()
    {
        var (ccId, cc) = await given.Member("cc");
        var worker = await given.Worker(ccId);
        var url = $"/api/workers/{worker}/notes";

        var english = await cc.Post(url, new { body = " " });
        Assert.Equal("kind is required.", await FieldError(english, "kind"));
        Assert.Equal("heldOn is required.", await FieldError(await cc.Post(url, new { kind = "call" }), "heldOn"));
        Assert.Equal("body is required.", await FieldError(await cc.Post(url, new { kind = "call", heldOn = Day(0), body = "\u3000" }), "body"));
        Assert.Contains("4000", await FieldError(await cc.Post(url, new { kind = "call", heldOn = Day(0), body = new string('あ', 4001) }), "body"));
        Assert.Equal("body must not contain control characters.", await FieldError(await cc.Post(url, new { kind = "call", heldOn = Day(0), body = "a\u0007" }), "body"));
        await FieldError(await cc.PostRaw(url, """{"kind":"visit","heldOn":"2026-03-01","body":"x"}"""), "kind");

        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Json(new { kind = "call", heldOn = "2200-01-01" }) };
        request.Headers.AcceptLanguage.ParseAdd("ja");
        var japanese = await cc.Http.SendAsync(request);
        var problem = await Problem(japanese, HttpStatusCode.BadRequest);
        Assert.Equal("本文を入力してください。", problem["errors"]!["body"]![0]!.GetValue<string>());
        Assert.Equal("実施日は1990-01-01から2100-12-31までの日付にしてください。", problem["errors"]!["heldOn"]![0]!.GetValue<string>());
        Assert.DoesNotContain("note", Kinds(await Timeline(cc, $"/api/workers/{worker}/timeline")));
    }

    [Fact]
    public async Task Company_notes_are_CS_work_and_worker_notes_the_concierges()
    {
        var (csId, cs) = await given.Member("cs");
        var (ccId, cc) = await given.Member("cc");
        var (_, sales) = await given.Member("sales");
        var company = await given.Company(csId);
        var worker = await given.Worker(ccId);
        var note = new { kind = "call", heldOn = Day(0), body = "確認の電話" };

        Assert.Equal(HttpStatusCode.Forbidden, (await cc.Post($"/api/companies/{company}/notes", note)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sales.Post($"/api/companies/{company}/notes", note)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await cs.Post($"/api/workers/{worker}/notes", note)).StatusCode);
        await cs.PostCreated($"/api/companies/{company}/notes", note);
        await cc.PostCreated($"/api/workers/{worker}/notes", note);
        await given.Admin.PostCreated($"/api/workers/{worker}/notes", note);

        // Every team reads both timelines.
        Assert.Single(await Timeline(sales, $"/api/companies/{company}/timeline"));
        Assert.Equal(["note", "note", "worker_status_changed"], Kinds(await Timeline(cs, $"/api/workers/{worker}/timeline")));
        await Problem(await cs.Post($"/api/companies/{Guid.NewGuid()}/notes", note), HttpStatusCode.NotFound);
        await Problem(await cs.Get($"/api/workers/{Guid.NewGuid()}/timeline"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_companys_whole_life_reads_newest_first_with_who_did_what()
    {
        var (csId, cs) = await given.Member("cs");
        var (ccId, _) = await given.Member("cc");
        var company = await given.Company(csId, signedOn: Day(-30));
        var worker = await given.AvailableWorker(ccId);
        var engagement = await given.Engagement(company, worker, startOn: Day(1));
        await cs.PostOk($"/api/engagements/{engagement}/contract", new { contractedOn = Day(0) });
        var lead = await cs.PostCreated($"/api/companies/{company}/expansion-leads", new { tossedOn = Day(0), description = "デザイナーも" });
        await given.Admin.PostOk($"/api/expansion-leads/{lead["id"]}/outcome", new { status = "lost" });
        await cs.PostOk($"/api/engagements/{engagement}/kickoff", new { heldOn = Day(1), csAttendeeId = csId, attendees = new[] { "山田" } });
        await cs.PostCreated($"/api/engagements/{engagement}/follow-ups", new { heldOn = Day(30), companySatisfaction = 4, workerEvaluation = 4 });
        await cs.PostCreated($"/api/companies/{company}/satisfaction", new { surveyedOn = Day(31), score = 8 });
        await cs.PostCreated($"/api/companies/{company}/notes", new { kind = "call", heldOn = Day(40), body = "予算の見直し" });
        await cs.PostCreated($"/api/engagements/{engagement}/end", new { endedOn = Day(60), initiatedBy = "company", reasons = new[] { "budget" } });
        await cs.PostCreated($"/api/companies/{company}/churn", new { churnedOn = Day(61), reasons = new[] { "budget" } });
        // A churned company is read only, but CS still keeps the exit call.
        await cs.PostCreated($"/api/companies/{company}/notes", new { kind = "meeting", heldOn = Day(61), body = "解約面談" });
        await cs.PostOk($"/api/companies/{company}/reactivate", new { signedOn = Day(90) });

        var timeline = await Timeline(cs, $"/api/companies/{company}/timeline");
        Assert.Equal([
            "company_reactivated", "note", "company_churned", "engagement_ended", "note", "satisfaction_surveyed", "follow_up_held",
            "kickoff_held", "lead_decided", "lead_tossed", "engagement_contracted", "engagement_proposed",
        ], Kinds(timeline));
        var at = timeline.Select(e => DateTime.Parse(e!["at"]!.GetValue<string>(), null, System.Globalization.DateTimeStyles.RoundtripKind)).ToList();
        Assert.All(at, t => Assert.Equal(DateTimeKind.Utc, t.Kind));
        // A day's event sits at the start of that day in Tokyo: 15:00 UTC the day before.
        Assert.Equal(DateTime.Parse(Day(89) + "T15:00:00Z", null, System.Globalization.DateTimeStyles.AdjustToUniversal), at[0]);

        var cs_ = MemberName(csId);
        Assert.Equal(cs_, timeline[1]!["by"]!.GetValue<string>());
        Assert.Equal(cs_, timeline[7]!["by"]!.GetValue<string>());
        Assert.Null(timeline[0]!["by"]);
        Assert.Equal(new JsonObject { ["type"] = "engagement", ["id"] = engagement }.ToJsonString(), timeline[3]!["ref"]!.ToJsonString());
        Assert.Equal("[Meeting] 解約面談", timeline[1]!["summary"]!.GetValue<string>());
        Assert.StartsWith("“API開発” ended (人材-", timeline[3]!["summary"]!.GetValue<string>());
        Assert.EndsWith("initiated by: Company", timeline[3]!["summary"]!.GetValue<string>());
        Assert.Equal("Satisfaction survey: NPS 8/10", timeline[5]!["summary"]!.GetValue<string>());

        var japanese = await Timeline(cs, $"/api/companies/{company}/timeline", "ja");
        Assert.Equal("【面談】解約面談", japanese[1]!["summary"]!.GetValue<string>());
        Assert.EndsWith("申し出: 企業", japanese[3]!["summary"]!.GetValue<string>());
        Assert.Equal("企業が再契約", japanese[0]!["summary"]!.GetValue<string>());
        Assert.Equal("追加案件の結果: 失注（デザイナーも）", japanese[8]!["summary"]!.GetValue<string>());

        // Pages of the same order.
        var second = await Timeline(cs, $"/api/companies/{company}/timeline?page=2&pageSize=5");
        Assert.Equal(Kinds(timeline)[5..10], Kinds(second));
        Assert.Empty(await Timeline(cs, $"/api/companies/{company}/timeline?page=4&pageSize=5"));
    }

    [Fact]
    public async Task A_workers_timeline_shows_status_changes_notes_and_engagements()
    {
        var (csId, _) = await given.Member("cs");
        var (ccId, cc) = await given.Member("cc");
        var worker = await given.Worker(ccId);
        await cc.PostOk($"/api/workers/{worker}/status", new { status = "screening", note = "初回面談の予約" });
        await cc.PostOk($"/api/workers/{worker}/status", new { status = "available" });
        await cc.PostCreated($"/api/workers/{worker}/notes", new { kind = "chat", heldOn = Day(0), body = "希望は週10時間" });
        var company = await given.Company(csId);
        var engagement = await given.Engagement(company, worker);
        await given.Admin.PostOk($"/api/engagements/{engagement}/decline", new { note = "予算" });

        var timeline = await Timeline(cc, $"/api/workers/{worker}/timeline");
        Assert.Equal([
            "note", "engagement_declined", "engagement_proposed",
            "worker_status_changed", "worker_status_changed", "worker_status_changed", "worker_status_changed", "worker_status_changed",
        ], Kinds(timeline));
        Assert.Equal(MemberName(ccId), timeline[0]!["by"]!.GetValue<string>());
        Assert.Equal(new JsonObject { ["type"] = "engagement", ["id"] = engagement }.ToJsonString(), timeline[1]!["ref"]!.ToJsonString());

        var japanese = await Timeline(cc, $"/api/workers/{worker}/timeline", "ja");
        var summaries = japanese.Select(e => e!["summary"]!.GetValue<string>()).ToList();
        Assert.Equal("【チャット】希望は週10時間", summaries[0]);
        Assert.Equal("案件「API開発」は見送り（" + (await given.Admin.GetOk($"/api/companies/{company}"))["name"] + "） — 予算", summaries[1]);
        // Declining gave the worker back (proposed → available), as proposing had taken them (available → proposed); the
        // automatic changes carry the note the app wrote, a manual one the concierge's.
        Assert.Equal([
            "ステータス: 提案中 → 稼働可能 — 案件の終了・見送りにより自動変更", "ステータス: 稼働可能 → 提案中 — 提案により自動変更",
            "ステータス: 面談中 → 稼働可能", "ステータス: 登録 → 面談中 — 初回面談の予約", "ステータスを登録に設定 — 登録",
        ], summaries[3..]);
        Assert.Equal("Status: Screening → Available", (await Timeline(cc, $"/api/workers/{worker}/timeline"))[5]!["summary"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_proposal_recorded_after_its_contract_day_is_placed_on_that_day()
    {
        var (csId, cs) = await given.Member("cs");
        var (ccId, _) = await given.Member("cc");
        var company = await given.Company(csId, signedOn: Day(-400));
        var engagement = await given.Engagement(company, await given.AvailableWorker(ccId), startOn: Day(-300));
        await cs.PostOk($"/api/engagements/{engagement}/contract", new { contractedOn = Day(-310) });
        await cs.PostCreated($"/api/companies/{company}/notes", new { kind = "email", heldOn = Day(-200), body = "稼働報告" });

        var timeline = await Timeline(cs, $"/api/companies/{company}/timeline");
        Assert.Equal(["note", "engagement_contracted", "engagement_proposed"], Kinds(timeline));
        Assert.Equal(timeline[1]!["at"]!.ToJsonString(), timeline[2]!["at"]!.ToJsonString());
    }
}
