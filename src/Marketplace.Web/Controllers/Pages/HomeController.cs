using System.Security.Claims;
using Marketplace.Core.Domain;
using Marketplace.Core.Features;
using Marketplace.Core.Features.Churn;
using Marketplace.Core.Features.Engagements;
using Marketplace.Core.Features.Workers;
using Marketplace.Core.Pipeline;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Marketplace.Core.Shared;

namespace Marketplace.Web.Controllers.Pages;

public sealed record CsHome(
    IReadOnlyList<ListDueFollowUps.Item> FollowUps,
    IReadOnlyList<EngagementDto> KickoffsThisWeek,
    IReadOnlyList<RiskRow> AtRisk);

public sealed record RiskRow(Guid CompanyId, string Name, IReadOnlyList<string> Signals);

public sealed record CcHome(
    IReadOnlyList<(string Status, int Count)> ByStatus,
    IReadOnlyList<WorkerDto> Idle,
    IReadOnlyList<EngagementChurnRecord> NegativeEnds,
    IReadOnlyDictionary<string, ListChurnReasons.Item> Reasons);

public sealed record HomePage(string Team, DateOnly Today, CsHome? Cs, CcHome? Cc);

/// <summary>Today's work for the signed-in member's team.</summary>
public sealed class HomeController(IClock clock) : PageController
{
    private const int NegativeEndWindowDays = 90;

    [HttpGet("/"), Authorize(Policies.Read)]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var team = User.FindFirstValue(ClaimNames.Team) ?? "";
        var me = User.FindFirstValue(ClaimNames.MemberId) is { } id ? Guid.Parse(id) : (Guid?)null;
        var today = clock.Today;
        var showCs = team != "cc";
        var showCc = team is "cc" or "admin";
        return View(new HomePage(team, today,
            showCs ? await Cs(team == "cs" ? me : null, today, ct) : null,
            showCc ? await Cc(today, ct) : null));
    }

    private async Task<CsHome> Cs(Guid? owner, DateOnly today, CancellationToken ct)
    {
        var followUps = await Mediator.Send(new ListDueFollowUps.Query { CsOwnerId = owner, AsOf = today, PageSize = 50 }, ct);
        var contracted = await Mediator.Send(new ListEngagements.Query { Status = "contracted", PageSize = PagedQuery.MaxPageSize }, ct);
        var weekEnd = today.AddDays(7);
        var kickoffs = contracted.Items.Where(e => e.StartOn <= weekEnd).OrderBy(e => e.StartOn).ToList();
        var risk = await Mediator.Send(new Core.Features.Insights.ChurnRisk.Query { AsOf = today }, ct);
        var atRisk = risk.Companies.Where(c => owner is null || c.CsOwnerId == owner)
            .Select(c => new RiskRow(c.CompanyId, c.Name, c.Signals)).ToList();
        return new CsHome(followUps.Items, kickoffs, atRisk);
    }

    private async Task<CcHome> Cc(DateOnly today, CancellationToken ct)
    {
        var counts = new List<(string, int)>();
        foreach (var status in Enum.GetValues<WorkerStatus>())
        {
            var page = await Mediator.Send(new ListWorkers.Query { Status = Wire.Name(status), PageSize = 1 }, ct);
            counts.Add((Wire.Name(status), page.Total));
        }
        var idle = await Mediator.Send(new ListWorkers.Query { Status = "available", PageSize = 20 }, ct);
        var ends = await Mediator.Send(new ListEngagementChurns.Query { From = today.AddDays(-NegativeEndWindowDays), To = today, PageSize = PagedQuery.MaxPageSize }, ct);
        var reasons = await Mediator.Send(new ListChurnReasons.Query(), ct);
        return new CcHome(counts, idle.Items, ends.Items.Where(e => e.Negative).ToList(), reasons.ToDictionary(r => r.Code));
    }
}
