using Marketplace.Core.Domain;
using Marketplace.Core.Features;
using Marketplace.Core.Features.Engagements;
using Marketplace.Core.Features.Members;
using Marketplace.Core.Features.Workers;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Marketplace.Core.Shared;

namespace Marketplace.Web.Controllers.Pages;

public sealed record WorkerBoard(ListWorkers.Query Filter, IReadOnlyList<WorkerDto> Workers, int Total, IReadOnlyList<MemberDto> Concierges);

public sealed record WorkerPage(WorkerDto Worker, IReadOnlyList<EngagementDto> Engagements, IReadOnlyList<GetWorkerHistory.Entry> History);

/// <summary>The concierge's board: workers in columns by status, and each worker's page.</summary>
[Route("workers")]
public sealed class WorkersPageController : PageController
{
    [HttpGet(""), Authorize(Policies.Read)]
    public async Task<IActionResult> Board([FromQuery] string? jobType, [FromQuery] Guid? conciergeId, [FromQuery] string? q, CancellationToken ct)
    {
        var filter = new ListWorkers.Query { JobType = string.IsNullOrEmpty(jobType) ? null : jobType, ConciergeId = conciergeId, Q = q, PageSize = PagedQuery.MaxPageSize };
        var page = await Mediator.Send(filter, ct);
        var concierges = await Mediator.Send(new ListMembers.Query { Team = "cc", PageSize = PagedQuery.MaxPageSize }, ct);
        return View(new WorkerBoard(filter, page.Items, page.Total, concierges.Items));
    }

    [HttpGet("{id:guid}"), Authorize(Policies.Read)]
    public async Task<IActionResult> Show(Guid id, CancellationToken ct) => View("Show", await Load(id, ct));

    [HttpPost("{id:guid}/status"), Authorize(Policies.Workers)]
    public Task<IActionResult> ChangeStatus(Guid id, [FromForm] ChangeWorkerStatus.Command command, CancellationToken ct) =>
        Submit(command with { WorkerId = id }, "status", $"/workers/{id}", "Show", () => Load(id, ct), ct);

    private async Task<WorkerPage> Load(Guid id, CancellationToken ct)
    {
        var worker = await Mediator.Send(new GetWorker.Query(id), ct);
        var engagements = await Mediator.Send(new ListEngagements.Query { WorkerId = id, PageSize = PagedQuery.MaxPageSize }, ct);
        var history = await Mediator.Send(new GetWorkerHistory.Query(id), ct);
        return new WorkerPage(worker, engagements.Items, history);
    }
}
