using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Events;
using Marketplace.Core.Shared;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Engagements;

public static class ContractEngagement
{
    public sealed record Command : ICommand<EngagementDto>
    {
        [JsonIgnore] public Guid EngagementId { get; init; }
        public DateOnly? ContractedOn { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.ContractedOn).Required().BusinessDate();
    }

    public sealed class Handler(Db db, Audit audit, EngagementView view, DomainEvents events, IClock clock) : IRequestHandler<Command, EngagementDto>
    {
        public async Task<EngagementDto> Handle(Command c, CancellationToken ct)
        {
            var e = await view.Row(c.EngagementId, ct);
            if (!EngagementLifecycle.CanContract(e.Status)) throw EngagementMoves.NotAllowed(e, "contracted");
            await CompanyLock.Take(db, e.CompanyId, ct);
            if (await db.ExecuteAsync(EngagementMoves.Sql.Contract, new { id = e.Id, version = e.Version, on = c.ContractedOn!.Value, at = clock.UtcNow }, ct) == 0)
                throw EngagementMoves.Concurrent(e.Id);
            events.Raise(new EngagementContracted(e.CompanyId, e.Id, c.ContractedOn!.Value));
            await audit.Write("status_change", "engagement", e.Id, $"proposed → contracted on {c.ContractedOn:yyyy-MM-dd}", ct);
            return await view.Get(e.Id, ct);
        }
    }
}
