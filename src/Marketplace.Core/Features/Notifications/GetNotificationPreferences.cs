using Marketplace.Core.Data;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Notifications;

/// <summary>A member's digest preferences, or the defaults while they have set none.</summary>
public static class GetNotificationPreferences
{
    public sealed record Query(Guid MemberId) : IRequest<NotificationPreferencesDto>;

    public sealed class Handler(Db db, IActorAccessor actor) : IRequestHandler<Query, NotificationPreferencesDto>
    {
        public Task<NotificationPreferencesDto> Handle(Query q, CancellationToken ct)
        {
            Preferences.CheckAccess(actor.Current, q.MemberId);
            return Preferences.Read(db, q.MemberId, ct);
        }
    }
}
