using Marketplace.Core.Features;
using Marketplace.Core.Features.Churn;
using Marketplace.Core.Features.Engagements;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Marketplace.Core.Shared;

namespace Marketplace.Web.Controllers;

[Route("api")]
public sealed class EngagementsController : ApiController
{
    [EndpointSummary("Propose a worker for an engagement")]
    [ProducesResponseType<EngagementDto>(StatusCodes.Status201Created)]
    [HttpPost("engagements"), Authorize(Policies.CustomerSuccess)]
    public async Task<ActionResult<EngagementDto>> Propose(ProposeEngagement.Command command, CancellationToken ct)
    {
        var engagement = await Mediator.Send(command, ct);
        return Created($"/api/engagements/{engagement.Id}", WithETag(engagement, engagement.Version));
    }

    [EndpointSummary("List engagements")]
    [HttpGet("engagements"), Authorize(Policies.Read)]
    public Task<Paged<EngagementDto>> List([FromQuery] ListEngagements.Query query, CancellationToken ct) => Mediator.Send(query, ct);

    [EndpointSummary("Get an engagement")]
    [HttpGet("engagements/{id}"), Authorize(Policies.Read)]
    public async Task<EngagementDto> Get(Guid id, CancellationToken ct)
    {
        var engagement = await Mediator.Send(new GetEngagement.Query(id), ct);
        return WithETag(engagement, engagement.Version);
    }

    [EndpointSummary("Correct an engagement's terms")]
    [ProducesResponseType<EngagementDto>(StatusCodes.Status200OK), ProducesResponseType(StatusCodes.Status428PreconditionRequired)]
    [HttpPut("engagements/{id}"), Authorize(Policies.CustomerSuccess)]
    public async Task<EngagementDto> CorrectTerms(Guid id, CorrectEngagementTerms.Command command, CancellationToken ct)
    {
        var engagement = await Mediator.Send(command with { EngagementId = id, ExpectedVersion = IfMatch() }, ct);
        return WithETag(engagement, engagement.Version);
    }

    [EndpointSummary("Record an engagement's contract")]
    [HttpPost("engagements/{id}/contract"), Authorize(Policies.CustomerSuccess)]
    public async Task<EngagementDto> Contract(Guid id, ContractEngagement.Command command, CancellationToken ct)
    {
        var engagement = await Mediator.Send(command with { EngagementId = id }, ct);
        return WithETag(engagement, engagement.Version);
    }

    [EndpointSummary("Decline a proposed engagement")]
    [HttpPost("engagements/{id}/decline"), Authorize(Policies.CustomerSuccess)]
    public async Task<EngagementDto> Decline(Guid id, DeclineEngagement.Command command, CancellationToken ct)
    {
        var engagement = await Mediator.Send(command with { EngagementId = id }, ct);
        return WithETag(engagement, engagement.Version);
    }

    [EndpointSummary("Record the kickoff meeting")]
    [ProducesResponseType<EngagementDto>(StatusCodes.Status200OK), ProducesResponseType(StatusCodes.Status422UnprocessableEntity)]
    [HttpPost("engagements/{id}/kickoff"), Authorize(Policies.CustomerSuccess)]
    public async Task<EngagementDto> Kickoff(Guid id, RecordKickoff.Command command, CancellationToken ct)
    {
        var engagement = await Mediator.Send(command with { EngagementId = id }, ct);
        return WithETag(engagement, engagement.Version);
    }

    [EndpointSummary("Correct the kickoff record")]
    [ProducesResponseType<EngagementDto>(StatusCodes.Status200OK), ProducesResponseType(StatusCodes.Status422UnprocessableEntity)]
    [HttpPut("engagements/{id}/kickoff"), Authorize(Policies.CustomerSuccess)]
    public async Task<EngagementDto> CorrectKickoff(Guid id, CorrectKickoff.Command command, CancellationToken ct)
    {
        var engagement = await Mediator.Send(command with { EngagementId = id }, ct);
        return WithETag(engagement, engagement.Version);
    }

    [EndpointSummary("Update the kickoff checklist")]
    [HttpPut("engagements/{id}/kickoff/checklist"), Authorize(Policies.CustomerSuccess)]
    public Task<IReadOnlyList<ChecklistItemDto>> Checklist(Guid id, UpdateKickoffChecklist.Command command, CancellationToken ct) =>
        Mediator.Send(command with { EngagementId = id }, ct);

    [EndpointSummary("Record a follow-up")]
    [ProducesResponseType<FollowUpDto>(StatusCodes.Status201Created)]
    [HttpPost("engagements/{id}/follow-ups"), Authorize(Policies.CustomerSuccess)]
    public async Task<ActionResult<FollowUpDto>> FollowUp(Guid id, RecordFollowUp.Command command, CancellationToken ct)
    {
        var followUp = await Mediator.Send(command with { EngagementId = id }, ct);
        return Created($"/api/engagements/{id}", followUp);
    }

    [EndpointSummary("End an engagement")]
    [ProducesResponseType<EngagementChurnRecord>(StatusCodes.Status201Created)]
    [HttpPost("engagements/{id}/end"), Authorize(Policies.CustomerSuccess)]
    public async Task<ActionResult<EngagementChurnRecord>> End(Guid id, EndEngagement.Command command, CancellationToken ct)
    {
        var churn = await Mediator.Send(command with { EngagementId = id }, ct);
        return Created($"/api/engagements/{id}", churn);
    }

    [EndpointSummary("Correct a follow-up")]
    [HttpPut("follow-ups/{id}"), Authorize(Policies.CustomerSuccess)]
    public Task<FollowUpDto> CorrectFollowUp(Guid id, CorrectFollowUp.Command command, CancellationToken ct) =>
        Mediator.Send(command with { FollowUpId = id }, ct);

    [EndpointSummary("Correct an engagement's end record")]
    [ProducesResponseType<EngagementChurnRecord>(StatusCodes.Status200OK), ProducesResponseType(StatusCodes.Status422UnprocessableEntity)]
    [HttpPut("engagements/{id}/end"), Authorize(Policies.CustomerSuccess)]
    public Task<EngagementChurnRecord> CorrectEnd(Guid id, CorrectEngagementEnd.Command command, CancellationToken ct) =>
        Mediator.Send(command with { EngagementId = id }, ct);

    [EndpointSummary("List follow-ups that are due")]
    [HttpGet("follow-ups"), Authorize(Policies.Read)]
    public Task<Paged<ListDueFollowUps.Item>> DueFollowUps([FromQuery] ListDueFollowUps.Query query, CancellationToken ct) => Mediator.Send(query, ct);
}
