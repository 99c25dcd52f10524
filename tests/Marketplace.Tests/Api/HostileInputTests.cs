using Dapper;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Api;

/// <summary>Text that looks like SQL or script is data: stored and returned exactly, never run.</summary>
public class HostileInputTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private const string Evil = "Robert'); DROP TABLE companies; -- <script>alert(1)</script> \" \\ % _ [x] 日本語";
    private readonly Scenario given = new(app);

    private static string E(string tag) => $"{tag} {Evil}";

    [Fact]
    public async Task Every_text_field_round_trips_verbatim()
    {
        var cs = (await given.Admin.PostCreated("/api/members", new { name = E("member"), email = $"{Guid.NewGuid():N}@example.jp", team = "cs" }))["id"]!.GetValue<string>();
        var cc = (await given.Admin.PostCreated("/api/members", new { name = E("cc"), email = $"{Guid.NewGuid():N}@example.jp", team = "cc" }))["id"]!.GetValue<string>();
        var company = await given.Admin.PostCreated("/api/companies", new { name = E("company"), industry = E("industry"), employeeCount = 10, monthlyFee = 1, csOwnerId = cs, signedOn = "2026-01-01", purposes = Array.Empty<string>() });
        var companyId = company["id"]!.GetValue<string>();
        var worker = await given.Admin.PostCreated("/api/workers", new { name = E("worker"), email = $"{Guid.NewGuid():N}@example.jp", jobType = "writer", skills = new[] { E("skill") }, mainJobStyle = "other", weeklyHours = 5, conciergeId = cc });
        var workerId = worker["id"]!.GetValue<string>();
        await given.Admin.PostOk($"/api/workers/{workerId}/status", new { status = "screening", note = E("status note") });
        await given.Admin.PostOk($"/api/workers/{workerId}/status", new { status = "available" });
        var engagement = await given.Admin.PostCreated("/api/engagements", new { companyId, workerId, title = E("title"), jobType = "writer", startOn = "2026-02-01", monthlyHours = 10, monthlyFee = 1 });
        var engagementId = engagement["id"]!.GetValue<string>();
        await given.Admin.PostOk($"/api/engagements/{engagementId}/contract", new { contractedOn = "2026-01-20" });
        await given.Admin.PostOk($"/api/engagements/{engagementId}/kickoff", new { heldOn = "2026-02-01", csAttendeeId = cs, attendees = new[] { E("attendee") } });
        await given.Admin.PostCreated($"/api/engagements/{engagementId}/follow-ups", new { heldOn = "2026-03-01", companySatisfaction = 3, workerEvaluation = 3, note = E("follow-up") });
        var survey = await given.Admin.PostCreated($"/api/companies/{companyId}/satisfaction", new { surveyedOn = "2026-03-01", score = 7, comment = E("comment") });
        var lead = await given.Admin.PostCreated($"/api/companies/{companyId}/expansion-leads", new { tossedOn = "2026-03-01", description = E("lead") });
        var churn = await given.Admin.PostCreated($"/api/engagements/{engagementId}/end", new { endedOn = "2026-04-01", initiatedBy = "mutual", reasons = new[] { "other" }, note = E("churn") });
        var declined = await given.Engagement(companyId, await given.AvailableWorker(cc));
        await given.Admin.PostOk($"/api/engagements/{declined}/decline", new { note = E("decline") });

        var readCompany = await given.Admin.GetOk($"/api/companies/{companyId}");
        Assert.Equal(E("company"), readCompany["name"]!.GetValue<string>());
        Assert.Equal(E("industry"), readCompany["industry"]!.GetValue<string>());
        Assert.Equal(E("member"), readCompany["csOwnerName"]!.GetValue<string>());
        var readWorker = await given.Admin.GetOk($"/api/workers/{workerId}");
        Assert.Equal(E("worker"), readWorker["name"]!.GetValue<string>());
        Assert.Equal(E("skill"), readWorker["skills"]![0]!.GetValue<string>());
        Assert.Equal(E("status note"), (await given.Admin.GetOk($"/api/workers/{workerId}/history"))[1]!["note"]!.GetValue<string>());
        var readEngagement = await given.Admin.GetOk($"/api/engagements/{engagementId}");
        Assert.Equal(E("title"), readEngagement["title"]!.GetValue<string>());
        Assert.Equal(E("attendee"), readEngagement["kickoff"]!["attendees"]![0]!.GetValue<string>());
        Assert.Equal(E("follow-up"), readEngagement["followUps"]![0]!["note"]!.GetValue<string>());
        Assert.Equal(E("churn"), readEngagement["churn"]!["note"]!.GetValue<string>());
        Assert.Equal(E("churn"), churn["note"]!.GetValue<string>());
        Assert.Equal(E("comment"), survey["comment"]!.GetValue<string>());
        Assert.Equal(E("lead"), lead["description"]!.GetValue<string>());
        Assert.Equal(E("decline"), (await given.Admin.GetOk($"/api/engagements/{declined}"))["declinedNote"]!.GetValue<string>());

        // Searching for the text finds it as text, and every table is still there.
        var found = await given.Admin.GetOk($"/api/companies?q={Uri.EscapeDataString("DROP TABLE companies; --")}");
        Assert.Equal(companyId, Assert.Single(found["items"]!.AsArray())!["id"]!.GetValue<string>());
        using var db = app.OpenDatabase();
        Assert.True(db.ExecuteScalar<long>("SELECT COUNT(*) FROM companies") >= 1);
    }

    [Fact]
    public async Task Filters_with_sql_in_them_are_just_values()
    {
        var q = Uri.EscapeDataString("' OR '1'='1");
        Assert.Equal(0, (await given.Admin.GetOk($"/api/companies?q={q}"))["total"]!.GetValue<int>());
        Assert.Equal(0, (await given.Admin.GetOk($"/api/workers?q={q}"))["total"]!.GetValue<int>());
        await ApiClient.FieldError(await given.Admin.Get($"/api/workers?status={q}"), "status");
        await ApiClient.FieldError(await given.Admin.Get($"/api/audit?entity={Uri.EscapeDataString(new string('x', 41))}"), "entity");
    }
}
