using System.Security.Claims;
using Marketplace.Core.Domain;
using Marketplace.Core.Features;
using Marketplace.Core.Features.Churn;
using Marketplace.Core.Features.Companies;
using Marketplace.Core.Features.Engagements;
using Marketplace.Core.Features.Workers;
using Marketplace.Core.Pipeline;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Marketplace.Core.Shared;

namespace Marketplace.Web.Controllers.Pages;

public sealed record CsHome(
    bool Mine,
    bool CanSwitch,
    IReadOnlyList<ListDueFollowUps.Item> FollowUps,
    IReadOnlyList<KickoffDue> Kickoffs,
    IReadOnlyList<RiskRow> AtRisk);

/// <summary>A contracted engagement waiting for its kickoff: overdue once its start day has passed.</summary>
public sealed record KickoffDue(EngagementDto Engagement, bool Overdue)
{
    public string State => Overdue ? "overdue" : "due";
}

/// <summary>
/// The leads CS tossed to sales: a page of the open ones, then the latest decided ones, with the engagements of the open
/// ones' companies for a converted outcome.
/// </summary>
public sealed record SalesHome(Paged<ExpansionLeadDto> Open, IReadOnlyList<ExpansionLeadDto> Decided,
    IReadOnlyDictionary<Guid, IReadOnlyList<EngagementDto>> Engagements, string? Scope)
{
    public const int PageSize = 50;

    public IEnumerable<ExpansionLeadDto> Leads => Open.Items.Concat(Decided);

    /// <summary>The home with the open leads on another page, keeping the CS scope an admin chose.</summary>
    public string Link(int page) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/", new Dictionary<string, string?>
        {
            ["scope"] = Scope, ["leads"] = page > 1 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        }.Where(q => !string.IsNullOrEmpty(q.Value))) + "#leads";
}

public sealed record RiskRow(Guid CompanyId, string Name, IReadOnlyList<string> Signals);

public sealed record CcHome(
    IReadOnlyList<(string Status, int Count)> ByStatus,
    IReadOnlyList<WorkerDto> Idle,
    IReadOnlyList<EngagementChurnRecord> NegativeEnds,
    IReadOnlyDictionary<string, ListChurnReasons.Item> Reasons);

public sealed record HomePage(string Team, DateOnly Today, CsHome? Cs, CcHome? Cc, SalesHome? Sales, TodaysWork? Work = null);

/// <summary>
/// One member's work to do by the end of the week, soonest first: their open tasks and, for CS, the follow-ups of their
/// companies, in one list.
/// </summary>
public sealed record TodaysWork(IReadOnlyList<WorkItem> Items, DateOnly Today)
{
    public int Overdue => Items.Count(i => i.DueOn < Today);
}

/// <summary>A task or a follow-up in today's work.</summary>
public sealed record WorkItem(DateOnly DueOn, TaskDto? Task, ListDueFollowUps.Item? FollowUp)
{
    public string State(DateOnly today) => DueOn < today ? "overdue" : DueOn == today ? "today" : "due";
}

/// <summary>Today's work for the signed-in member's team.</summary>
public sealed class HomeController(IClock clock) : PageController
{
    private const int NegativeEndWindowDays = 90;
    private const int DecidedLeads = 20;

    [HttpGet("/"), Authorize(Policies.Read)]
    public async Task<IActionResult> Index([FromQuery] string? scope, [FromQuery] int leads = 1, CancellationToken ct = default) =>
        View("Index", await Load(scope, ct, leads));

    /// <summary>Sales records what became of a lead from its home; a refusal shows the home again with the lead's form marked.</summary>
    [HttpPost("/expansion-leads/{id:guid}/outcome"), Authorize(Policies.LeadOutcomes)]
    public Task<IActionResult> LeadOutcome(Guid id, [FromForm] SetExpansionLeadOutcome.Command command, CancellationToken ct) =>
        Submit(command with { Id = id }, $"lead-{id}", "/#leads", "Index", () => Load(null, ct), ct);

    /// <summary>A task for oneself (or a teammate) from today's work.</summary>
    [HttpPost("/tasks/new"), Authorize(Policies.Read)]
    public Task<IActionResult> NewTask([FromForm] Core.Features.Tasks.CreateTask.Command command, CancellationToken ct) =>
        Submit(command with { AssigneeId = command.AssigneeId ?? Me }, "task-new", "/#todays-work", "Index", () => Load(null, ct), ct);

    [HttpPost("/tasks/{id:guid}/complete"), Authorize(Policies.Read)]
    public Task<IActionResult> CompleteTask(Guid id, [FromForm] string? note, CancellationToken ct) =>
        Submit(new Core.Features.Tasks.CompleteTask.Command { Id = id, Note = string.IsNullOrWhiteSpace(note) ? null : note }, $"task-{id}", "/#todays-work", "Index", () => Load(null, ct), ct);

    /// <summary>Moves a task to another day, keeping the rest of it; the version it was read at guards a concurrent edit.</summary>
    [HttpPost("/tasks/{id:guid}/reschedule"), Authorize(Policies.Read)]
    public async Task<IActionResult> RescheduleTask(Guid id, [FromForm] DateOnly? dueOn, [FromForm] long? version, CancellationToken ct)
    {
        var task = await Mediator.Send(new Core.Features.Tasks.GetTask.Query(id), ct);
        return await Submit(new Core.Features.Tasks.UpdateTask.Command
        {
            Id = id, ExpectedVersion = version ?? task.Version, Title = task.Title, DueOn = dueOn, AssigneeId = task.AssigneeId,
            CompanyId = task.CompanyId, EngagementId = task.EngagementId, WorkerId = task.WorkerId, Note = task.Note,
        }, $"task-{id}", "/#todays-work", "Index", () => Load(null, ct), ct);
    }

    private Guid? Me => User.FindFirstValue(ClaimNames.MemberId) is { } id ? Guid.Parse(id) : null;

    private async Task<HomePage> Load(string? scope, CancellationToken ct, int leadsPage = 1)
    {
        var team = User.FindFirstValue(ClaimNames.Team) ?? "";
        var me = User.FindFirstValue(ClaimNames.MemberId) is { } id ? Guid.Parse(id) : (Guid?)null;
        var today = clock.Today;
        // A CS member starts on their own companies; the team view (and admin's) shows everyone's.
        var mine = team == "cs" && me is not null && scope != "team";
        return new HomePage(team, today,
            team is "cs" or "admin" ? await Cs(mine ? me : null, team == "cs", today, ct) : null,
            team is "cc" or "admin" ? await Cc(today, ct) : null,
            team is "sales" or "admin" ? await Sales(scope, leadsPage, ct) : null,
            me is { } member ? await Work(member, team == "cs", today, ct) : null);
    }

    private async Task<TodaysWork> Work(Guid me, bool followUps, DateOnly today, CancellationToken ct)
    {
        var tasks = await Mediator.Send(new Core.Features.Tasks.ListTasks.Query { AssigneeId = me, Due = "week", PageSize = PagedQuery.MaxPageSize }, ct);
        var items = tasks.Items.Select(t => new WorkItem(t.DueOn, t, null)).ToList();
        if (followUps)
        {
            var weekEnd = BusinessCalendar.WeekEnd(today);
            var due = await Mediator.Send(new ListDueFollowUps.Query { CsOwnerId = me, AsOf = today, PageSize = PagedQuery.MaxPageSize }, ct);
            items.AddRange(due.Items.Where(f => f.DueOn <= weekEnd).Select(f => new WorkItem(f.DueOn, null, f)));
        }
        return new TodaysWork(items.OrderBy(i => i.DueOn).ThenBy(i => i.Task is null ? 0 : 1).ToList(), today);
    }

    private async Task<CsHome> Cs(Guid? owner, bool canSwitch, DateOnly today, CancellationToken ct)
    {
        var followUps = await Mediator.Send(new ListDueFollowUps.Query { CsOwnerId = owner, AsOf = today, PageSize = 50 }, ct);
        // Contracted engagements starting by the end of the week: this week's kickoffs and the overdue ones.
        var contracted = await Mediator.Send(new ListEngagements.Query
        {
            Status = "contracted", CsOwnerId = owner, StartsBy = BusinessCalendar.WeekEnd(today), PageSize = PagedQuery.MaxPageSize,
        }, ct);
        var kickoffs = contracted.Items.OrderBy(e => e.StartOn).Select(e => new KickoffDue(e, e.StartOn < today)).ToList();
        var risk = await Mediator.Send(new Core.Features.Insights.ChurnRisk.Query { AsOf = today }, ct);
        var atRisk = risk.Companies.Where(c => owner is null || c.CsOwnerId == owner)
            .Select(c => new RiskRow(c.CompanyId, c.Name, c.Signals)).ToList();
        return new CsHome(owner is not null, canSwitch, followUps.Items, kickoffs, atRisk);
    }

    private async Task<SalesHome> Sales(string? scope, int page, CancellationToken ct)
    {
        // Every open lead is work to do, a page at a time; of the decided ones the latest few are enough to look back
        // on. Newest first in each.
        var firstOpen = new ListExpansionLeads.Query { Status = "open", PageSize = SalesHome.PageSize };
        var open = await TryRead(firstOpen with { Page = page }, ct) ?? await Mediator.Send(firstOpen, ct);
        var decided = new List<ExpansionLeadDto>();
        foreach (var status in new[] { "converted", "lost" })
            decided.AddRange((await Mediator.Send(new ListExpansionLeads.Query { Status = status, PageSize = DecidedLeads }, ct)).Items);
        var latestDecided = decided.OrderByDescending(l => l.TossedOn).ThenBy(l => l.Id.ToString(), StringComparer.Ordinal).Take(DecidedLeads).ToList();
        var engagements = new Dictionary<Guid, IReadOnlyList<EngagementDto>>();
        foreach (var company in open.Items.Select(l => l.CompanyId).Distinct())
            engagements[company] = (await Mediator.Send(new ListEngagements.Query { CompanyId = company, PageSize = PagedQuery.MaxPageSize }, ct)).Items
                .Where(e => e.Status != EngagementStatus.Declined).ToList();
        return new SalesHome(open, latestDecided, engagements, string.IsNullOrEmpty(scope) ? null : scope);
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
