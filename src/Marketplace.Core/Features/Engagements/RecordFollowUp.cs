using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Events;
using Marketplace.Core.Shared;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Engagements;

/// <summary>
/// Records a follow-up meeting (経過面談): it completes the earliest scheduled one, or is added as an extra
/// one when none is pending.
/// </summary>
public static class RecordFollowUp
{
    public sealed record Command : FollowUpFields, ICommand<FollowUpDto>
    {
        [JsonIgnore] public Guid EngagementId { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new FollowUpValidator<Command>());
    }

    public static class Sql
    {
        public const string KickoffOn = "SELECT held_on FROM kickoffs WHERE engagement_id = @id";
        public const string Pending = "SELECT id, due_on FROM follow_ups WHERE engagement_id = @id AND held_on IS NULL AND cancelled_on IS NULL ORDER BY due_on, id";
        public const string Complete = """
            UPDATE follow_ups SET held_on = @heldOn, company_satisfaction = @satisfaction, worker_evaluation = @evaluation,
                   worker_satisfaction = @workerSatisfaction, note = @note, recorded_by = @by, updated_at = @at
            WHERE id = @id AND held_on IS NULL AND cancelled_on IS NULL
            """;
        public const string InsertHeld = """
            INSERT INTO follow_ups (id, engagement_id, due_on, held_on, company_satisfaction, worker_evaluation, worker_satisfaction, note, recorded_by, created_at, updated_at, company_id)
            VALUES (@id, @engagementId, @heldOn, @heldOn, @satisfaction, @evaluation, @workerSatisfaction, @note, @by, @at, @at, @companyId)
            """;
        public const string ById = "SELECT id, due_on, held_on, company_satisfaction, worker_evaluation, worker_satisfaction, note, cancelled_on FROM follow_ups WHERE id = @id";
    }

    private sealed record PendingRow
    {
        public Guid Id { get; init; }
        public DateOnly DueOn { get; init; }
    }

    public sealed class Handler(Db db, Audit audit, EngagementView view, DomainEvents events, IActorAccessor actor, IClock clock) : IRequestHandler<Command, FollowUpDto>
    {
        public async Task<FollowUpDto> Handle(Command c, CancellationToken ct)
        {
            var e = await view.Row(c.EngagementId, ct);
            if (!EngagementLifecycle.CanRecordFollowUp(e.Status))
                throw EngagementMoves.NotAllowed(e, "given a follow-up (only active ones can)");
            var heldOn = c.HeldOn!.Value;
            var kickoff = await db.QuerySingleOrDefaultAsync<DateOnly?>(Sql.KickoffOn, new { id = e.Id }, ct);
            RecordChecks.FollowUpWithinEngagement(heldOn, kickoff, null);

            var args = new
            {
                id = Guid.NewGuid(),
                engagementId = e.Id,
                companyId = e.CompanyId,
                heldOn,
                satisfaction = c.CompanySatisfaction!.Value,
                evaluation = c.WorkerEvaluation!.Value,
                workerSatisfaction = c.WorkerSatisfaction,
                note = c.Note,
                by = actor.Current.MemberId,
                at = clock.UtcNow,
            };
            await CompanyLock.Take(db, e.CompanyId, ct);
            var pending = (await db.QueryAsync<PendingRow>(Sql.Pending, new { id = e.Id }, ct)).FirstOrDefault();
            var id = args.id;
            if (pending is not null && await db.ExecuteAsync(Sql.Complete, args with { id = pending.Id }, ct) == 1)
                id = pending.Id;
            else
                await db.ExecuteAsync(Sql.InsertHeld, args, ct);
            events.Raise(new FollowUpHeld(e.CompanyId, e.Id, id, heldOn, args.satisfaction));
            await audit.Write("create", "follow_up", id,
                $"engagement {e.Id}: held {heldOn:yyyy-MM-dd}, satisfaction {args.satisfaction}, evaluation {args.evaluation}", ct);
            return (await db.QuerySingleOrDefaultAsync<FollowUpDto>(Sql.ById, new { id }, ct))!;
        }
    }
}
