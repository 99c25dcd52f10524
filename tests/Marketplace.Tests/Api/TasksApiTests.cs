using System.Net;
using System.Text.Json.Nodes;
using Marketplace.Core.Events;
using Marketplace.Core.Features.Playbooks;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Marketplace.Tests.Infrastructure.ApiClient;

namespace Marketplace.Tests.Api;

public class TasksApiTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly InsightGiven given = new(app);
    private ApiClient Admin => given.Admin;
    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd");
    private static readonly DateOnly Today = BusinessDay.Today;

    private async Task<JsonArray> Tasks(string query) => (await Admin.GetOk($"/api/tasks?pageSize=200&{query}"))["items"]!.AsArray();

    [Fact]
    public async Task A_task_is_written_rescheduled_completed_and_reopened()
    {
        var (cs, csClient) = await given.Scenario.Member("cs");
        var company = await given.Company(cs, "2025-01-10", $"タスクの会社{Guid.NewGuid():N}"[..12]);
        var created = await Expect(await csClient.Post("/api/tasks", new { title = "契約更新の確認", dueOn = Day(Today.AddDays(3)), assigneeId = cs, companyId = company, note = "先方の担当者へ" }), HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        Assert.Equal("open", created["status"]!.GetValue<string>());
        Assert.Null(created["rule"]);

        var read = await csClient.Get($"/api/tasks/{id}");
        await Problem(await csClient.Put($"/api/tasks/{id}", new { title = "契約更新の確認", dueOn = Day(Today), assigneeId = cs }), HttpStatusCode.PreconditionRequired);
        var moved = await Expect(await csClient.Put($"/api/tasks/{id}", new { title = "契約更新の確認", dueOn = Day(Today), assigneeId = cs, companyId = company }, read.Headers.ETag!.Tag), HttpStatusCode.OK);
        Assert.Equal(Day(Today), moved["dueOn"]!.GetValue<string>());
        Assert.Contains(await Tasks($"assigneeId={cs}&due=today"), t => t!["id"]!.GetValue<string>() == id);

        var done = await csClient.PostOk($"/api/tasks/{id}/complete", new { note = "更新の意向あり" });
        Assert.Equal("done", done["status"]!.GetValue<string>());
        Assert.Equal("更新の意向あり", done["completionNote"]!.GetValue<string>());
        var twice = await Problem(await csClient.Post($"/api/tasks/{id}/complete", new { }), HttpStatusCode.Conflict);
        Assert.Equal("task_state", twice["code"]!.GetValue<string>());
        Assert.DoesNotContain(await Tasks($"assigneeId={cs}&due=today"), t => t!["id"]!.GetValue<string>() == id);
        var reopened = await csClient.PostOk($"/api/tasks/{id}/reopen", new { });
        Assert.Equal("open", reopened["status"]!.GetValue<string>());
        Assert.Null(reopened["completedAt"]);

        // The company's timeline tells it: the task written, and done.
        await csClient.PostOk($"/api/tasks/{id}/complete", new { note = "更新の意向あり" });
        var timeline = (await Admin.GetOk($"/api/companies/{company}/timeline")).AsArray();
        var kinds = timeline.Where(t => t!["ref"]!["id"]!.GetValue<string>() == id).Select(t => t!["kind"]!.GetValue<string>()).ToList();
        Assert.Equal(["task_completed", "task_created"], kinds);
    }

    [Fact]
    public async Task Bad_tasks_are_refused_at_their_fields()
    {
        var (cs, _) = await given.Scenario.Member("cs");
        var before = given.Scenario.Snapshot();
        var missing = await Problem(await Admin.Post("/api/tasks", new { }), HttpStatusCode.BadRequest);
        foreach (var field in new[] { "title", "dueOn", "assigneeId" }) Assert.True(missing["errors"]!.AsObject().ContainsKey(field), field);
        await FieldError(await Admin.Post("/api/tasks", new { title = "x", dueOn = Day(Today), assigneeId = Guid.NewGuid() }), "assigneeId");
        await FieldError(await Admin.Post("/api/tasks", new { title = "x", dueOn = Day(Today), assigneeId = cs, companyId = Guid.NewGuid() }), "companyId");
        await FieldError(await Admin.Get("/api/tasks?due=tomorrow"), "due");
        // An engagement of one company can't be linked as another's.
        var (cc, _) = await given.Scenario.Member("cc");
        var one = await given.Company(cs, "2025-01-10", $"一社目{Guid.NewGuid():N}"[..10]);
        var other = await given.Company(cs, "2025-01-10", $"二社目{Guid.NewGuid():N}"[..10]);
        var engagement = await given.Running(one, cs, cc, "2025-02-01");
        before = given.Scenario.Snapshot();
        await FieldError(await Admin.Post("/api/tasks", new { title = "x", dueOn = Day(Today), assigneeId = cs, companyId = other, engagementId = engagement }), "engagementId");
        Assert.Equal(before, given.Scenario.Snapshot());
    }

    [Fact]
    public async Task Lists_go_by_due_window_of_the_business_day()
    {
        var (cs, _) = await given.Scenario.Member("cs");
        async Task<string> Due(DateOnly day) => (await Admin.PostCreated("/api/tasks", new { title = "期日の確認", dueOn = Day(day), assigneeId = cs }))["id"]!.GetValue<string>();
        var overdue = await Due(Today.AddDays(-2));
        var today = await Due(Today);
        var later = await Due(Today.AddDays(30));
        string[] Ids(JsonArray tasks) => tasks.Select(t => t!["id"]!.GetValue<string>()).ToArray();
        Assert.Equal([overdue], Ids(await Tasks($"assigneeId={cs}&due=overdue")));
        Assert.Equal([today], Ids(await Tasks($"assigneeId={cs}&due=today")));
        Assert.Equal([overdue, today], Ids(await Tasks($"assigneeId={cs}&due=week")));
        Assert.Equal([overdue, today, later], Ids(await Tasks($"assigneeId={cs}")));
    }

    [Fact]
    public async Task A_negative_end_raises_the_retrospective_and_a_replacement_once()
    {
        var (cs, _) = await given.Scenario.Member("cs");
        var (cc, _) = await given.Scenario.Member("cc");
        var company = await given.Company(cs, "2025-01-10", $"振り返りの会社{Guid.NewGuid():N}"[..12]);
        var engagement = await given.Running(company, cs, cc, Day(Today.AddDays(-20)));
        var churn = (await Admin.PostCreated($"/api/engagements/{engagement}/end", new { endedOn = Day(Today.AddDays(-1)), initiatedBy = "company", reasons = new[] { "skill_mismatch" } }))["id"]!.GetValue<string>();

        var raised = await Tasks($"engagementId={engagement}");
        Assert.Equal(3, raised.Count);
        Assert.All(raised, t => Assert.Equal("negative_engagement_end", t!["rule"]!.GetValue<string>()));
        Assert.All(raised, t => Assert.Equal(churn, t!["source"]!["id"]!.GetValue<string>()));
        Assert.Single(raised, t => t!["assigneeId"]!.GetValue<string>() == cs && t["title"]!.GetValue<string>().StartsWith("振り返りMTG"));
        Assert.Single(raised, t => t!["assigneeId"]!.GetValue<string>() == cc && t["title"]!.GetValue<string>().StartsWith("振り返りMTG"));
        Assert.Single(raised, t => t!["assigneeId"]!.GetValue<string>() == cc && t["title"]!.GetValue<string>().StartsWith("代わりの人材の提案"));
        Assert.All(raised, t => Assert.Equal(Day(Marketplace.Core.Domain.BusinessCalendar.AddBusinessDays(Today, 3)), t!["dueOn"]!.GetValue<string>()));

        // The same record said again raises nothing more.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var handler = ActivatorUtilities.CreateInstance<RaisePlaybookTasks>(scope.ServiceProvider);
            await handler.Handle(new EngagementEnded(Guid.Parse(company), Guid.Parse(engagement), Guid.Parse(churn), Today.AddDays(-1), null), default);
        }
        Assert.Equal(3, (await Tasks($"engagementId={engagement}")).Count);

        // A neutral end, or one entered long after, raises none.
        var neutral = await given.Running(company, cs, cc, Day(Today.AddDays(-10)));
        await Admin.PostCreated($"/api/engagements/{neutral}/end", new { endedOn = Day(Today), initiatedBy = "mutual", reasons = new[] { "project_completed" } });
        Assert.Empty(await Tasks($"engagementId={neutral}"));
        var late = await given.Running(company, cs, cc, "2025-02-01");
        await Admin.PostCreated($"/api/engagements/{late}/end", new { endedOn = "2025-03-31", initiatedBy = "company", reasons = new[] { "communication" } });
        Assert.Empty(await Tasks($"engagementId={late}"));
    }

    [Fact]
    public async Task A_low_follow_up_a_detractor_and_a_tossed_lead_each_raise_their_task()
    {
        var (cs, _) = await given.Scenario.Member("cs");
        var (cc, _) = await given.Scenario.Member("cc");
        var (sales, _) = await given.Scenario.Member("sales");
        var company = await given.Company(cs, "2025-01-10", $"声の会社{Guid.NewGuid():N}"[..10]);
        var low = await given.Running(company, cs, cc, Day(Today.AddDays(-10)));
        await Admin.PostCreated($"/api/engagements/{low}/follow-ups", new { heldOn = Day(Today), companySatisfaction = 2, workerEvaluation = 4 });
        var fine = await given.Running(company, cs, cc, Day(Today.AddDays(-10)));
        await Admin.PostCreated($"/api/engagements/{fine}/follow-ups", new { heldOn = Day(Today), companySatisfaction = 3, workerEvaluation = 4 });
        Assert.Equal("low_follow_up_satisfaction", Assert.Single(await Tasks($"engagementId={low}"))!["rule"]!.GetValue<string>());
        Assert.Empty(await Tasks($"engagementId={fine}"));

        await Admin.PostCreated($"/api/companies/{company}/satisfaction", new { surveyedOn = Day(Today), score = 9 });
        await Admin.PostCreated($"/api/companies/{company}/satisfaction", new { surveyedOn = Day(Today), score = 5 });
        var lead = (await Admin.PostCreated($"/api/companies/{company}/expansion-leads", new { tossedOn = Day(Today), description = "デザイナーも" }))["id"]!.GetValue<string>();
        var companyTasks = await Tasks($"companyId={company}");
        var detractor = Assert.Single(companyTasks, t => t!["rule"]?.GetValue<string>() == "detractor_survey")!;
        Assert.Equal(cs, detractor["assigneeId"]!.GetValue<string>());
        Assert.Contains("NPS 5", detractor["title"]!.GetValue<string>());
        var forSales = Assert.Single(companyTasks, t => t!["rule"]?.GetValue<string>() == "expansion_lead_tossed")!;
        Assert.Equal(lead, forSales["source"]!["id"]!.GetValue<string>());
        Assert.Equal("sales", (await Admin.GetOk($"/api/members?team=sales&pageSize=200"))["items"]!.AsArray()
            .Single(m => m!["id"]!.GetValue<string>() == forSales["assigneeId"]!.GetValue<string>())!["team"]!.GetValue<string>());
    }

    [Fact]
    public async Task Admins_configure_the_playbooks_and_a_rule_turned_off_raises_nothing()
    {
        using var own = new MarketplaceApp();
        var admin = own.Admin();
        var scenario = new InsightGiven(own);
        var playbooks = (await admin.GetOk("/api/playbooks")).AsArray();
        Assert.Equal(6, playbooks.Count);
        var (cs, csClient) = await scenario.Scenario.Member("cs");
        var read = await admin.Get("/api/playbooks");
        await Problem(await csClient.Put("/api/playbooks/detractor_survey", new { enabled = false, title = "x", assignee = "cs_owner", dueInBusinessDays = 1 }), HttpStatusCode.Forbidden);
        await FieldError(await admin.Put("/api/playbooks/follow_up_overdue", new { enabled = true, title = "遅れ", assignee = "admin", dueInBusinessDays = 1 }), "thresholdDays");
        await Problem(await admin.Put("/api/playbooks/no_such_rule", new { enabled = true, title = "x", assignee = "admin", dueInBusinessDays = 1 }), HttpStatusCode.BadRequest);
        var off = await admin.Put("/api/playbooks/detractor_survey", new { enabled = false, title = "NPS批判者へのフォロー", assignee = "cs_owner", dueInBusinessDays = 5 });
        Assert.False((await Expect(off, HttpStatusCode.OK))["enabled"]!.GetValue<bool>());
        var company = await scenario.Company(cs, "2025-01-10", "静かな会社");
        await admin.PostCreated($"/api/companies/{company}/satisfaction", new { surveyedOn = Day(Today), score = 2 });
        Assert.Empty((await admin.GetOk($"/api/tasks?companyId={company}"))["items"]!.AsArray());
    }

    [Fact]
    public async Task The_waiting_rules_escalate_an_overdue_follow_up_and_check_in_on_a_stalled_company_once()
    {
        var (cs, _) = await given.Scenario.Member("cs");
        var (cc, _) = await given.Scenario.Member("cc");
        // An admin to escalate to.
        await given.Scenario.Member("admin");
        var stalled = await given.Company(cs, Day(Today.AddDays(-40)), $"止まった会社{Guid.NewGuid():N}"[..12]);
        var busy = await given.Company(cs, Day(Today.AddDays(-80)), $"動く会社{Guid.NewGuid():N}"[..10]);
        // Kicked off 50 days ago: its follow-up was due 20 days ago and was never held.
        var late = await given.Running(busy, cs, cc, Day(Today.AddDays(-50)));

        var run = await Admin.PostOk($"/api/playbooks/run?day={Day(Today)}", new { });
        Assert.Equal(Day(Today), run["day"]!.GetValue<string>());
        var checkIn = Assert.Single(await Tasks($"companyId={stalled}"))!;
        Assert.Equal("onboarding_stalled", checkIn["rule"]!.GetValue<string>());
        Assert.Equal(cs, checkIn["assigneeId"]!.GetValue<string>());
        var escalation = Assert.Single(await Tasks($"engagementId={late}"))!;
        Assert.Equal("follow_up_overdue", escalation["rule"]!.GetValue<string>());
        var admins = (await Admin.GetOk("/api/members?team=admin&pageSize=200"))["items"]!.AsArray().Select(m => m!["id"]!.GetValue<string>());
        Assert.Contains(escalation["assigneeId"]!.GetValue<string>(), admins);
        Assert.DoesNotContain(await Tasks($"companyId={busy}"), t => t!["rule"]?.GetValue<string>() == "onboarding_stalled");

        // The same day again, or the next, raises nothing new for the same records.
        await Admin.PostOk($"/api/playbooks/run?day={Day(Today)}", new { });
        await Admin.PostOk($"/api/playbooks/run?day={Day(Today.AddDays(1))}", new { });
        Assert.Single(await Tasks($"companyId={stalled}"));
        Assert.Single(await Tasks($"engagementId={late}"));
    }

    [Fact]
    public async Task An_escalation_run_spreads_its_tasks_over_the_admins_by_their_open_tasks()
    {
        using var own = new MarketplaceApp();
        var admin = own.Admin();
        var scenario = new InsightGiven(own);
        var (cs, _) = await scenario.Scenario.Member("cs");
        var (cc, _) = await scenario.Scenario.Member("cc");
        var (busy, _) = await scenario.Scenario.Member("admin");
        await scenario.Scenario.Member("admin");
        // One admin already has two open tasks of their own.
        for (var i = 0; i < 2; i++)
            await admin.PostCreated("/api/tasks", new { title = $"既存の仕事{i}", dueOn = Day(Today.AddDays(3)), assigneeId = busy });
        var company = await scenario.Company(cs, Day(Today.AddDays(-80)), "遅れの多い会社");
        // Kicked off 50 days ago: each follow-up was due 20 days ago and was never held.
        for (var i = 0; i < 5; i++)
            await scenario.Running(company, cs, cc, Day(Today.AddDays(-50)));

        Assert.Equal(5, (await admin.PostOk($"/api/playbooks/run?day={Day(Today)}", new { }))["raised"]!.GetValue<int>());
        var admins = (await admin.GetOk("/api/members?team=admin&pageSize=200"))["items"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).ToList();
        var open = (await admin.GetOk("/api/tasks?pageSize=200&status=open"))["items"]!.AsArray()
            .Where(t => admins.Contains(t!["assigneeId"]!.GetValue<string>())).GroupBy(t => t!["assigneeId"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Count());
        var loads = admins.Select(a => open.GetValueOrDefault(a)).ToList();
        // Each task went to whoever had the fewest open tasks at that moment, so the team ends within one task of even.
        Assert.Equal(7, loads.Sum());
        Assert.True(loads.Max() - loads.Min() <= 1, string.Join(", ", loads));
    }
}
