using Marketplace.Core.Features;
using Marketplace.Core.Features.Notifications;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Web.Controllers;

/// <summary>A member's digest preferences (theirs or, for admins, anyone's) and the digest outbox (admins).</summary>
[Route("api")]
public sealed class NotificationsController : ApiController
{
    [EndpointSummary("Get a member's notification preferences")]
    [HttpGet("members/{id}/notifications"), Authorize(Policies.MemberOrAdmin)]
    public async Task<NotificationPreferencesDto> Get(Guid id, CancellationToken ct)
    {
        var preferences = await Mediator.Send(new GetNotificationPreferences.Query(id), ct);
        return WithETag(preferences, preferences.Version);
    }

    [EndpointSummary("Set a member's notification preferences")]
    [ProducesResponseType<NotificationPreferencesDto>(StatusCodes.Status200OK), ProducesResponseType(StatusCodes.Status428PreconditionRequired)]
    [HttpPut("members/{id}/notifications"), Authorize(Policies.MemberOrAdmin)]
    public async Task<NotificationPreferencesDto> Put(Guid id, UpdateNotificationPreferences.Command command, CancellationToken ct)
    {
        var preferences = await Mediator.Send(command with { MemberId = id, ExpectedVersion = IfMatch() }, ct);
        return WithETag(preferences, preferences.Version);
    }

    [EndpointSummary("List the digests sent, skipped, waiting or failed")]
    [HttpGet("notifications"), Authorize(Policies.Admin)]
    public Task<Paged<DigestDto>> List([FromQuery] ListDigests.Query query, CancellationToken ct) => Mediator.Send(query, ct);

    [EndpointSummary("Send a day's digests now (a digest already sent is not sent again)")]
    [HttpPost("notifications/digests/run"), Authorize(Policies.Admin)]
    public Task<SendDigests.Result> Run([FromQuery] DateOnly? day, CancellationToken ct) => Mediator.Send(new SendDigests.Command { Day = day }, ct);
}
