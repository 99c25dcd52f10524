using System.Net;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Api;

/// <summary>
/// Corrections of recorded facts (PUT routes): each is held to the rules of the record it corrects, audited from → to,
/// stores nothing when refused, and every figure that depends on it follows on the next read. The derived facts stay
/// equal to the history after every kind of command, corrections included.
/// </summary>
public class CorrectionsTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly InsightGiven given = new(app);
    private ApiClient Admin => given.Admin;
    private static readonly DateOnly Today = BusinessDay.Today;
    private static string Ago(int days) => InsightGiven.Day(Today.AddDays(-days));

    private async Task<JsonNode> LastAudit(string entity, string id)
    {
        var items = (await Admin.GetOk($"/api/audit?entity={entity}&entityId={id}"))["items"]!.AsArray();
        return items.OrderBy(i => i!["at"]!.GetValue<DateTime>()).Last()!;
    }

    private async Task<string[]> Signals(string company) =>
        (await Admin.GetOk("/api/insights/churn-risk")).AsObject()["companies"]!.AsArray()
            .Where(c => c!["companyId"]!.GetValue<string>() == company)
            .SelectMany(c => c!["signals"]!.AsArray().Select(s => s!.GetValue<string>())).Order().ToArray();

    private async Task<string> Stage(string company) => (await Admin.GetOk($"/api/companies/{company}"))["stage"]!.GetValue<string>();

    private async Task<bool> InStageFilter(string company, string cs, string stage) =>
        (await Admin.GetOk($"/api/companies?csOwnerId={cs}&stage={stage}&pageSize=200"))["items"]!.AsArray().Any(c => c!["id"]!.GetValue<string>() == company);

    private async Task<JsonNode> EngagementChurn(string company) =>
        Assert.Single((await Admin.GetOk($"/api/churn/engagements?companyId={company}"))["items"]!.AsArray())!;

    /// <summary>A refused request answers with the status and stores nothing at all.</summary>
    private async Task<JsonNode> Refused(Func<Task<HttpResponseMessage>> send, HttpStatusCode status)
    {
        var before = given.Scenario.Snapshot();
        var problem = await ApiClient.Problem(await send(), status);
        Assert.Equal(before, given.Scenario.Snapshot());
        return problem;
    }

    private static async Task<string> ETag(ApiClient client, string url) => (await client.Get(url)).Headers.ETag!.Tag;

    [Fact]
    public async Task Every_kind_of_command_keeps_the_derived_facts_equal_to_the_history()
    {
        var (cs, _) = await given.Scenario.Member("cs");
        var (cc, _) = await given.Scenario.Member("cc");
        var (cc2, _) = await given.Scenario.Member("cc");
        void Check(string after) => DerivedFactsCheck.AssertNone(app, after);

        var company = await given.Company(cs, Ago(400), "株式会社整合");
        Check("creating a company");
        var worker = await given.Scenario.AvailableWorker(cc);
        var first = await given.Scenario.Engagement(company, worker, Ago(300));
        Check("a proposal");
        await Admin.PostOk($"/api/engagements/{first}/contract", new { contractedOn = Ago(310) });
        Check("a contract");
        var declined = await given.Scenario.Engagement(company, await given.Scenario.AvailableWorker(cc), Ago(290));
        await Admin.PostOk($"/api/engagements/{declined}/decline", new { note = "見送り" });
        Check("a decline");
        await Admin.PostOk($"/api/engagements/{first}/kickoff", new { heldOn = Ago(300), csAttendeeId = cs, attendees = new[] { "山田" } });
        Check("a kickoff");
        await Admin.Put($"/api/engagements/{first}/kickoff/checklist", new { items = new[] { new { key = "goals_scope", done = true } } });
        Check("a checklist");
        var followUp = (await Admin.PostCreated($"/api/engagements/{first}/follow-ups", new { heldOn = Ago(270), companySatisfaction = 4, workerEvaluation = 4 }))["id"]!.GetValue<string>();
        Check("a follow-up");
        await ApiClient.Expect(await Admin.Put($"/api/follow-ups/{followUp}", new { heldOn = Ago(268), companySatisfaction = 2, workerEvaluation = 3, workerSatisfaction = 4 }), HttpStatusCode.OK);
        Check("a follow-up correction");
        await ApiClient.Expect(await Admin.Put($"/api/engagements/{first}/kickoff", new { heldOn = Ago(295), csAttendeeId = cs, attendees = new[] { "山田", "佐藤" } }), HttpStatusCode.OK);
        Check("a kickoff correction");
        await ApiClient.Expect(await Admin.Put($"/api/engagements/{first}", new { title = "API開発（改）", jobType = "designer", startOn = Ago(296), monthlyHours = 30, monthlyFee = 250_000 },
            await ETag(Admin, $"/api/engagements/{first}")), HttpStatusCode.OK);
        Check("a terms correction");
        await given.End(first, Ago(200), "budget");
        Check("an end");
        await ApiClient.Expect(await Admin.Put($"/api/engagements/{first}/end", new { endedOn = Ago(190), initiatedBy = "worker", reasons = new[] { "skill_mismatch" } }), HttpStatusCode.OK);
        Check("an end correction");
        await ApiClient.Expect(await Admin.Put($"/api/engagements/{first}", new { title = "API開発", jobType = "engineer", startOn = Ago(250), monthlyHours = 30, monthlyFee = 250_000 },
            await ETag(Admin, $"/api/engagements/{first}")), HttpStatusCode.OK);
        Check("a terms correction of an ended engagement");
        var running = await given.Running(company, cs, cc, Ago(100));
        await given.FollowUp(running, Ago(70), 5);
        var churn = (await Admin.PostCreated($"/api/companies/{company}/churn", new { churnedOn = Ago(30), reasons = new[] { "budget" }, endActiveEngagements = true }))["id"]!.GetValue<string>();
        Check("a company churn that ends an engagement");
        await ApiClient.Expect(await Admin.Put($"/api/company-churns/{churn}", new { churnedOn = Ago(20), reasons = new[] { "low_utilization", "budget" }, note = "訂正" }), HttpStatusCode.OK);
        Check("a company churn correction");
        await given.Reactivate(company, Ago(10));
        Check("a reactivation");
        await ApiClient.Expect(await Admin.Put($"/api/workers/{worker}", new
        {
            name = "訂正 太郎", email = $"fixed-{Guid.NewGuid():N}@example.jp", jobType = "designer", skills = new[] { "Figma" }, mainJobStyle = "freelancer", weeklyHours = 8, conciergeId = cc2,
        }, await ETag(Admin, $"/api/workers/{worker}")), HttpStatusCode.OK);
        Check("a worker correction");
    }

    [Fact]
    public async Task Correcting_a_worker_is_audited_moves_their_open_engagements_to_the_new_concierge_and_refuses_a_taken_email()
    {
        var (cs, _) = await given.Scenario.Member("cs");
        var (cc, ccClient) = await given.Scenario.Member("cc");
        var (other, _) = await given.Scenario.Member("cc");
        var company = await given.Company(cs, Ago(200), "株式会社人材訂正");
        var ended = await given.Running(company, cs, cc, Ago(150));
        await given.End(ended, Ago(100), "project_completed");
        var engagement = await given.Running(company, cs, cc, Ago(50));
        var worker = (await Admin.GetOk($"/api/engagements/{engagement}"))["workerId"]!.GetValue<string>();
        var endedWorker = (await Admin.GetOk($"/api/engagements/{ended}"))["workerId"]!.GetValue<string>();
        var taken = (await Admin.GetOk($"/api/workers/{endedWorker}"))["email"]!.GetValue<string>();
        int ActiveWorkers(JsonNode load, string member) =>
            load["members"]!.AsArray().Single(m => m!["memberId"]!.GetValue<string>() == member)!["activeWorkers"]!.GetValue<int>();
        var loadBefore = await Admin.GetOk("/api/insights/rep-load");
        Assert.Equal((1, 0), (ActiveWorkers(loadBefore, cc), ActiveWorkers(loadBefore, other)));

        var etag = await ETag(ccClient, $"/api/workers/{worker}");
        var body = new { name = "訂正 花子", email = taken, jobType = "pm", skills = new[] { "PMO", "Scrum" }, mainJobStyle = "executive", weeklyHours = 6, conciergeId = other };
        var conflict = await Refused(() => ccClient.Put($"/api/workers/{worker}", body, etag), HttpStatusCode.Conflict);
        Assert.Equal("email", conflict["field"]!.GetValue<string>());
        await Refused(() => ccClient.Put($"/api/workers/{worker}", body with { email = "fresh@example.jp" }), HttpStatusCode.PreconditionRequired);
        await Refused(() => ccClient.Put($"/api/workers/{worker}", body with { email = "fresh@example.jp" }, "\"999\""), HttpStatusCode.PreconditionFailed);
        await Refused(() => ccClient.Put($"/api/workers/{worker}", body with { email = "fresh@example.jp", conciergeId = cs }, etag), HttpStatusCode.BadRequest);

        var email = $"fixed-{Guid.NewGuid():N}@example.jp";
        var updated = await ApiClient.Expect(await ccClient.Put($"/api/workers/{worker}", body with { email = email }, etag), HttpStatusCode.OK);
        Assert.Equal(("訂正 花子", email, "pm", other), (updated["name"]!.GetValue<string>(), updated["email"]!.GetValue<string>(),
            updated["jobType"]!.GetValue<string>(), updated["conciergeId"]!.GetValue<string>()));
        Assert.Equal(["PMO", "Scrum"], updated["skills"]!.AsArray().Select(s => s!.GetValue<string>()));
        var audit = await LastAudit("worker", worker);
        Assert.Equal("correct", audit["action"]!.GetValue<string>());
        Assert.Contains($"conciergeId: {cc} → {other}", audit["summary"]!.GetValue<string>());
        Assert.Contains("skills: [C#] → [PMO, Scrum]", audit["summary"]!.GetValue<string>());

        var loadAfter = await Admin.GetOk("/api/insights/rep-load");
        Assert.Equal((0, 1), (ActiveWorkers(loadAfter, cc), ActiveWorkers(loadAfter, other)));
        // The open engagement is looked after by the new concierge now; the ended one keeps the concierge it had.
        var byConcierge = await Admin.GetOk($"/api/insights/churn-rates?kind=engagement&by=concierge&from={Ago(150)[..7]}&to={Ago(0)[..7]}");
        var groups = byConcierge["groups"]!.AsArray().ToDictionary(g => g!["key"]!.GetValue<string>(), g => g!["months"]!.AsArray());
        Assert.Equal(1, groups[cc].Sum(m => m!["churned"]!.GetValue<int>()));
        Assert.True(groups.ContainsKey(other), "the open engagement counts for its new concierge");
        Assert.Equal(0, groups[other].Sum(m => m!["churned"]!.GetValue<int>()));
        DerivedFactsCheck.AssertNone(app, "a worker correction");
    }

    [Fact]
    public async Task Moving_a_company_to_another_cs_owner_moves_all_its_terms_in_the_split_by_owner()
    {
        var (cs, _) = await given.Scenario.Member("cs");
        var (other, _) = await given.Scenario.Member("cs");
        var company = await given.Company(cs, Ago(500), "株式会社担当替え");
        await given.Churn(company, Ago(300), "budget");
        await given.Reactivate(company, Ago(200));
        async Task<Dictionary<string, JsonArray>> ByOwner() =>
            (await Admin.GetOk($"/api/insights/churn-rates?kind=company&by=csOwner&from={Ago(400)[..7]}&to={Ago(0)[..7]}"))["groups"]!.AsArray()
                .ToDictionary(g => g!["key"]!.GetValue<string>(), g => g!["months"]!.AsArray());
        var before = await ByOwner();
        Assert.Equal(1, before[cs].Sum(m => m!["churned"]!.GetValue<int>()));
        Assert.False(before.ContainsKey(other));

        var etag = await ETag(Admin, $"/api/companies/{company}");
        var body = new
        {
            name = "株式会社担当替え", industry = "SaaS", employeeCount = 120, monthlyFee = 100_000, csOwnerId = other, signedOn = Ago(150),
            purposes = new[] { "know_how" },
        };
        // The current term cannot be moved back over the churned one: two terms would stand on the same days.
        var overlap = await Refused(() => Admin.Put($"/api/companies/{company}", body with { signedOn = Ago(350) }, etag), HttpStatusCode.BadRequest);
        Assert.True(overlap["errors"]!.AsObject().ContainsKey("signedOn"));
        await ApiClient.Expect(await Admin.Put($"/api/companies/{company}", body, etag), HttpStatusCode.OK);

        // The churned term and the current one are both counted under the company's owner now, the current one from its corrected signing day.
        var after = await ByOwner();
        Assert.False(after.ContainsKey(cs), "the former owner keeps none of the company's terms");
        Assert.Equal(1, after[other].Sum(m => m!["churned"]!.GetValue<int>()));
        static string MonthAfter(string day) =>
            DateOnly.ParseExact(day, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).AddMonths(1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        int ActiveAtStart(string month) => after[other].Single(m => m!["month"]!.GetValue<string>() == month)["activeAtStart"]!.GetValue<int>();
        Assert.Equal((0, 1), (ActiveAtStart(MonthAfter(Ago(200))), ActiveAtStart(MonthAfter(Ago(150)))));
        // The churned term was signed before the period (and its rolling months): it is active at the start of the months before its churn.
        Assert.Equal(1, ActiveAtStart(MonthAfter(Ago(380))));
        DerivedFactsCheck.AssertNone(app, "a company moved to another owner");
    }

    [Fact]
    public async Task Correcting_an_engagements_terms_moves_its_tenure_and_job_type_and_refuses_a_start_after_its_end()
    {
        var (cs, csClient) = await given.Scenario.Member("cs");
        var (cc, _) = await given.Scenario.Member("cc");
        var company = await given.Company(cs, Ago(300), "株式会社条件訂正");
        var engagement = await given.Running(company, cs, cc, Ago(200));
        await given.End(engagement, Ago(100), "skill_mismatch");
        var churn = await EngagementChurn(company);
        Assert.Equal((100, "engineer"), (churn["tenureDays"]!.GetValue<int>(), churn["jobType"]!.GetValue<string>()));

        var etag = await ETag(csClient, $"/api/engagements/{engagement}");
        var body = new { title = "データ分析", jobType = "data", startOn = Ago(99), monthlyHours = 20, monthlyFee = 200_000 };
        var error = await Refused(() => csClient.Put($"/api/engagements/{engagement}", body, etag), HttpStatusCode.BadRequest);
        Assert.True(error["errors"]!.AsObject().ContainsKey("startOn"));
        await Refused(() => csClient.Put($"/api/engagements/{engagement}", body with { startOn = Ago(250), monthlyHours = 0 }, etag), HttpStatusCode.BadRequest);

        var updated = await ApiClient.Expect(await csClient.Put($"/api/engagements/{engagement}", body with { startOn = Ago(250) }, etag), HttpStatusCode.OK);
        Assert.Equal(("データ分析", "data", 20), (updated["title"]!.GetValue<string>(), updated["jobType"]!.GetValue<string>(), updated["monthlyHours"]!.GetValue<int>()));
        churn = await EngagementChurn(company);
        Assert.Equal((150, "data"), (churn["tenureDays"]!.GetValue<int>(), churn["jobType"]!.GetValue<string>()));
        var byJob = await Admin.GetOk($"/api/insights/churn-rates?kind=engagement&by=jobType&from={Ago(100)[..7]}&to={Ago(100)[..7]}");
        Assert.Contains(byJob["groups"]!.AsArray(), g => g!["key"]!.GetValue<string>() == "data" && g["months"]!.AsArray().Sum(m => m!["churned"]!.GetValue<int>()) >= 1);
        var audit = await LastAudit("engagement", engagement);
        Assert.Equal("correct", audit["action"]!.GetValue<string>());
        Assert.Contains($"startOn: {Ago(200)} → {Ago(250)}", audit["summary"]!.GetValue<string>());
        Assert.Contains("jobType: engineer → data", audit["summary"]!.GetValue<string>());
        DerivedFactsCheck.AssertNone(app, "a terms correction");
    }

    [Fact]
    public async Task Correcting_a_kickoff_moves_the_company_stage_and_its_follow_up_and_keeps_the_first_kickoffs_cs()
    {
        var (cs, csClient) = await given.Scenario.Member("cs");
        var (cc, _) = await given.Scenario.Member("cc");
        var company = await given.Company(cs, Ago(300), "株式会社キックオフ訂正");
        var engagement = await given.Running(company, cs, cc, Ago(100));
        var followUp = (await Admin.GetOk($"/api/engagements/{engagement}"))["followUps"]!.AsArray().Single()!;
        Assert.Equal(InsightGiven.Day(Today.AddDays(-100).AddMonths(1)), followUp["dueOn"]!.GetValue<string>());
        await given.FollowUp(engagement, Ago(20), 4);
        Assert.Equal("active", await Stage(company));

        var body = new { heldOn = Ago(60), csAttendeeId = (string?)null, attendees = new[] { "山田" } };
        var problem = await Refused(() => csClient.Put($"/api/engagements/{engagement}/kickoff", body), (HttpStatusCode)422);
        Assert.Equal(("first_kickoff_requires_cs", "csAttendeeId"), (problem["rule"]!.GetValue<string>(), problem["field"]!.GetValue<string>()));
        await Refused(() => csClient.Put($"/api/engagements/{engagement}/kickoff", body with { heldOn = Ago(10), csAttendeeId = cs }), HttpStatusCode.BadRequest);
        await Refused(() => csClient.Put($"/api/engagements/{engagement}/kickoff", body with { heldOn = Ago(200), csAttendeeId = cs }), HttpStatusCode.BadRequest);

        var updated = await ApiClient.Expect(await csClient.Put($"/api/engagements/{engagement}/kickoff", body with { csAttendeeId = cs, attendees = new[] { "山田", "鈴木" } }), HttpStatusCode.OK);
        Assert.Equal(Ago(60), updated["kickoff"]!["heldOn"]!.GetValue<string>());
        Assert.Equal(["山田", "鈴木"], updated["kickoff"]!["attendees"]!.AsArray().Select(a => a!.GetValue<string>()));
        // Sixty days since the first kickoff is still onboarding.
        Assert.Equal("onboard", await Stage(company));
        Assert.True(await InStageFilter(company, cs, "onboard"));
        Assert.False(await InStageFilter(company, cs, "active"));
        var audit = await LastAudit("kickoff", engagement);
        Assert.Contains($"heldOn: {Ago(100)} → {Ago(60)}", audit["summary"]!.GetValue<string>());
        Assert.Contains("attendees: [山田] → [山田, 鈴木]", audit["summary"]!.GetValue<string>());

        // Moving a company's first kickoff (with CS) after a later one without CS would leave the first without CS.
        var third = await given.Company(cs, Ago(300), "株式会社キックオフ訂正三");
        var withCs = await given.Running(third, cs, cc, Ago(50));
        var withoutCs = await given.Scenario.Engagement(third, await given.Scenario.AvailableWorker(cc), Ago(40));
        await Admin.PostOk($"/api/engagements/{withoutCs}/contract", new { contractedOn = Ago(60) });
        await Admin.PostOk($"/api/engagements/{withoutCs}/kickoff", new { heldOn = Ago(40), attendees = new[] { "佐藤" } });
        var moved = await Refused(() => csClient.Put($"/api/engagements/{withCs}/kickoff", new { heldOn = Ago(30), csAttendeeId = cs, attendees = new[] { "山田" } }), (HttpStatusCode)422);
        Assert.Equal(("first_kickoff_requires_cs", "heldOn"), (moved["rule"]!.GetValue<string>(), moved["field"]!.GetValue<string>()));
        // Recording a kickoff without CS dated before the company's first is refused the same way.
        var early = await given.Scenario.Engagement(third, await given.Scenario.AvailableWorker(cc), Ago(70));
        await Admin.PostOk($"/api/engagements/{early}/contract", new { contractedOn = Ago(80) });
        var recorded = await Refused(() => csClient.Post($"/api/engagements/{early}/kickoff", new { heldOn = Ago(70), attendees = new[] { "佐藤" } }), (HttpStatusCode)422);
        Assert.Equal("csAttendeeId", recorded["field"]!.GetValue<string>());
        await Refused(() => csClient.Put($"/api/engagements/{withCs}/kickoff", new { heldOn = "9999-12-31", csAttendeeId = cs, attendees = Array.Empty<string>() }), HttpStatusCode.BadRequest);

        // A kickoff still waiting for its follow-up takes the follow-up along.
        var other = await given.Company(cs, Ago(300), "株式会社キックオフ訂正二");
        var waiting = await given.Running(other, cs, cc, Ago(40));
        await ApiClient.Expect(await csClient.Put($"/api/engagements/{waiting}/kickoff", new { heldOn = Ago(35), csAttendeeId = cs, attendees = Array.Empty<string>() }), HttpStatusCode.OK);
        var due = (await Admin.GetOk($"/api/engagements/{waiting}"))["followUps"]!.AsArray().Single()!["dueOn"]!.GetValue<string>();
        Assert.Equal(InsightGiven.Day(Today.AddDays(-35).AddMonths(1)), due);
        DerivedFactsCheck.AssertNone(app, "kickoff corrections");
    }

    [Fact]
    public async Task Correcting_a_follow_up_moves_the_stage_and_the_low_satisfaction_signal()
    {
        var (cs, csClient) = await given.Scenario.Member("cs");
        var (cc, _) = await given.Scenario.Member("cc");
        var company = await given.Company(cs, Ago(300), "株式会社面談訂正");
        var engagement = await given.Running(company, cs, cc, Ago(120));
        var followUp = (await Admin.PostCreated($"/api/engagements/{engagement}/follow-ups", new { heldOn = Ago(90), companySatisfaction = 4, workerEvaluation = 4 }))["id"]!.GetValue<string>();
        Assert.Equal("active", await Stage(company));
        Assert.DoesNotContain("low_satisfaction", await Signals(company));

        var body = new { heldOn = Ago(130), companySatisfaction = 1, workerEvaluation = 2, workerSatisfaction = (int?)3, note = "訂正" };
        var error = await Refused(() => csClient.Put($"/api/follow-ups/{followUp}", body), HttpStatusCode.BadRequest);
        Assert.True(error["errors"]!.AsObject().ContainsKey("heldOn"));
        await Refused(() => csClient.Put($"/api/follow-ups/{followUp}", body with { heldOn = Ago(88), companySatisfaction = 6 }), HttpStatusCode.BadRequest);
        var pending = (await Admin.GetOk($"/api/engagements/{await given.Running(company, cs, cc, Ago(5))}"))["followUps"]!.AsArray().Single()!["id"]!.GetValue<string>();
        await Refused(() => csClient.Put($"/api/follow-ups/{pending}", body with { heldOn = Ago(1) }), HttpStatusCode.Conflict);
        await Refused(() => csClient.Put($"/api/follow-ups/{Guid.NewGuid()}", body with { heldOn = Ago(1) }), HttpStatusCode.NotFound);

        var updated = await ApiClient.Expect(await csClient.Put($"/api/follow-ups/{followUp}", body with { heldOn = Ago(88) }), HttpStatusCode.OK);
        Assert.Equal((Ago(88), 1, 3), (updated["heldOn"]!.GetValue<string>(), updated["companySatisfaction"]!.GetValue<int>(), updated["workerSatisfaction"]!.GetValue<int>()));
        Assert.Equal("onboard", await Stage(company));
        Assert.Contains("low_satisfaction", await Signals(company));
        var audit = await LastAudit("follow_up", followUp);
        Assert.Contains("companySatisfaction: 4 → 1", audit["summary"]!.GetValue<string>());
        DerivedFactsCheck.AssertNone(app, "a follow-up correction");
    }

    [Fact]
    public async Task Correcting_an_end_moves_its_negative_tag_reasons_and_tenure()
    {
        var (cs, csClient) = await given.Scenario.Member("cs");
        var (cc, _) = await given.Scenario.Member("cc");
        var company = await given.Company(cs, Ago(300), "株式会社終了訂正");
        var engagement = await given.Running(company, cs, cc, Ago(120));
        await given.FollowUp(engagement, Ago(90), 4);
        await given.Running(company, cs, cc, Ago(110));
        await given.End(engagement, Ago(40), "budget");
        Assert.DoesNotContain("negative_engagement_churn", await Signals(company));
        int Count(JsonNode reasons, string code) => reasons["reasons"]!.AsArray().Where(r => r!["code"]!.GetValue<string>() == code).Sum(r => r!["count"]!.GetValue<int>());
        var reasonsUrl = $"/api/insights/reasons?kind=engagement&from={Ago(60)[..7]}&to={Ago(0)[..7]}";
        var before = await Admin.GetOk(reasonsUrl);

        var body = new { endedOn = Ago(95), initiatedBy = "company", reasons = new[] { "communication" }, note = "訂正" };
        var error = await Refused(() => csClient.Put($"/api/engagements/{engagement}/end", body), HttpStatusCode.BadRequest);
        Assert.True(error["errors"]!.AsObject().ContainsKey("endedOn"));
        error = await Refused(() => csClient.Put($"/api/engagements/{engagement}/end", body with { endedOn = Ago(30), reasons = new[] { "low_utilization" } }), HttpStatusCode.BadRequest);
        Assert.True(error["errors"]!.AsObject().ContainsKey("reasons"));

        var record = await ApiClient.Expect(await csClient.Put($"/api/engagements/{engagement}/end", body with { endedOn = Ago(30) }), HttpStatusCode.OK);
        Assert.Equal((Ago(30), true, 90), (record["endedOn"]!.GetValue<string>(), record["negative"]!.GetValue<bool>(), record["tenureDays"]!.GetValue<int>()));
        Assert.Contains("negative_engagement_churn", await Signals(company));
        var after = await Admin.GetOk(reasonsUrl);
        Assert.Equal((Count(before, "budget") - 1, Count(before, "communication") + 1), (Count(after, "budget"), Count(after, "communication")));
        Assert.Equal(after["negativeChurns"]!.GetValue<int>(), before["negativeChurns"]!.GetValue<int>() + 1);
        var churn = await EngagementChurn(company);
        Assert.Equal((90, true), (churn["tenureDays"]!.GetValue<int>(), churn["negative"]!.GetValue<bool>()));
        var audit = await LastAudit("engagement_churn", record["id"]!.GetValue<string>());
        Assert.Contains("reasons: [budget] → [communication]", audit["summary"]!.GetValue<string>());
        Assert.Contains($"endedOn: {Ago(40)} → {Ago(30)}", audit["summary"]!.GetValue<string>());
        DerivedFactsCheck.AssertNone(app, "an end correction");
    }

    [Fact]
    public async Task Correcting_a_company_churn_moves_its_month_reasons_and_the_ends_it_made()
    {
        var (cs, csClient) = await given.Scenario.Member("cs");
        var (cc, _) = await given.Scenario.Member("cc");
        var company = await given.Company(cs, Ago(400), "株式会社解約訂正");
        var engagement = await given.Running(company, cs, cc, Ago(300));
        await given.FollowUp(engagement, Ago(250), 3);
        var created = await Admin.PostCreated($"/api/companies/{company}/churn", new { churnedOn = Ago(60), reasons = new[] { "budget" }, endActiveEngagements = true });
        var churn = created["id"]!.GetValue<string>();
        await given.Reactivate(company, Ago(20));
        JsonNode Record(JsonNode list) => list["items"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == churn)!;
        Assert.False(Record(await Admin.GetOk($"/api/churn/companies?companyId={company}"))["negative"]!.GetValue<bool>());

        var body = new { churnedOn = Ago(401), reasons = new[] { "low_utilization" }, note = "訂正" };
        await Refused(() => csClient.Put($"/api/company-churns/{churn}", body), HttpStatusCode.BadRequest);
        await Refused(() => csClient.Put($"/api/company-churns/{churn}", body with { churnedOn = Ago(10) }), HttpStatusCode.BadRequest);
        Assert.Contains(Ago(20), (await ApiClient.FieldError(await csClient.Put($"/api/company-churns/{churn}", body with { churnedOn = Ago(10) }), "churnedOn")));
        await Refused(() => csClient.Put($"/api/company-churns/{churn}", body with { churnedOn = Ago(251) }), HttpStatusCode.BadRequest);
        await Refused(() => csClient.Put($"/api/company-churns/{churn}", body with { churnedOn = Ago(50), reasons = new[] { "project_completed" } }), HttpStatusCode.BadRequest);

        var record = await ApiClient.Expect(await csClient.Put($"/api/company-churns/{churn}", body with { churnedOn = Ago(100) }), HttpStatusCode.OK);
        Assert.Equal((Ago(100), true, 300), (record["churnedOn"]!.GetValue<string>(), record["negative"]!.GetValue<bool>(), record["tenureDays"]!.GetValue<int>()));
        var listed = Record(await Admin.GetOk($"/api/churn/companies?companyId={company}"));
        Assert.Equal((Ago(100), true, 300), (listed["churnedOn"]!.GetValue<string>(), listed["negative"]!.GetValue<bool>(), listed["tenureDays"]!.GetValue<int>()));
        // The engagement it ended ends on the corrected day.
        var end = await EngagementChurn(company);
        Assert.Equal((Ago(100), 200), (end["endedOn"]!.GetValue<string>(), end["tenureDays"]!.GetValue<int>()));
        var reasons = await Admin.GetOk($"/api/insights/reasons?kind=company&from={Ago(100)[..7]}&to={Ago(100)[..7]}");
        Assert.Contains(reasons["reasons"]!.AsArray(), r => r!["code"]!.GetValue<string>() == "low_utilization" && r["count"]!.GetValue<int>() >= 1);
        var audit = await LastAudit("company_churn", churn);
        Assert.Contains($"churnedOn: {Ago(60)} → {Ago(100)}", audit["summary"]!.GetValue<string>());
        DerivedFactsCheck.AssertNone(app, "a company churn correction");
    }

    [Fact]
    public async Task An_end_made_by_a_company_churn_keeps_the_churns_day()
    {
        var (cs, csClient) = await given.Scenario.Member("cs");
        var (cc, _) = await given.Scenario.Member("cc");
        var company = await given.Company(cs, Ago(400), "株式会社連動");
        var engagement = await given.Running(company, cs, cc, Ago(300));
        var endedBefore = await given.Running(company, cs, cc, Ago(250));
        await given.End(endedBefore, Ago(100), "project_completed");
        var churn = (await Admin.PostCreated($"/api/companies/{company}/churn", new { churnedOn = Ago(60), reasons = new[] { "budget" }, endActiveEngagements = true }))["id"]!.GetValue<string>();
        // The term's ends and its churn stay in order: an end by the churn's day, the churn after every end.
        Assert.Contains(Ago(60), await ApiClient.FieldError(await csClient.Put($"/api/engagements/{endedBefore}/end",
            new { endedOn = Ago(50), initiatedBy = "company", reasons = new[] { "budget" } }), "endedOn"));
        Assert.Contains(Ago(100), await ApiClient.FieldError(await csClient.Put($"/api/company-churns/{churn}",
            new { churnedOn = Ago(110), reasons = new[] { "budget" } }), "churnedOn"));
        var problem = await Refused(() => csClient.Put($"/api/engagements/{engagement}/end",
            new { endedOn = Ago(70), initiatedBy = "company", reasons = new[] { "company_churn" } }), (HttpStatusCode)422);
        Assert.Equal(("ended_with_company_churn", "endedOn"), (problem["rule"]!.GetValue<string>(), problem["field"]!.GetValue<string>()));
        await ApiClient.Expect(await csClient.Put($"/api/engagements/{engagement}/end",
            new { endedOn = Ago(60), initiatedBy = "mutual", reasons = new[] { "company_churn", "communication" } }), HttpStatusCode.OK);
        var churns = (await Admin.GetOk($"/api/churn/engagements?companyId={company}"))["items"]!.AsArray();
        Assert.True(churns.Single(c => c!["engagementId"]!.GetValue<string>() == engagement)!["negative"]!.GetValue<bool>());
        Assert.Contains("initiatedBy: company → mutual", (await LastAudit("engagement_churn", churns.Single(c => c!["engagementId"]!.GetValue<string>() == engagement)!["id"]!.GetValue<string>()))["summary"]!.GetValue<string>());
        DerivedFactsCheck.AssertNone(app, "an end correction of an end made by a company churn");
    }
}
