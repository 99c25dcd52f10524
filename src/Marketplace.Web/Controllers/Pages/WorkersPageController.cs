using Marketplace.Core.Domain;
using Marketplace.Core.Features;
using Marketplace.Core.Features.Engagements;
using Marketplace.Core.Features.Members;
using Marketplace.Core.Features.Notes;
using Marketplace.Core.Features.Timeline;
using Marketplace.Core.Features.Workers;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Marketplace.Core.Shared;

namespace Marketplace.Web.Controllers.Pages;

public sealed record WorkerBoard(GetWorkerBoard.Query Filter, GetWorkerBoard.Board Board, IReadOnlyList<MemberDto> Concierges)
{
    /// <summary>The board as it is, with one column turned to another page.</summary>
    public string PageLink(WorkerStatus status, int page)
    {
        var query = new Dictionary<string, string?> { ["q"] = Filter.Q, ["jobType"] = Filter.JobType, ["conciergeId"] = Filter.ConciergeId?.ToString() };
        foreach (var s in Enum.GetValues<WorkerStatus>())
            if ((s == status ? page : Filter.PageOf(s)) is var p and > 1) query[$"page[{Wire.Name(s)}]"] = p.ToString();
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/workers", query.Where(q => !string.IsNullOrEmpty(q.Value)));
    }
}

public sealed record WorkerPage(WorkerDto Worker, IReadOnlyList<EngagementDto> Engagements, IReadOnlyList<GetWorkerHistory.Entry> History,
    IReadOnlyList<MemberDto> Concierges, Paged<TimelineEntry> Timeline);

/// <summary>The profile form of a new worker: the concierges to assign.</summary>
public sealed record NewWorkerPage(IReadOnlyList<MemberDto> Concierges);

/// <summary>The concierge's board: workers in columns by status, registering a worker, and each worker's page.</summary>
[Route("workers")]
public sealed class WorkersPageController : PageController
{
    [HttpGet(""), Authorize(Policies.Read)]
    public async Task<IActionResult> Board([FromQuery] GetWorkerBoard.Query filter, CancellationToken ct) =>
        View(new WorkerBoard(filter, await Mediator.Send(filter, ct), await Concierges(ct)));

    [HttpGet("new"), Authorize(Policies.Workers)]
    public async Task<IActionResult> New(CancellationToken ct) => View("New", new NewWorkerPage(await Concierges(ct)));

    [HttpPost("new"), Authorize(Policies.Workers)]
    public async Task<IActionResult> Register([FromForm] RegisterWorker.Command command, [FromForm] string? skillNames, CancellationToken ct)
    {
        if (BoundCleanly(ProfileForm.Name) && await TrySend(command with { Skills = FormHelpers.ListOf(skillNames) }, ct, ProfileForm.Name) is { Ok: true, Value: { } created })
            return RedirectToAction(nameof(Show), new { id = created.Id });
        return View("New", new NewWorkerPage(await Concierges(ct)));
    }

    [HttpGet("{id:guid}"), Authorize(Policies.Read)]
    public async Task<IActionResult> Show(Guid id, [FromQuery] int timelinePage = 1, CancellationToken ct = default) =>
        View("Show", await Load(id, ct, timelinePage));

    /// <summary>The profile and the concierge in one form; the version it was read at guards against a concurrent edit.</summary>
    [HttpPost("{id:guid}/profile"), Authorize(Policies.Workers)]
    public Task<IActionResult> Update(Guid id, [FromForm] UpdateWorker.Command command, [FromForm] string? skillNames, CancellationToken ct) =>
        Submit(command with { Id = id, Skills = FormHelpers.ListOf(skillNames) }, ProfileForm.Name, $"/workers/{id}", "Show", () => Load(id, ct), ct);

    [HttpPost("{id:guid}/status"), Authorize(Policies.Workers)]
    public Task<IActionResult> ChangeStatus(Guid id, [FromForm] ChangeWorkerStatus.Command command, CancellationToken ct) =>
        Submit(command with { WorkerId = id }, "status", $"/workers/{id}", "Show", () => Load(id, ct), ct);

    [HttpPost("{id:guid}/notes"), Authorize(Policies.Workers)]
    public Task<IActionResult> WriteNote(Guid id, [FromForm] WriteNote.Command command, CancellationToken ct) =>
        Submit(command with { WorkerId = id, CompanyId = null }, TimelinePages.NoteForm, $"/workers/{id}#timeline", "Show", () => Load(id, ct), ct);

    private async Task<IReadOnlyList<MemberDto>> Concierges(CancellationToken ct) =>
        (await Mediator.Send(new ListMembers.Query { Team = "cc", PageSize = PagedQuery.MaxPageSize }, ct)).Items;

    private async Task<WorkerPage> Load(Guid id, CancellationToken ct, int timelinePage = 1)
    {
        var worker = await Mediator.Send(new GetWorker.Query(id), ct);
        var engagements = await Mediator.Send(new ListEngagements.Query { WorkerId = id, PageSize = PagedQuery.MaxPageSize }, ct);
        var history = await Mediator.Send(new GetWorkerHistory.Query(id), ct);
        var timeline = await Mediator.Send(new GetWorkerTimeline.Query(id) { Page = Math.Max(1, timelinePage), PageSize = TimelinePages.PageSize }, ct);
        return new WorkerPage(worker, engagements.Items, history, await Concierges(ct), timeline);
    }
}

/// <summary>The profile fields, shared by registering and editing: the worker being edited (none when registering).</summary>
public sealed record ProfileForm(WorkerDto? Worker, IReadOnlyList<MemberDto> Concierges)
{
    public const string Name = "profile";

    /// <summary>The concierges to choose from, with the current one even when no longer on the cc team (an admin).</summary>
    public IEnumerable<(Guid Id, string Name)> Choices()
    {
        foreach (var c in Concierges) yield return (c.Id, c.Name);
        if (Worker is { } w && Concierges.All(c => c.Id != w.ConciergeId)) yield return (w.ConciergeId, w.ConciergeName);
    }
}
