using Marketplace.Core.Features;
using Marketplace.Core.Features.Notes;
using Marketplace.Core.Features.Timeline;
using Marketplace.Core.Features.Workers;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Marketplace.Core.Shared;

namespace Marketplace.Web.Controllers;

[Route("api/workers")]
public sealed class WorkersController : ApiController
{
    [EndpointSummary("Register a worker")]
    [ProducesResponseType<WorkerDto>(StatusCodes.Status201Created)]
    [HttpPost, Authorize(Policies.Workers)]
    public async Task<ActionResult<WorkerDto>> Register(RegisterWorker.Command command, CancellationToken ct)
    {
        var worker = await Mediator.Send(command, ct);
        return Created($"/api/workers/{worker.Id}", WithETag(worker, worker.Version));
    }

    [EndpointSummary("List workers")]
    [HttpGet, Authorize(Policies.Read)]
    public Task<Paged<WorkerDto>> List([FromQuery] ListWorkers.Query query, CancellationToken ct) => Mediator.Send(query, ct);

    [EndpointSummary("Get a worker")]
    [HttpGet("{id}"), Authorize(Policies.Read)]
    public async Task<WorkerDto> Get(Guid id, CancellationToken ct)
    {
        var worker = await Mediator.Send(new GetWorker.Query(id), ct);
        return WithETag(worker, worker.Version);
    }

    [EndpointSummary("Update a worker's profile")]
    [ProducesResponseType<WorkerDto>(StatusCodes.Status200OK), ProducesResponseType(StatusCodes.Status428PreconditionRequired)]
    [HttpPut("{id}"), Authorize(Policies.Workers)]
    public async Task<WorkerDto> Update(Guid id, UpdateWorker.Command command, CancellationToken ct)
    {
        var worker = await Mediator.Send(command with { Id = id, ExpectedVersion = IfMatch() }, ct);
        return WithETag(worker, worker.Version);
    }

    [EndpointSummary("Change a worker's status")]
    [HttpPost("{id}/status"), Authorize(Policies.Workers)]
    public async Task<WorkerDto> ChangeStatus(Guid id, ChangeWorkerStatus.Command command, CancellationToken ct)
    {
        var worker = await Mediator.Send(command with { WorkerId = id, ExpectedVersion = IfMatch() }, ct);
        return WithETag(worker, worker.Version);
    }

    [EndpointSummary("A worker's status history")]
    [HttpGet("{id}/history"), Authorize(Policies.Read)]
    public Task<IReadOnlyList<GetWorkerHistory.Entry>> History(Guid id, CancellationToken ct) => Mediator.Send(new GetWorkerHistory.Query(id), ct);

    [EndpointSummary("Write a note of a call or meeting with a worker")]
    [ProducesResponseType<NoteDto>(StatusCodes.Status201Created)]
    [HttpPost("{id}/notes"), Authorize(Policies.Workers)]
    public async Task<ActionResult<NoteDto>> WriteNote(Guid id, WriteNote.Command command, CancellationToken ct)
    {
        var note = await Mediator.Send(command with { WorkerId = id, CompanyId = null }, ct);
        return Created($"/api/workers/{id}/timeline", note);
    }

    [EndpointSummary("A worker's timeline, newest first")]
    [HttpGet("{id}/timeline"), Authorize(Policies.Read)]
    public async Task<IReadOnlyList<TimelineItem>> Timeline(Guid id, [FromQuery] int page = 1, [FromQuery] int pageSize = 50, CancellationToken ct = default) =>
        TimelineText.Items(await Mediator.Send(new GetWorkerTimeline.Query(id) { Page = page, PageSize = pageSize }, ct), Text);
}
