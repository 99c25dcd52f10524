using System.Globalization;
using System.Text.Json.Nodes;

namespace Marketplace.Tests.Infrastructure;

/// <summary>Dated histories for the insight tests, built through the API: companies, churns, engagements that ran.</summary>
public sealed class InsightGiven(MarketplaceApp app)
{
    public Scenario Scenario { get; } = new(app);
    public ApiClient Admin => Scenario.Admin;

    public async Task<string> Company(string csOwnerId, string signedOn, string name, int employees = 120, string industry = "SaaS", long monthlyFee = 100_000) =>
        (await Admin.PostCreated("/api/companies", new
        {
            name, industry, employeeCount = employees, monthlyFee, csOwnerId, signedOn, purposes = new[] { "know_how" },
        }))["id"]!.GetValue<string>();

    public Task Churn(string company, string churnedOn, params string[] reasons) =>
        Admin.PostCreated($"/api/companies/{company}/churn", new { churnedOn, reasons, note = "テスト" });

    /// <summary>
    /// Builds the landmark snapshot for today's landmark now, as the daily job next would: history entered after the
    /// app started, dated before the landmark, shows in it from then on.
    /// </summary>
    public async Task RebuildLandmarkSnapshot()
    {
        await using var db = new Marketplace.Core.Data.Db(Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Marketplace.Core.Data.ConnectionFactory>(app.Services));
        await Marketplace.Core.Facts.LandmarkStageFacts.Rebuild(db,
            Marketplace.Core.Features.Insights.StageRetention.LandmarkOf(BusinessDay.Today), DateTime.UtcNow, force: true, default);
    }

    public Task Reactivate(string company, string signedOn) => Admin.PostOk($"/api/companies/{company}/reactivate", new { signedOn });

    /// <summary>An engagement contracted five days before it starts and kicked off (with CS) on its start date.</summary>
    public async Task<string> Running(string company, string cs, string cc, string startOn, string jobType = "engineer")
    {
        var worker = await Scenario.AvailableWorker(cc);
        var id = (await Admin.PostCreated("/api/engagements", new
        {
            companyId = company, workerId = worker, title = "業務委託", jobType, startOn, monthlyHours = 40, monthlyFee = 300_000,
        }))["id"]!.GetValue<string>();
        var start = DateOnly.ParseExact(startOn, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Admin.PostOk($"/api/engagements/{id}/contract", new { contractedOn = Day(start.AddDays(-5)) });
        await Admin.PostOk($"/api/engagements/{id}/kickoff", new { heldOn = startOn, csAttendeeId = cs, attendees = new[] { "山田" } });
        return id;
    }

    public Task End(string engagement, string endedOn, params string[] reasons) =>
        Admin.PostCreated($"/api/engagements/{engagement}/end", new { endedOn, initiatedBy = "company", reasons });

    public Task FollowUp(string engagement, string heldOn, int satisfaction) =>
        Admin.PostCreated($"/api/engagements/{engagement}/follow-ups", new { heldOn, companySatisfaction = satisfaction, workerEvaluation = 4 });

    public static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A month of churn-rates as (month, activeAtStart, churned, negativeChurned, rate, negativeRate).</summary>
    public static (string, int, int, int, double?, double?) Month(JsonNode m) =>
        (m["month"]!.GetValue<string>(), m["activeAtStart"]!.GetValue<int>(), m["churned"]!.GetValue<int>(),
         m["negativeChurned"]!.GetValue<int>(), m["rate"]?.GetValue<double>(), m["negativeRate"]?.GetValue<double>());

    public static List<(string, int, int, int, double?, double?)> Months(JsonNode months) => months.AsArray().Select(m => Month(m!)).ToList();
}
