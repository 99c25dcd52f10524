using Marketplace.Core.Features;
using Marketplace.Core.Features.Members;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Web.Controllers;

[Route("api")]
public sealed class MembersController : ApiController
{
    [EndpointSummary("Create a member")]
    [ProducesResponseType<MemberDto>(StatusCodes.Status201Created)]
    [HttpPost("members"), Authorize(Policies.Admin)]
    public async Task<ActionResult<MemberDto>> Create(CreateMember.Command command, CancellationToken ct)
    {
        var member = await Mediator.Send(command, ct);
        return Created($"/api/members/{member.Id}", member);
    }

    [EndpointSummary("List members")]
    [HttpGet("members"), Authorize(Policies.Read)]
    public Task<Paged<MemberDto>> List([FromQuery] ListMembers.Query query, CancellationToken ct) => Mediator.Send(query, ct);

    [EndpointSummary("Issue an API key to a member")]
    [ProducesResponseType<IssueApiKey.Result>(StatusCodes.Status201Created)]
    [HttpPost("members/{id}/api-keys"), Authorize(Policies.Admin)]
    public async Task<ActionResult<IssueApiKey.Result>> IssueKey(Guid id, CancellationToken ct)
    {
        var key = await Mediator.Send(new IssueApiKey.Command(id), ct);
        return Created($"/api/api-keys/{key.Id}", key);
    }

    [EndpointSummary("Set a member's password")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [HttpPost("members/{id}/password"), Authorize(Policies.Admin)]
    public async Task<IActionResult> SetPassword(Guid id, SetPassword.Command command, CancellationToken ct)
    {
        await Mediator.Send(command with { MemberId = id }, ct);
        return NoContent();
    }

    [EndpointSummary("Revoke an API key")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [HttpDelete("api-keys/{id}"), Authorize(Policies.Admin)]
    public async Task<IActionResult> RevokeKey(Guid id, CancellationToken ct)
    {
        await Mediator.Send(new RevokeApiKey.Command(id), ct);
        return NoContent();
    }

    [EndpointSummary("Read the audit log")]
    [HttpGet("audit"), Authorize(Policies.Admin)]
    public Task<Paged<ListAudit.Entry>> Audit([FromQuery] ListAudit.Query query, CancellationToken ct) => Mediator.Send(query, ct);
}
