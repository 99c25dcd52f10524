using System.Text.Json.Nodes;
using System.Net;
using Marketplace.Tests.Infrastructure;
using static Marketplace.Tests.Infrastructure.ApiClient;

namespace Marketplace.Tests.Api;

public class EngagementsApiTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly Scenario given = new(app);

    [Fact]
    public async Task The_whole_lifecycle_moves_the_worker_automatically_and_records_it()
    {
        var (cs, csClient) = await given.Member("cs");
        var (cc, _) = await given.Member("cc");
        var company = await given.Company(cs);
        var worker = await given.AvailableWorker(cc);

        var proposed = await csClient.PostCreated("/api/engagements", new { companyId = company, workerId = worker, title = "採用広報", jobType = "hr", startOn = "2026-04-01", monthlyHours = 30, monthlyFee = 200_000 });
        var id = proposed["id"]!.GetValue<string>();
        Assert.Equal("proposed", proposed["status"]!.GetValue<string>());
        Assert.Equal("contracted", (await csClient.PostOk($"/api/engagements/{id}/contract", new { contractedOn = "2026-03-20" }))["status"]!.GetValue<string>());

        var before = given.Snapshot();
        var refused = await Problem(await csClient.Post($"/api/engagements/{id}/kickoff", new { heldOn = "2026-04-01", csAttendeeId = (string?)null, attendees = new[] { "人事部長" } }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("first_kickoff_requires_cs", refused["rule"]!.GetValue<string>());
        Assert.Equal(before, given.Snapshot());

        var active = await csClient.PostOk($"/api/engagements/{id}/kickoff", new { heldOn = "2026-04-01", csAttendeeId = cs, attendees = new[] { "人事部長" } });
        Assert.Equal("active", active["status"]!.GetValue<string>());
        Assert.Equal(cs, active["kickoff"]!["csAttendeeId"]!.GetValue<string>());
        Assert.Equal(["人事部長"], active["kickoff"]!["attendees"]!.AsArray().Select(a => a!.GetValue<string>()));
        var scheduled = Assert.Single(active["followUps"]!.AsArray())!;
        Assert.Equal("2026-05-01", scheduled["dueOn"]!.GetValue<string>());
        Assert.Null(scheduled["heldOn"]);

        var held = await csClient.PostCreated($"/api/engagements/{id}/follow-ups", new { heldOn = "2026-05-02", companySatisfaction = 2, workerEvaluation = 4, note = "進捗共有が少ない" });
        Assert.Equal(scheduled["id"]!.GetValue<string>(), held["id"]!.GetValue<string>());
        Assert.Equal("2026-05-01", held["dueOn"]!.GetValue<string>());

        var churn = await csClient.PostCreated($"/api/engagements/{id}/end", new { endedOn = "2026-07-15", initiatedBy = "company", reasons = new[] { "progress_invisible", "communication" }, note = "進捗が見えない" });
        Assert.True(churn["negative"]!.GetValue<bool>());
        Assert.Equal(105, churn["tenureDays"]!.GetValue<int>());
        Assert.Equal("company", churn["initiatedBy"]!.GetValue<string>());

        var history = (await given.Admin.GetOk($"/api/workers/{worker}/history")).AsArray();
        Assert.Equal(["registered", "screening", "available", "proposed", "active", "available"], history.Select(h => h!["to"]!.GetValue<string>()));
        Assert.Equal(id, history[4]!["engagementId"]!.GetValue<string>());
        Assert.Equal(id, history[5]!["engagementId"]!.GetValue<string>());
        Assert.Equal(cs, history[4]!["by"]!.GetValue<string>());

        var ended = await given.Admin.GetOk($"/api/engagements/{id}");
        Assert.Equal("ended", ended["status"]!.GetValue<string>());
        Assert.Equal("2026-07-15", ended["endedOn"]!.GetValue<string>());
        Assert.True(ended["churn"]!["negative"]!.GetValue<bool>());
        await Problem(await csClient.Post($"/api/engagements/{id}/end", new { endedOn = "2026-07-16", initiatedBy = "worker", reasons = new[] { "budget" } }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Only_the_first_kickoff_of_a_company_needs_cs()
    {
        var (company, _, _, _, cc) = await given.ActiveEngagement();
        var second = await given.Engagement(company, await given.AvailableWorker(cc), "2026-05-01");
        await given.Admin.PostOk($"/api/engagements/{second}/contract", new { contractedOn = "2026-04-20" });
        var started = await given.Admin.PostOk($"/api/engagements/{second}/kickoff", new { heldOn = "2026-05-01", attendees = Array.Empty<string>() });
        Assert.Equal("active", started["status"]!.GetValue<string>());
        Assert.Null(started["kickoff"]!["csAttendeeId"]);
    }

    [Fact]
    public async Task A_cs_attendee_must_be_a_cs_member()
    {
        var (cs, _) = await given.Member("cs");
        var (cc, _) = await given.Member("cc");
        var engagement = await given.Engagement(await given.Company(cs), await given.AvailableWorker(cc));
        await given.Admin.PostOk($"/api/engagements/{engagement}/contract", new { contractedOn = "2026-01-20" });
        var before = given.Snapshot();
        var problem = await Problem(await given.Admin.Post($"/api/engagements/{engagement}/kickoff", new { heldOn = "2026-02-01", csAttendeeId = cc }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("cs_attendee_team", problem["rule"]!.GetValue<string>());
        await FieldError(await given.Admin.Post($"/api/engagements/{engagement}/kickoff", new { heldOn = "2026-02-01", csAttendeeId = Guid.NewGuid() }), "csAttendeeId");
        await FieldError(await given.Admin.Post($"/api/engagements/{engagement}/kickoff", new { heldOn = "2026-01-01", csAttendeeId = cs }), "heldOn");
        Assert.Equal(before, given.Snapshot());
    }

    [Fact]
    public async Task Status_moves_out_of_order_are_conflicts()
    {
        var (cs, _) = await given.Member("cs");
        var (cc, _) = await given.Member("cc");
        var engagement = await given.Engagement(await given.Company(cs), await given.AvailableWorker(cc));
        var before = given.Snapshot();
        await Problem(await given.Admin.Post($"/api/engagements/{engagement}/kickoff", new { heldOn = "2026-02-01", csAttendeeId = cs }), HttpStatusCode.Conflict);
        await Problem(await given.Admin.Post($"/api/engagements/{engagement}/follow-ups", new { heldOn = "2026-03-01", companySatisfaction = 3, workerEvaluation = 3 }), HttpStatusCode.Conflict);
        await Problem(await given.Admin.Post($"/api/engagements/{engagement}/end", new { endedOn = "2026-03-01", initiatedBy = "mutual", reasons = new[] { "budget" } }), HttpStatusCode.Conflict);
        Assert.Equal(before, given.Snapshot());

        Assert.Equal("declined", (await given.Admin.PostOk($"/api/engagements/{engagement}/decline", new { note = "条件が合わず" }))["status"]!.GetValue<string>());
        await Problem(await given.Admin.Post($"/api/engagements/{engagement}/contract", new { contractedOn = "2026-01-20" }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Proposals_need_real_active_parties_and_valid_fields()
    {
        var (cs, _) = await given.Member("cs");
        var (cc, _) = await given.Member("cc");
        var company = await given.Company(cs);
        var worker = await given.AvailableWorker(cc);
        var before = given.Snapshot();
        object Body(object companyId, object workerId, int hours = 40) => new { companyId, workerId, title = "x", jobType = "pm", startOn = "2026-02-01", monthlyHours = hours, monthlyFee = 1 };
        await FieldError(await given.Admin.Post("/api/engagements", Body(Guid.NewGuid(), worker)), "companyId");
        await FieldError(await given.Admin.Post("/api/engagements", Body(company, Guid.NewGuid())), "workerId");
        await FieldError(await given.Admin.Post("/api/engagements", Body(company, worker, hours: 0)), "monthlyHours");
        var missing = await Problem(await given.Admin.Post("/api/engagements", new { }), HttpStatusCode.BadRequest);
        foreach (var field in new[] { "companyId", "workerId", "title", "jobType", "startOn", "monthlyHours", "monthlyFee" })
            Assert.True(missing["errors"]!.AsObject().ContainsKey(field), field);
        Assert.Equal(before, given.Snapshot());

        await given.Admin.PostOk($"/api/workers/{worker}/status", new { status = "left" });
        await Problem(await given.Admin.Post("/api/engagements", Body(company, worker)), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_kickoff_checklist_keeps_its_ticks()
    {
        var (_, _, engagement, _, _) = await given.ActiveEngagement();
        var url = $"/api/engagements/{engagement}/kickoff/checklist";
        var before = given.Snapshot();
        Assert.Contains("not a checklist item", await FieldError(await given.Admin.Put(url, new { items = new object[] { new { key = "parties", done = true }, new { key = "bogus", done = true } } }), "items[1].key"));
        await FieldError(await given.Admin.Put(url, new { items = new object[] { new { key = "parties", done = true }, new { key = "parties", done = false } } }), "items");
        await FieldError(await given.Admin.Put(url, new { }), "items");
        Assert.Equal(before, given.Snapshot());

        await Expect(await given.Admin.Put(url, new { items = new object[] { new { key = "parties", done = true }, new { key = "tool_access", done = true } } }), HttpStatusCode.OK);
        var list = await Expect(await given.Admin.Put(url, new { items = new object[] { new { key = "tool_access", done = false }, new { key = "prevent_skill_mismatch", done = true } } }), HttpStatusCode.OK);
        var done = list.AsArray().Where(i => i!["done"]!.GetValue<bool>()).Select(i => i!["key"]!.GetValue<string>());
        Assert.Equal(["parties", "prevent_skill_mismatch"], done);
        var stored = await given.Admin.GetOk($"/api/engagements/{engagement}");
        Assert.Equal(12, stored["checklist"]!.AsArray().Count);
        Assert.Equal(["parties", "prevent_skill_mismatch"], stored["checklist"]!.AsArray().Where(i => i!["done"]!.GetValue<bool>()).Select(i => i!["key"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Ending_validates_reasons_and_dates()
    {
        var (_, _, engagement, _, _) = await given.ActiveEngagement();
        var url = $"/api/engagements/{engagement}/end";
        var before = given.Snapshot();
        Assert.Contains("does not apply", await FieldError(await given.Admin.Post(url, new { endedOn = "2026-05-01", initiatedBy = "company", reasons = new[] { "low_utilization" } }), "reasons"));
        await FieldError(await given.Admin.Post(url, new { endedOn = "2026-01-15", initiatedBy = "company", reasons = new[] { "budget" } }), "endedOn");
        Assert.Contains("company, worker, mutual", await FieldError(await given.Admin.Post(url, new { endedOn = "2026-05-01", initiatedBy = "nobody", reasons = new[] { "budget" } }), "initiatedBy"));
        await FieldError(await given.Admin.Post(url, new { endedOn = "2026-05-01", initiatedBy = "worker" }), "reasons");
        Assert.Equal(before, given.Snapshot());

        var churn = await given.Admin.PostCreated(url, new { endedOn = "2026-05-01", initiatedBy = "worker", reasons = new[] { "worker_main_job" } });
        Assert.False(churn["negative"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Due_and_overdue_follow_ups_are_listed_per_cs_owner()
    {
        var (_, _, engagement, cs, _) = await given.ActiveEngagement(heldOn: "2026-02-01");
        var early = await given.Admin.GetOk($"/api/follow-ups?csOwnerId={cs}&asOf=2026-02-20");
        Assert.Equal(0, early["total"]!.GetValue<int>());
        var due = Assert.Single((await given.Admin.GetOk($"/api/follow-ups?csOwnerId={cs}&asOf=2026-02-25"))["items"]!.AsArray())!;
        Assert.Equal("due", due["state"]!.GetValue<string>());
        Assert.Equal(engagement, due["engagementId"]!.GetValue<string>());
        var overdue = Assert.Single((await given.Admin.GetOk($"/api/follow-ups?csOwnerId={cs}&asOf=2026-03-11"))["items"]!.AsArray())!;
        Assert.Equal("overdue", overdue["state"]!.GetValue<string>());
        Assert.Equal(10, overdue["daysOverdue"]!.GetValue<int>());

        await given.Admin.PostCreated($"/api/engagements/{engagement}/follow-ups", new { heldOn = "2026-03-11", companySatisfaction = 5, workerEvaluation = 5 });
        Assert.Equal(0, (await given.Admin.GetOk($"/api/follow-ups?csOwnerId={cs}&asOf=2026-03-11"))["total"]!.GetValue<int>());
        await FieldError(await given.Admin.Post($"/api/engagements/{engagement}/follow-ups", new { heldOn = "2026-03-12", companySatisfaction = 6, workerEvaluation = 0 }), "companySatisfaction");
    }

    [Fact]
    public async Task Ending_an_engagement_cancels_its_pending_follow_up_which_is_then_neither_due_nor_a_risk()
    {
        var (company, _, engagement, cs, _) = await given.ActiveEngagement(heldOn: "2026-02-01");
        static bool Overdue(JsonNode risk, string company) => risk["companies"]!.AsArray()
            .Any(c => c!["companyId"]!.GetValue<string>() == company && c["signals"]!.AsArray().Any(s => s!.GetValue<string>() == "overdue_follow_up"));
        Assert.True(Overdue(await given.Admin.GetOk("/api/insights/churn-risk?asOf=2026-03-11"), company));
        Assert.Equal(1, (await given.Admin.GetOk($"/api/follow-ups?csOwnerId={cs}&asOf=2026-03-11"))["total"]!.GetValue<int>());

        await given.Admin.PostCreated($"/api/engagements/{engagement}/end", new { endedOn = "2026-03-05", initiatedBy = "company", reasons = new[] { "budget" } });

        var followUp = Assert.Single((await given.Admin.GetOk($"/api/engagements/{engagement}"))["followUps"]!.AsArray())!;
        Assert.Equal("2026-03-01", followUp["dueOn"]!.GetValue<string>());
        Assert.Null(followUp["heldOn"]);
        Assert.Equal("2026-03-05", followUp["cancelledOn"]!.GetValue<string>());
        Assert.Equal(0, (await given.Admin.GetOk($"/api/follow-ups?csOwnerId={cs}&asOf=2026-03-11"))["total"]!.GetValue<int>());
        Assert.False(Overdue(await given.Admin.GetOk("/api/insights/churn-risk?asOf=2026-03-11"), company));
    }

    [Fact]
    public async Task Lists_filter_by_company_worker_and_status()
    {
        var (company, worker, engagement, _, _) = await given.ActiveEngagement();
        var byCompany = await given.Admin.GetOk($"/api/engagements?companyId={company}");
        Assert.Equal(engagement, Assert.Single(byCompany["items"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal(1, (await given.Admin.GetOk($"/api/engagements?workerId={worker}&status=active"))["total"]!.GetValue<int>());
        Assert.Equal(0, (await given.Admin.GetOk($"/api/engagements?workerId={worker}&status=ended"))["total"]!.GetValue<int>());
        await FieldError(await given.Admin.Get("/api/engagements?status=paused"), "status");
    }

    [Fact]
    public async Task The_reason_catalog_lists_every_seeded_reason()
    {
        var reasons = (await given.Admin.GetOk("/api/churn-reasons")).AsArray();
        Assert.Equal(11, reasons.Count);
        var skill = Assert.Single(reasons, r => r!["code"]!.GetValue<string>() == "skill_mismatch")!;
        Assert.Equal("スキルミスマッチ", skill["labelJa"]!.GetValue<string>());
        Assert.True(skill["negative"]!.GetValue<bool>());
        Assert.Equal("both", skill["appliesTo"]!.GetValue<string>());
        Assert.Equal("company", Assert.Single(reasons, r => r!["code"]!.GetValue<string>() == "low_utilization")!["appliesTo"]!.GetValue<string>());
    }
}

public class WorkerFollowsEngagementsTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly Scenario given = new(app);

    private async Task<string> Status(string worker) => (await given.Admin.GetOk($"/api/workers/{worker}"))["status"]!.GetValue<string>();

    [Fact]
    public async Task Unscreened_paused_and_departed_workers_cannot_be_proposed()
    {
        var (cs, _) = await given.Member("cs");
        var (cc, _) = await given.Member("cc");
        var company = await given.Company(cs);
        var registered = await given.Worker(cc);
        var before = given.Snapshot();
        var problem = await ApiClient.Problem(await given.Admin.Post("/api/engagements", new { companyId = company, workerId = registered, title = "x", jobType = "pm", startOn = "2026-02-01", monthlyHours = 10, monthlyFee = 1 }), System.Net.HttpStatusCode.Conflict);
        Assert.Equal("registered", problem["workerStatus"]!.GetValue<string>());
        Assert.Equal(before, given.Snapshot());
    }

    [Fact]
    public async Task Proposing_marks_the_worker_proposed_and_declining_frees_them()
    {
        var (cs, _) = await given.Member("cs");
        var (cc, _) = await given.Member("cc");
        var worker = await given.AvailableWorker(cc);
        var engagement = await given.Engagement(await given.Company(cs), worker);
        Assert.Equal("proposed", await Status(worker));
        await given.Admin.PostOk($"/api/engagements/{engagement}/decline", new { note = "見送り" });
        Assert.Equal("available", await Status(worker));
        var history = (await given.Admin.GetOk($"/api/workers/{worker}/history")).AsArray();
        Assert.Equal(["registered", "screening", "available", "proposed", "available"], history.Select(h => h!["to"]!.GetValue<string>()));
        Assert.All(history.Skip(3), h => Assert.Equal(engagement, h!["engagementId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_working_worker_stays_active_through_a_second_proposal_and_its_decline()
    {
        var (company, worker, _, _, _) = await given.ActiveEngagement();
        var second = await given.Engagement(company, worker, "2026-06-01");
        Assert.Equal("active", await Status(worker));
        await given.Admin.PostOk($"/api/engagements/{second}/decline", new { });
        Assert.Equal("active", await Status(worker));
    }

    [Fact]
    public async Task Ending_the_running_engagement_while_another_is_contracted_leaves_the_worker_proposed()
    {
        var (company, worker, first, _, _) = await given.ActiveEngagement();
        var next = await given.Engagement(company, worker, "2026-09-01");
        await given.Admin.PostOk($"/api/engagements/{next}/contract", new { contractedOn = "2026-08-01" });
        await given.Admin.PostCreated($"/api/engagements/{first}/end", new { endedOn = "2026-08-31", initiatedBy = "mutual", reasons = new[] { "project_completed" } });
        Assert.Equal("proposed", await Status(worker));
        // The contracted one falls through before it starts: nothing is open any more.
        await given.Admin.PostCreated($"/api/engagements/{next}/end", new { endedOn = "2026-08-31", initiatedBy = "worker", reasons = new[] { "worker_main_job" } });
        Assert.Equal("available", await Status(worker));
    }

    [Fact]
    public async Task The_engagement_list_carries_the_follow_up_due_until_it_is_held()
    {
        var (company, _, engagement, _, _) = await given.ActiveEngagement(heldOn: "2026-02-01");
        async Task<JsonNode> Listed() => Assert.Single((await given.Admin.GetOk($"/api/engagements?companyId={company}"))["items"]!.AsArray())!;

        // One month after the kickoff, as scheduled; the list still leaves the follow-ups themselves out.
        var listed = await Listed();
        Assert.Equal("2026-03-01", listed["followUpDueOn"]!.GetValue<string>());
        Assert.Empty(listed["followUps"]!.AsArray());
        Assert.Equal("2026-03-01", (await given.Admin.GetOk($"/api/engagements/{engagement}"))["followUpDueOn"]!.GetValue<string>());

        await given.Admin.PostCreated($"/api/engagements/{engagement}/follow-ups", new { heldOn = "2026-03-02", companySatisfaction = 4, workerEvaluation = 4 });
        Assert.Null((await Listed())["followUpDueOn"]);
    }

    [Fact]
    public async Task The_engagement_list_filters_by_the_companys_cs_owner_and_the_latest_start()
    {
        var (cs, _) = await given.Member("cs");
        var (other, _) = await given.Member("cs");
        var (cc, _) = await given.Member("cc");
        var mine = await given.Company(cs);
        var early = await given.Engagement(mine, await given.AvailableWorker(cc), "2026-02-01");
        var late = await given.Engagement(mine, await given.AvailableWorker(cc), "2026-03-01");
        await given.Engagement(await given.Company(other), await given.AvailableWorker(cc), "2026-02-01");

        var owned = await given.Admin.GetOk($"/api/engagements?csOwnerId={cs}");
        Assert.Equal(2, owned["total"]!.GetValue<int>());
        Assert.Equal([late, early], owned["items"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()));
        var startingByFebruary = await given.Admin.GetOk($"/api/engagements?csOwnerId={cs}&startsBy=2026-02-28");
        Assert.Equal(early, Assert.Single(startingByFebruary["items"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal(1, startingByFebruary["total"]!.GetValue<int>());
        await ApiClient.FieldError(await given.Admin.Http.GetAsync("/api/engagements?startsBy=0001-01-01"), "startsBy");
    }
}
