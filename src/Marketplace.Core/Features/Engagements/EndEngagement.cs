using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Shared;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Engagements;

/// <summary>CS ends an engagement; the answer is its engagement churn record (案件解約).</summary>
public static class EndEngagement
{
    public sealed record Command : EndFields, ICommand<EngagementChurnRecord>
    {
        [JsonIgnore] public Guid EngagementId { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new EndValidator<Command>());
    }

    public sealed class Handler(Db db, ReasonCatalogCache reasonCatalog, EngagementView view, EngagementEnding ending) : IRequestHandler<Command, EngagementChurnRecord>
    {
        public async Task<EngagementChurnRecord> Handle(Command c, CancellationToken ct)
        {
            var e = await view.Get(c.EngagementId, ct);
            if (!EngagementLifecycle.CanEnd(e.Status)) throw EngagementMoves.NotAllowed(e, "ended");
            var endedOn = c.EndedOn!.Value;
            RecordChecks.EndAfterStart("endedOn", endedOn, e.Kickoff?.HeldOn, e.ContractedOn);
            var reasons = c.Reasons!.Distinct().ToList();
            var catalog = await reasonCatalog.Check(ChurnKind.Engagement, reasons, ct);
            await CompanyLock.Take(db, e.CompanyId, ct);
            await ending.End(new EngagementEnding.Ending(
                e.Id, e.CompanyId, e.WorkerId, e.Version, endedOn, c.InitiatedBy!.Value, reasons, c.Note, null), ct);
            return EngagementEnding.Record(await view.Get(e.Id, ct));
        }
    }
}
