using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Events;
using Marketplace.Core.Pipeline;
using Marketplace.Core.Shared;
using MediatR;

namespace Marketplace.Core.Features.Engagements;

/// <summary>CS corrects a follow-up that was held (PUT /api/follow-ups/{id}), held to the rules of recording one.</summary>
public static class CorrectFollowUp
{
    public sealed record Command : FollowUpFields, ICommand<FollowUpDto>
    {
        [JsonIgnore] public Guid FollowUpId { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new FollowUpValidator<Command>());
    }

    public static class Sql
    {
        public const string EngagementOf = "SELECT engagement_id FROM follow_ups WHERE id = @id";
        public const string Update = """
            UPDATE follow_ups SET held_on = @heldOn, company_satisfaction = @satisfaction, worker_evaluation = @evaluation,
                   worker_satisfaction = @workerSatisfaction, note = @note, updated_at = @at
            WHERE id = @id AND held_on IS NOT NULL
            """;
    }

    public sealed class Handler(Db db, Audit audit, EngagementView view, DomainEvents events, IClock clock) : IRequestHandler<Command, FollowUpDto>
    {
        public async Task<FollowUpDto> Handle(Command c, CancellationToken ct)
        {
            var engagementId = await db.QuerySingleOrDefaultAsync<Guid?>(Sql.EngagementOf, new { id = c.FollowUpId }, ct)
                ?? throw new NotFoundException("follow-up", c.FollowUpId);
            // The company first, so that what is checked below stays so until the commit.
            await CompanyLock.TakeOf(db, engagementId, ct);
            var e = await view.Get(engagementId, ct);
            var before = e.FollowUps.Single(f => f.Id == c.FollowUpId);
            if (before.HeldOn is null)
                throw new ConflictException("This follow-up has not been held yet; record it with POST /api/engagements/{id}/follow-ups.",
                    new Dictionary<string, object?> { ["followUpStatus"] = before.CancelledOn is null ? "scheduled" : "cancelled" }, ConflictCodes.FollowUpNotHeld);
            var heldOn = c.HeldOn!.Value;
            RecordChecks.FollowUpWithinEngagement(heldOn, e.Kickoff?.HeldOn, e.Churn?.EndedOn);

            await db.ExecuteAsync(Sql.Update, new
            {
                id = c.FollowUpId,
                heldOn,
                satisfaction = c.CompanySatisfaction!.Value,
                evaluation = c.WorkerEvaluation!.Value,
                workerSatisfaction = c.WorkerSatisfaction,
                note = c.Note,
                at = clock.UtcNow,
            }, ct);
            await audit.Write("correct", "follow_up", c.FollowUpId, AuditChanges.Describe(
                ("heldOn", before.HeldOn, heldOn), ("companySatisfaction", before.CompanySatisfaction, c.CompanySatisfaction),
                ("workerEvaluation", before.WorkerEvaluation, c.WorkerEvaluation), ("workerSatisfaction", before.WorkerSatisfaction, c.WorkerSatisfaction),
                ("note", before.Note, c.Note)), ct);
            events.Raise(new FollowUpCorrected(e.CompanyId, e.Id, c.FollowUpId));
            return (await db.QuerySingleOrDefaultAsync<FollowUpDto>(RecordFollowUp.Sql.ById, new { id = c.FollowUpId }, ct))!;
        }
    }
}
