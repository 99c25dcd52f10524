using Marketplace.Core.Features;
using Marketplace.Core.Features.Playbooks;
using Marketplace.Core.Features.Tasks;
using Marketplace.Core.Shared;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Web.Controllers;

/// <summary>Tasks are every team's: any member writes, reschedules, completes and reopens them; admins configure the playbooks.</summary>
[Route("api")]
public sealed class TasksController : ApiController
{
    [EndpointSummary("List tasks by assignee, status, due window or link")]
    [HttpGet("tasks"), Authorize(Policies.Read)]
    public Task<Paged<TaskDto>> List([FromQuery] ListTasks.Query query, CancellationToken ct) => Mediator.Send(query, ct);

    [EndpointSummary("Write a task")]
    [ProducesResponseType<TaskDto>(StatusCodes.Status201Created)]
    [HttpPost("tasks"), Authorize(Policies.Read)]
    public async Task<ActionResult<TaskDto>> Create(CreateTask.Command command, CancellationToken ct)
    {
        var task = await Mediator.Send(command, ct);
        return Created($"/api/tasks/{task.Id}", WithETag(task, task.Version));
    }

    [EndpointSummary("Get a task")]
    [HttpGet("tasks/{id}"), Authorize(Policies.Read)]
    public async Task<TaskDto> Get(Guid id, CancellationToken ct)
    {
        var task = await Mediator.Send(new GetTask.Query(id), ct);
        return WithETag(task, task.Version);
    }

    [EndpointSummary("Edit or reschedule a task")]
    [ProducesResponseType<TaskDto>(StatusCodes.Status200OK), ProducesResponseType(StatusCodes.Status428PreconditionRequired)]
    [HttpPut("tasks/{id}"), Authorize(Policies.Read)]
    public async Task<TaskDto> Update(Guid id, UpdateTask.Command command, CancellationToken ct)
    {
        var task = await Mediator.Send(command with { Id = id, ExpectedVersion = IfMatch() }, ct);
        return WithETag(task, task.Version);
    }

    [EndpointSummary("Complete a task")]
    [HttpPost("tasks/{id}/complete"), Authorize(Policies.Read)]
    public async Task<TaskDto> Complete(Guid id, CompleteTask.Command command, CancellationToken ct)
    {
        var task = await Mediator.Send(command with { Id = id }, ct);
        return WithETag(task, task.Version);
    }

    [EndpointSummary("Reopen a completed task")]
    [HttpPost("tasks/{id}/reopen"), Authorize(Policies.Read)]
    public async Task<TaskDto> Reopen(Guid id, CancellationToken ct)
    {
        var task = await Mediator.Send(new ReopenTask.Command { Id = id }, ct);
        return WithETag(task, task.Version);
    }

    [EndpointSummary("List the playbook rules")]
    [HttpGet("playbooks"), Authorize(Policies.Read)]
    public Task<IReadOnlyList<PlaybookDto>> Playbooks(CancellationToken ct) => Mediator.Send(new ListPlaybooks.Query(), ct);

    [EndpointSummary("Run the waiting playbook rules (overdue follow-ups, stalled onboarding) for a day now")]
    [HttpPost("playbooks/run"), Authorize(Policies.Admin)]
    public Task<RaiseWaitingTasks.Result> Run([FromQuery] DateOnly? day, CancellationToken ct) => Mediator.Send(new RaiseWaitingTasks.Command { Day = day }, ct);

    [EndpointSummary("Configure a playbook rule")]
    [HttpPut("playbooks/{rule}"), Authorize(Policies.Admin)]
    public async Task<PlaybookDto> UpdatePlaybook(string rule, UpdatePlaybook.Command command, CancellationToken ct)
    {
        var playbook = await Mediator.Send(command with { Rule = rule, ExpectedVersion = IfMatch() }, ct);
        return WithETag(playbook, playbook.Version);
    }
}
