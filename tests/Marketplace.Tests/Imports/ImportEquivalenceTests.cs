using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using static Marketplace.Tests.Imports.ImportFiles;

namespace Marketplace.Tests.Imports;

/// <summary>
/// The same history, entered by a team through the API in one app and imported from its spreadsheets in another,
/// gives the same insights: churn rates, reasons, tenure, rep load, stage agreement, churn risk and each company's stage.
/// </summary>
public class ImportEquivalenceTests
{
    private sealed record Member(string Name, string Email, string Team);
    private sealed record Company(string Name, string SignedOn, int Employees, string Owner, string Purpose, string? ChurnedOn = null, string[]? ChurnReasons = null);
    private sealed record Worker(string Name, string Email, string JobType);
    private sealed record Engagement(string Company, string Worker, string JobType, string StartOn, string ContractedOn, string KickoffOn, string? Cs,
        string? FollowUpOn = null, int? Satisfaction = null, int? Evaluation = null, string? EndedOn = null, string? InitiatedBy = null, string[]? Reasons = null);

    private static readonly Member[] Members =
    [
        new("青木 CS", "aoki@eq.example.jp", "cs"), new("馬場 CS", "baba@eq.example.jp", "cs"), new("千葉 コンシェルジュ", "chiba@eq.example.jp", "cc"),
    ];

    private static readonly Company[] Companies =
    [
        new("北商事", "2025-01-10", 120, "aoki@eq.example.jp", "know_how"),
        new("南工業", "2025-02-01", 800, "baba@eq.example.jp", "resource_shortage", "2025-10-31", ["budget"]),
        new("東システム", "2025-03-15", 4000, "aoki@eq.example.jp", "variable_cost", "2026-06-30", ["skill_mismatch", "communication"]),
        new("西デザイン", "2025-06-01", 50, "baba@eq.example.jp", "core_productivity"),
    ];

    private static readonly Worker[] Workers =
    [
        new("一郎", "w1@eq.example.jp", "engineer"), new("二郎", "w2@eq.example.jp", "designer"), new("三郎", "w3@eq.example.jp", "engineer"),
        new("四郎", "w4@eq.example.jp", "marketer"), new("五郎", "w5@eq.example.jp", "engineer"), new("六郎", "w6@eq.example.jp", "pm"),
    ];

    private static readonly Engagement[] Engagements =
    [
        new("北商事", "w1@eq.example.jp", "engineer", "2025-02-01", "2025-01-25", "2025-02-01", "aoki@eq.example.jp", "2025-03-01", 4, 4),
        new("北商事", "w2@eq.example.jp", "designer", "2025-04-01", "2025-03-25", "2025-04-01", null, "2025-05-02", 2, 3, "2025-08-31", "company", ["skill_mismatch"]),
        new("南工業", "w3@eq.example.jp", "engineer", "2025-03-01", "2025-02-20", "2025-03-01", "baba@eq.example.jp", "2025-04-01", 5, 5, "2025-09-30", "mutual", ["project_completed"]),
        new("南工業", "w4@eq.example.jp", "marketer", "2025-05-01", "2025-04-25", "2025-05-01", "baba@eq.example.jp", EndedOn: "2025-06-15", InitiatedBy: "worker", Reasons: ["worker_main_job"]),
        new("東システム", "w5@eq.example.jp", "engineer", "2025-04-15", "2025-04-10", "2025-04-15", "aoki@eq.example.jp", "2025-05-15", 3, 4, "2026-03-31", "company", ["progress_invisible"]),
        new("東システム", "w1@eq.example.jp", "engineer", "2025-09-01", "2025-08-25", "2025-09-01", "aoki@eq.example.jp", "2025-10-01", 4, 4, "2026-06-30", "company", ["budget"]),
        new("北商事", "w6@eq.example.jp", "pm", "2026-10-01", "2026-09-25", "2026-10-01", "aoki@eq.example.jp"),
    ];

    private static readonly string[] Insights =
    [
        "/api/insights/churn-rates?kind=engagement&from=2025-01&to=2026-11",
        "/api/insights/churn-rates?kind=company&from=2025-01&to=2026-11",
        "/api/insights/churn-rates?kind=engagement&from=2025-01&to=2026-11&by=jobType",
        "/api/insights/reasons?kind=engagement&from=2025-01&to=2026-11",
        "/api/insights/reasons?kind=company&from=2025-01&to=2026-11",
        "/api/insights/tenure?kind=engagement",
        "/api/insights/tenure?kind=company",
        "/api/insights/rep-load",
        "/api/insights/stage-agreement",
        "/api/insights/churn-risk",
        "/api/companies?pageSize=50",
        "/api/workers?pageSize=50",
    ];

    [Fact]
    public async Task Imported_history_gives_the_same_insights_as_the_history_entered_through_the_use_cases()
    {
        using var entered = new MarketplaceApp();
        using var imported = new MarketplaceApp();
        await EnterThroughTheApi(entered.Admin());
        await Import(imported.Admin());

        foreach (var insight in Insights)
        {
            var expected = Normalized(await entered.Admin().GetOk(insight));
            var actual = Normalized(await imported.Admin().GetOk(insight));
            Assert.True(expected == actual, $"{insight}\nentered:  {expected}\nimported: {actual}");
        }
        // The records themselves, as their pages read them: each engagement with its kickoff, follow-ups and end, the
        // timeline of each company, and the moves each worker's engagements made.
        var expectedRecords = await Records(entered.Admin());
        var actualRecords = await Records(imported.Admin());
        Assert.Equal(expectedRecords.Keys.Order(), actualRecords.Keys.Order());
        Assert.Equal(Engagements.Length + Companies.Length + Workers.Length, actualRecords.Count);
        foreach (var (name, expected) in expectedRecords)
            Assert.True(expected == actualRecords[name], $"{name}\nentered:  {expected}\nimported: {actualRecords[name]}");
        Assert.Contains("skill_mismatch", actualRecords.Single(r => r.Key.StartsWith("engagement 二郎", StringComparison.Ordinal)).Value);
        Assert.Contains("available", actualRecords["worker 二郎"]);

        // The comparison means something: the history shows in the figures.
        var rates = await imported.Admin().GetOk("/api/insights/churn-rates?kind=engagement&from=2025-01&to=2026-11");
        Assert.Contains("2025-08", rates.ToJsonString());
        var risk = (await imported.Admin().GetOk("/api/insights/churn-risk")).ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains("北商事", risk);
        Assert.Contains("overdue_follow_up", risk);
    }

    private static async Task<Dictionary<string, string>> Records(ApiClient admin)
    {
        var records = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in (await admin.GetOk("/api/engagements?pageSize=50"))["items"]!.AsArray())
            records[$"engagement {e!["workerName"]} {e["startOn"]}"] = Normalized(await admin.GetOk($"/api/engagements/{e["id"]}"));
        foreach (var c in (await admin.GetOk("/api/companies?pageSize=50"))["items"]!.AsArray())
            records[$"company {c!["name"]}"] = Normalized(await admin.GetOk($"/api/companies/{c["id"]}/timeline?pageSize=100"));
        foreach (var w in (await admin.GetOk("/api/workers?pageSize=50"))["items"]!.AsArray())
        {
            // The moves before the first engagement are how each app registered the worker (by hand, or from the roster).
            var moves = (await admin.GetOk($"/api/workers/{w!["id"]}/history")).AsArray().Where(h => h!["engagementId"] is not null);
            records[$"worker {w["name"]}"] = Normalized(new JsonArray(moves.Select(h => h!.DeepClone()).ToArray()));
        }
        return records;
    }

    /// <summary>The figures without what differs by construction: generated ids, versions and the times records were written.</summary>
    private static string Normalized(JsonNode node) => Strip(node)?.ToJsonString() ?? "null";

    private static JsonNode? Strip(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Where(p => !(p.Key is "id" or "version" or "at" || p.Key.EndsWith("Id", StringComparison.Ordinal) || p.Key.EndsWith("At", StringComparison.Ordinal)))
            .Select(p => KeyValuePair.Create(p.Key, Strip(p.Value)))),
        // Rows that tie in their order may come in either order; as sets they must be equal.
        JsonArray a => new JsonArray(a.Select(Strip).OrderBy(n => n?.ToJsonString(), StringComparer.Ordinal).ToArray()),
        _ => node?.DeepClone(),
    };

    private static async Task EnterThroughTheApi(ApiClient admin)
    {
        var members = new Dictionary<string, string>();
        foreach (var m in Members)
            members[m.Email] = (await admin.PostCreated("/api/members", new { name = m.Name, email = m.Email, team = m.Team }))["id"]!.GetValue<string>();
        var companies = new Dictionary<string, string>();
        foreach (var c in Companies)
            companies[c.Name] = (await admin.PostCreated("/api/companies", new
            {
                name = c.Name, industry = "SaaS", employeeCount = c.Employees, monthlyFee = 100_000, csOwnerId = members[c.Owner], signedOn = c.SignedOn, purposes = new[] { c.Purpose },
            }))["id"]!.GetValue<string>();
        var workers = new Dictionary<string, string>();
        foreach (var w in Workers)
        {
            var id = (await admin.PostCreated("/api/workers", new
            {
                name = w.Name, email = w.Email, jobType = w.JobType, skills = new[] { "実務" }, mainJobStyle = "employee", weeklyHours = 10, conciergeId = members["chiba@eq.example.jp"],
            }))["id"]!.GetValue<string>();
            foreach (var status in new[] { "screening", "available" }) await admin.PostOk($"/api/workers/{id}/status", new { status });
            workers[w.Email] = id;
        }
        foreach (var e in Engagements.OrderBy(e => e.StartOn, StringComparer.Ordinal))
        {
            var id = (await admin.PostCreated("/api/engagements", new
            {
                companyId = companies[e.Company], workerId = workers[e.Worker], title = "業務委託", jobType = e.JobType, startOn = e.StartOn, monthlyHours = 40, monthlyFee = 300_000,
            }))["id"]!.GetValue<string>();
            await admin.PostOk($"/api/engagements/{id}/contract", new { contractedOn = e.ContractedOn });
            await admin.PostOk($"/api/engagements/{id}/kickoff", new { heldOn = e.KickoffOn, csAttendeeId = e.Cs is null ? null : members[e.Cs] });
            if (e.FollowUpOn is not null)
                await admin.PostCreated($"/api/engagements/{id}/follow-ups", new { heldOn = e.FollowUpOn, companySatisfaction = e.Satisfaction, workerEvaluation = e.Evaluation });
            if (e.EndedOn is not null)
                await admin.PostCreated($"/api/engagements/{id}/end", new { endedOn = e.EndedOn, initiatedBy = e.InitiatedBy, reasons = e.Reasons });
        }
        foreach (var c in Companies.Where(c => c.ChurnedOn is not null))
            await admin.PostCreated($"/api/companies/{companies[c.Name]}/churn", new { churnedOn = c.ChurnedOn, reasons = c.ChurnReasons });
    }

    private static async Task Import(ApiClient admin)
    {
        foreach (var m in Members) await admin.PostCreated("/api/members", new { name = m.Name, email = m.Email, team = m.Team });
        await Committed(admin, "companies", Csv([
            ["企業名", "業界", "従業員数", "月額", "CS担当メール", "契約日", "目的", "解約日", "解約理由"],
            .. Companies.Select(c => new[] { c.Name, "SaaS", c.Employees.ToString(), "100000", c.Owner, c.SignedOn, c.Purpose, c.ChurnedOn ?? "", string.Join("、", c.ChurnReasons ?? []) })]));
        await Committed(admin, "workers", Csv([
            ["氏名", "メール", "職種", "スキル", "本業", "週稼働時間", "担当コンシェルジュメール", "ステータス"],
            .. Workers.Select(w => new[] { w.Name, w.Email, w.JobType, "実務", "会社員", "10", "chiba@eq.example.jp", "稼働可能" })]));
        await Committed(admin, "engagements", Csv([
            ["企業名", "人材メール", "案件名", "職種", "開始日", "月稼働時間", "月額", "契約日", "キックオフ日", "同席CSメール", "経過面談日", "企業満足度", "人材評価", "終了日", "申し出", "終了理由"],
            .. Engagements.Select(e => new[]
            {
                e.Company, e.Worker, "業務委託", e.JobType, e.StartOn, "40", "300000", e.ContractedOn, e.KickoffOn, e.Cs ?? "", e.FollowUpOn ?? "",
                e.Satisfaction?.ToString() ?? "", e.Evaluation?.ToString() ?? "", e.EndedOn ?? "", e.InitiatedBy ?? "", string.Join("、", e.Reasons ?? []),
            })]));
    }

    private static async Task Committed(ApiClient admin, string kind, string csv)
    {
        var response = await admin.Http.PostAsync($"/api/imports/{kind}?dryRun=false", Upload(Utf8Bom(csv), $"{kind}.csv"));
        var report = await ApiClient.Expect(response, System.Net.HttpStatusCode.OK);
        Assert.True(report["committed"]!.GetValue<bool>(), report.ToJsonString());
    }
}
