using System.Security.Claims;
using Marketplace.Core.Features;
using Marketplace.Core.Features.Members;
using Marketplace.Core.Features.Notifications;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Web.Controllers.Pages;

public sealed record NotificationsPage(MemberDto Member, NotificationPreferencesDto Preferences, bool Saved, bool Mine);

public sealed record DigestsPage(Paged<DigestDto> Digests, string? Status, DateOnly? Day, SendDigests.Result? Ran);

/// <summary>
/// 通知設定: the signed-in member's digest preferences (admins open anyone's from the member page), and for admins the
/// digest outbox with a button that sends a day's digests now.
/// </summary>
public sealed class NotificationsPageController : PageController
{
    private const string ViewPreferences = "~/Views/Notifications/Preferences.cshtml";
    private const string ViewDigests = "~/Views/Notifications/Digests.cshtml";

    private Guid? Me => User.FindFirstValue(ClaimNames.MemberId) is { } id ? Guid.Parse(id) : null;

    [HttpGet("/notifications"), Authorize(Policies.Read)]
    public IActionResult Mine() => Me is { } me ? Redirect($"/members/{me}/notifications") : NotFound();

    [HttpGet("/members/{id:guid}/notifications"), Authorize(Policies.Read)]
    public async Task<IActionResult> Preferences(Guid id, [FromQuery] string? saved, CancellationToken ct) =>
        View(ViewPreferences, await Load(id, saved == "1", ct));

    [HttpPost("/members/{id:guid}/notifications"), Authorize(Policies.Read)]
    public Task<IActionResult> Save(Guid id, [FromForm] UpdateNotificationPreferences.Command command, [FromForm] long? expectedVersion, CancellationToken ct) =>
        Submit(command with { MemberId = id, ExpectedVersion = expectedVersion }, "notifications", $"/members/{id}/notifications?saved=1", ViewPreferences,
            () => Load(id, false, ct), ct);

    [HttpGet("/admin/notifications"), Authorize(Policies.Admin)]
    public async Task<IActionResult> Digests([FromQuery] string? status, [FromQuery] DateOnly? day, [FromQuery] int page = 1, CancellationToken ct = default) =>
        View(ViewDigests, await LoadDigests(status, day, page, null, ct));

    [HttpPost("/admin/notifications/run"), Authorize(Policies.Admin)]
    public async Task<IActionResult> Run([FromForm] DateOnly? day, CancellationToken ct)
    {
        var sent = await TrySend(new SendDigests.Command { Day = day }, ct, "run");
        return View(ViewDigests, await LoadDigests(null, sent.Value?.Day ?? day, 1, sent.Value, ct));
    }

    private async Task<NotificationsPage> Load(Guid id, bool saved, CancellationToken ct)
    {
        // The preferences first: they refuse another member's page before the member is read.
        var preferences = await Mediator.Send(new GetNotificationPreferences.Query(id), ct);
        return new NotificationsPage(await Mediator.Send(new GetMember.Query(id), ct), preferences, saved, id == Me);
    }

    private async Task<DigestsPage> LoadDigests(string? status, DateOnly? day, int page, SendDigests.Result? ran, CancellationToken ct)
    {
        var query = new ListDigests.Query { Status = string.IsNullOrEmpty(status) ? null : status, Day = day, Page = page, PageSize = 100 };
        var digests = await TryRead(query, ct) ?? await Mediator.Send(new ListDigests.Query { PageSize = 100 }, ct);
        return new DigestsPage(digests, query.Status, day, ran);
    }
}
