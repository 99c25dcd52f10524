using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Events;
using Marketplace.Core.Shared;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Engagements;

public static class DeclineEngagement
{
    public sealed record Command : ICommand<EngagementDto>
    {
        [JsonIgnore] public Guid EngagementId { get; init; }
        public string? Note { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Note).OptionalText(4000);
    }

    public sealed class Handler(Db db, Audit audit, EngagementView view, WorkerStatusWriter workers, DomainEvents events, IClock clock) : IRequestHandler<Command, EngagementDto>
    {
        public async Task<EngagementDto> Handle(Command c, CancellationToken ct)
        {
            var e = await view.Row(c.EngagementId, ct);
            if (!EngagementLifecycle.CanDecline(e.Status)) throw EngagementMoves.NotAllowed(e, "declined");
            await CompanyLock.Take(db, e.CompanyId, ct);
            if (await db.ExecuteAsync(EngagementMoves.Sql.Decline, new { id = e.Id, version = e.Version, note = c.Note, at = clock.UtcNow }, ct) == 0)
                throw EngagementMoves.Concurrent(e.Id);
            await audit.Write("status_change", "engagement", e.Id, "proposed → declined", ct);
            events.Raise(new EngagementDeclined(e.CompanyId, e.Id));
            await workers.AfterEngagementClosed(e.WorkerId, e.Id, ct);
            return await view.Get(e.Id, ct);
        }
    }
}
