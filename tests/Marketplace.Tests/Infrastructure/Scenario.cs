using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// Builds the people and records a test needs through the public API, each with unique names so tests can
/// share one app and database.
/// </summary>
public sealed class Scenario(MarketplaceApp app)
{
    public ApiClient Admin { get; } = app.Admin();

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public async Task<(string Id, ApiClient Client)> Member(string team)
    {
        var member = await Admin.PostCreated("/api/members", new { name = Unique(team), email = $"{Unique(team)}@example.jp", team });
        var id = member["id"]!.GetValue<string>();
        var key = await Admin.PostCreated($"/api/members/{id}/api-keys", new { });
        return (id, new ApiClient(app.CreateClient(), key["key"]!.GetValue<string>()));
    }

    public async Task<string> Company(string csOwnerId, string signedOn = "2026-01-10", int employees = 120, string? name = null, string[]? purposes = null) =>
        (await Admin.PostCreated("/api/companies", new
        {
            name = name ?? Unique("会社"),
            industry = "SaaS",
            employeeCount = employees,
            monthlyFee = 100_000,
            csOwnerId,
            signedOn,
            purposes = purposes ?? new[] { "resource_shortage", "know_how" },
        }))["id"]!.GetValue<string>();

    public async Task<string> Worker(string conciergeId, string? email = null) =>
        (await Admin.PostCreated("/api/workers", new
        {
            name = Unique("人材"),
            email = email ?? $"{Unique("w")}@example.jp",
            jobType = "engineer",
            skills = new[] { "C#" },
            mainJobStyle = "employee",
            weeklyHours = 10,
            conciergeId,
        }))["id"]!.GetValue<string>();

    /// <summary>A worker the concierge has screened, ready to be proposed.</summary>
    public async Task<string> AvailableWorker(string conciergeId)
    {
        var worker = await Worker(conciergeId);
        foreach (var status in new[] { "screening", "available" })
            await Admin.PostOk($"/api/workers/{worker}/status", new { status });
        return worker;
    }

    public async Task<string> Engagement(string companyId, string workerId, string startOn = "2026-02-01", string jobType = "engineer", string title = "API開発") =>
        (await Admin.PostCreated("/api/engagements", new
        {
            companyId,
            workerId,
            title,
            jobType,
            startOn,
            monthlyHours = 40,
            monthlyFee = 300_000,
        }))["id"]!.GetValue<string>();

    /// <summary>An engagement kicked off (with CS) and running.</summary>
    public async Task<(string Company, string Worker, string Engagement, string Cs, string Cc)> ActiveEngagement(string heldOn = "2026-02-01")
    {
        var (cs, _) = await Member("cs");
        var (cc, _) = await Member("cc");
        var company = await Company(cs);
        var worker = await AvailableWorker(cc);
        var engagement = await Engagement(company, worker, heldOn);
        await Admin.PostOk($"/api/engagements/{engagement}/contract", new { contractedOn = "2026-01-20" });
        await Admin.PostOk($"/api/engagements/{engagement}/kickoff", new { heldOn, csAttendeeId = cs, attendees = new[] { "山田" } });
        return (company, worker, engagement, cs, cc);
    }

    /// <summary>Every row of every table, in a stable order: equal before and after means nothing was stored.</summary>
    public string Snapshot()
    {
        using var connection = app.OpenDatabase();
        var tables = app.Provider == Core.Data.DatabaseProvider.Sqlite
            ? connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            : connection.Query<string>("SELECT name FROM sys.tables ORDER BY name");
        var text = new System.Text.StringBuilder();
        // The landmark snapshot is rebuilt by its job on its own schedule, not by requests.
        foreach (var table in tables.Where(t => t != "stage_landmark"))
        {
            text.AppendLine($"## {table}");
            foreach (IDictionary<string, object?> row in connection.Query($"SELECT * FROM {table}"))
                text.AppendLine(string.Join("|", row.OrderBy(c => c.Key).Select(c => $"{c.Key}={c.Value}")));
        }
        return string.Join("\n", text.ToString().Split('\n').Order());
    }
}
