using Marketplace.Core.Domain;
using Marketplace.Core.Features;
using Marketplace.Core.Features.Churn;
using Marketplace.Core.Features.Companies;
using Marketplace.Core.Features.Documents;
using Marketplace.Core.Features.Engagements;
using Marketplace.Core.Features.Members;
using Marketplace.Core.Features.Workers;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Marketplace.Core.Shared;

namespace Marketplace.Web.Controllers.Pages;

public sealed record ProposePage(CompanyDto Company, IReadOnlyList<WorkerDto> Workers);

public sealed record EngagementPage(EngagementDto Engagement, CompanyDto Company, IReadOnlyList<MemberDto> CsMembers, IReadOnlyList<ListChurnReasons.Item> Reasons)
{
    /// <summary>The lifecycle as the stepper shows it: 提案 → 契約 → キックオフ → 経過面談 → 終了, the next action marked current.</summary>
    public IReadOnlyList<LifecycleStep> Steps
    {
        get
        {
            var e = Engagement;
            var current = e.Status switch
            {
                EngagementStatus.Proposed => "contract",
                EngagementStatus.Contracted => "kickoff",
                EngagementStatus.Active => "follow-up",
                _ => null,
            };
            return
            [
                new("propose", true, false),
                new("contract", e.ContractedOn is not null, current == "contract"),
                new("kickoff", e.Kickoff is not null, current == "kickoff"),
                new("follow-up", e.FollowUps.Any(f => f.HeldOn is not null), current == "follow-up"),
                new("end", e.Status == EngagementStatus.Ended, false),
            ];
        }
    }
}

/// <summary>One step of the stepper; its key is also the id of the step's form on the page.</summary>
public sealed record LifecycleStep(string Key, bool Done, bool Current);

/// <summary>The CS engagement flow: propose, contract, kickoff, checklist, follow-up and end, one form each.</summary>
[Route("engagements")]
public sealed class EngagementsPageController : PageController
{
    [HttpGet("new"), Authorize(Policies.CustomerSuccess)]
    public async Task<IActionResult> New([FromQuery] Guid companyId, CancellationToken ct) => View("New", await LoadNew(companyId, ct));

    [HttpPost("new"), Authorize(Policies.CustomerSuccess)]
    public async Task<IActionResult> Propose([FromForm] ProposeEngagement.Command command, CancellationToken ct)
    {
        // Only an import replays history: a form field of that name is not the page's to set.
        if (BoundCleanly("propose") && await TrySend(command with { FromHistory = false }, ct, "propose") is { Ok: true, Value: { } created })
            return RedirectToAction(nameof(Show), new { id = created.Id });
        return View("New", await LoadNew(command.CompanyId ?? Guid.Empty, ct));
    }

    [HttpGet("{id:guid}"), Authorize(Policies.Read)]
    public async Task<IActionResult> Show(Guid id, CancellationToken ct) => View("Show", await Load(id, ct));

    [HttpPost("{id:guid}/contract"), Authorize(Policies.CustomerSuccess)]
    public Task<IActionResult> Contract(Guid id, [FromForm] ContractEngagement.Command command, CancellationToken ct) =>
        Step(id, command with { EngagementId = id }, "contract", ct);

    [HttpPost("{id:guid}/decline"), Authorize(Policies.CustomerSuccess)]
    public Task<IActionResult> Decline(Guid id, [FromForm] DeclineEngagement.Command command, CancellationToken ct) =>
        Step(id, command with { EngagementId = id }, "decline", ct);

    [HttpPost("{id:guid}/kickoff"), Authorize(Policies.CustomerSuccess)]
    public Task<IActionResult> Kickoff(Guid id, [FromForm] RecordKickoff.Command command, [FromForm] string? attendeeNames, CancellationToken ct) =>
        Step(id, command with { EngagementId = id, Attendees = FormHelpers.ListOf(attendeeNames), FromHistory = false }, "kickoff", ct);

    [HttpPost("{id:guid}/kickoff/correction"), Authorize(Policies.CustomerSuccess)]
    public Task<IActionResult> CorrectKickoff(Guid id, [FromForm] CorrectKickoff.Command command, [FromForm] string? attendeeNames, CancellationToken ct) =>
        Step(id, command with { EngagementId = id, Attendees = FormHelpers.ListOf(attendeeNames) }, "correct-kickoff", ct);

    /// <summary>The checklist form posts every item: ticked boxes arrive as "done", the rest are open.</summary>
    [HttpPost("{id:guid}/checklist"), Authorize(Policies.CustomerSuccess)]
    public Task<IActionResult> Checklist(Guid id, [FromForm] string[]? done, CancellationToken ct)
    {
        var ticked = (done ?? []).ToHashSet(StringComparer.Ordinal);
        var items = KickoffChecklist.Keys.Select(k => new UpdateKickoffChecklist.Item { Key = k, Done = ticked.Contains(k) }).ToList();
        return Step(id, new UpdateKickoffChecklist.Command { EngagementId = id, Items = items }, "checklist", ct);
    }

    [HttpPost("{id:guid}/follow-ups"), Authorize(Policies.CustomerSuccess)]
    public Task<IActionResult> FollowUp(Guid id, [FromForm] RecordFollowUp.Command command, CancellationToken ct) =>
        Step(id, command with { EngagementId = id }, "follow-up", ct);

    [HttpPost("{id:guid}/follow-ups/{followUpId:guid}/correction"), Authorize(Policies.CustomerSuccess)]
    public Task<IActionResult> CorrectFollowUp(Guid id, Guid followUpId, [FromForm] CorrectFollowUp.Command command, CancellationToken ct) =>
        Step(id, command with { FollowUpId = followUpId }, $"correct-follow-up-{followUpId}", ct);

    /// <summary>An end cannot be undone on screen, so the form asks for a tick that the member means it, checked here too.</summary>
    [HttpPost("{id:guid}/end"), Authorize(Policies.CustomerSuccess)]
    public Task<IActionResult> End(Guid id, [FromForm] EndEngagement.Command command, [FromForm] bool confirmed, [FromServices] UiText t, CancellationToken ct)
    {
        if (!confirmed) ModelState.AddModelError("confirmed", t["内容を確認のうえ、チェックを入れてください。"]);
        return Step(id, command with { EngagementId = id }, "end", ct);
    }

    [HttpPost("{id:guid}/end/correction"), Authorize(Policies.CustomerSuccess)]
    public Task<IActionResult> CorrectEnd(Guid id, [FromForm] CorrectEngagementEnd.Command command, CancellationToken ct) =>
        Step(id, command with { EngagementId = id }, "correct-end", ct);

    [HttpGet("{id:guid}/kickoff-checklist"), Authorize(Policies.Read)]
    public async Task<IActionResult> ChecklistDocument(Guid id, [FromQuery] string? format, [FromQuery] string? lang, CancellationToken ct) =>
        this.Rendered(await Mediator.Send(new KickoffChecklistDocument.Query(id, format, lang), ct));

    private Task<IActionResult> Step<TResponse>(Guid id, MediatR.IRequest<TResponse> command, string form, CancellationToken ct) =>
        Submit(command, form, $"/engagements/{id}#{form}", "Show", () => Load(id, ct), ct);

    private async Task<EngagementPage> Load(Guid id, CancellationToken ct)
    {
        var engagement = await Mediator.Send(new GetEngagement.Query(id), ct);
        var company = await Mediator.Send(new GetCompany.Query(engagement.CompanyId), ct);
        var cs = await Mediator.Send(new ListMembers.Query { Team = "cs", PageSize = PagedQuery.MaxPageSize }, ct);
        var reasons = await Mediator.Send(new ListChurnReasons.Query(), ct);
        return new EngagementPage(engagement, company, cs.Items, reasons.Where(r => r.AppliesTo is "both" or "engagement").ToList());
    }

    private async Task<ProposePage> LoadNew(Guid companyId, CancellationToken ct)
    {
        var company = await Mediator.Send(new GetCompany.Query(companyId), ct);
        var workers = new List<WorkerDto>();
        foreach (var status in new[] { "available", "proposed", "active" })
            workers.AddRange((await Mediator.Send(new ListWorkers.Query { Status = status, PageSize = PagedQuery.MaxPageSize }, ct)).Items);
        return new ProposePage(company, workers.OrderBy(w => w.Name, StringComparer.Ordinal).ToList());
    }
}
