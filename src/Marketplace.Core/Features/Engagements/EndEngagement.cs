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
    public sealed record Command : ICommand<EngagementChurnRecord>
    {
        [JsonIgnore] public Guid EngagementId { get; init; }
        public DateOnly? EndedOn { get; init; }
        public ChurnInitiator? InitiatedBy { get; init; }
        public IReadOnlyList<string>? Reasons { get; init; }
        public string? Note { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.EndedOn).Required();
            RuleFor(c => c.InitiatedBy).Required();
            RuleFor(c => c.Reasons).NotEmpty().WithMessage("reasons must name at least one reason code.");
            RuleForEach(c => c.Reasons).NotEmpty().MaximumLength(40);
            RuleFor(c => c.Note).OptionalText(4000);
        }
    }

    public sealed class Handler(Db db, EngagementView view, EngagementEnding ending) : IRequestHandler<Command, EngagementChurnRecord>
    {
        public async Task<EngagementChurnRecord> Handle(Command c, CancellationToken ct)
        {
            var e = await view.Get(c.EngagementId, ct);
            if (!EngagementLifecycle.CanEnd(Wire.Parse<EngagementStatus>(e.Status))) throw EngagementMoves.NotAllowed(e, "ended");
            var endedOn = c.EndedOn!.Value;
            var earliest = e.Kickoff?.HeldOn ?? e.ContractedOn;
            if (earliest is { } start && endedOn < start)
                throw Invalid.Field("endedOn", $"endedOn must not be before {(e.Kickoff is null ? "the contract" : "the kickoff")} ({start:yyyy-MM-dd}).");
            var reasons = c.Reasons!.Distinct().ToList();
            var catalog = await ReasonCatalog.Check(db, ChurnKind.Engagement, reasons, ct);
            await CompanyLock.Take(db, e.CompanyId, ct);
            var churnId = await ending.End(new EngagementEnding.Ending(
                e.Id, e.CompanyId, e.WorkerId, e.Version, endedOn, c.InitiatedBy!.Value, reasons, c.Note, null), ct);
            return new EngagementChurnRecord
            {
                Id = churnId,
                EngagementId = e.Id,
                CompanyId = e.CompanyId,
                CompanyName = e.CompanyName,
                WorkerId = e.WorkerId,
                WorkerName = e.WorkerName,
                JobType = e.JobType,
                StartOn = e.StartOn,
                EndedOn = endedOn,
                InitiatedBy = Wire.Name(c.InitiatedBy!.Value),
                Reasons = reasons,
                Negative = ChurnClassification.IsNegative(reasons, catalog),
                TenureDays = Tenure.Days(e.StartOn, endedOn),
                Note = c.Note,
            };
        }
    }
}
