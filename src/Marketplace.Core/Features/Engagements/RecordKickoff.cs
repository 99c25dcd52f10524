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
/// The kickoff meeting starts the engagement (contracted → active), makes the worker active and schedules
/// the one-month follow-up. A company's first kickoff must have a CS member present.
/// </summary>
public static class RecordKickoff
{
    public sealed record Command : KickoffFields, ICommand<EngagementDto>
    {
        [JsonIgnore] public Guid EngagementId { get; init; }
        /// <summary>Set by an import replaying history: a worker who has since paused or left keeps that status.</summary>
        [JsonIgnore] public bool FromHistory { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new KickoffValidator<Command>());
    }

    public static class Sql
    {
        public const string Start = """
            UPDATE engagements SET status = 'active', updated_at = @at, version = version + 1
            WHERE id = @id AND version = @version AND status = 'contracted'
            """;
        public const string Insert = """
            INSERT INTO kickoffs (engagement_id, company_id, held_on, cs_attendee_id, created_at)
            VALUES (@engagementId, @companyId, @heldOn, @csAttendeeId, @at)
            """;
        public const string InsertAttendee = "INSERT INTO kickoff_attendees (engagement_id, position, name) VALUES (@engagementId, @position, @name)";
        public const string ScheduleFollowUp = """
            INSERT INTO follow_ups (id, engagement_id, due_on, created_at, updated_at, company_id)
            VALUES (@id, @engagementId, @dueOn, @at, @at, @companyId)
            """;
    }

    public sealed class Handler(Db db, Audit audit, EngagementView view, WorkerStatusWriter workers, DomainEvents events, IClock clock) : IRequestHandler<Command, EngagementDto>
    {
        public async Task<EngagementDto> Handle(Command c, CancellationToken ct)
        {
            var e = await view.Row(c.EngagementId, ct);
            if (!EngagementLifecycle.CanKickOff(e.Status)) throw EngagementMoves.NotAllowed(e, "kicked off");
            var heldOn = c.HeldOn!.Value;
            RecordChecks.KickoffAfterContract(heldOn, e.ContractedOn);
            if (c.CsAttendeeId is { } csId) await RecordChecks.CsAttendee(db, csId, ct);
            var at = clock.UtcNow;
            await CompanyLock.Take(db, e.CompanyId, ct);
            await RecordChecks.FirstKickoffKeepsCs(db, e.CompanyId, e.Id, heldOn, c.CsAttendeeId is not null, at, ct);

            var worker = await workers.Find(e.WorkerId, ct) ?? throw new NotFoundException("worker", e.WorkerId);
            var pastOfAbsentWorker = c.FromHistory && !WorkerStatusGraph.CanBeProposed(worker.Status);
            if (worker.Status == WorkerStatus.Left && !c.FromHistory)
                throw new BusinessRuleException("worker_left", $"{worker.Name} has left the marketplace; the engagement cannot start.");

            if (await db.ExecuteAsync(Sql.Start, new { id = e.Id, version = e.Version, heldOn, at }, ct) == 0)
                throw EngagementMoves.Concurrent(e.Id);
            await db.ExecuteAsync(Sql.Insert, new { engagementId = e.Id, companyId = e.CompanyId, heldOn, csAttendeeId = c.CsAttendeeId, at }, ct);
            var attendees = c.AttendeeList;
            for (var i = 0; i < attendees.Count; i++)
                await db.ExecuteAsync(Sql.InsertAttendee, new { engagementId = e.Id, position = i, name = attendees[i] }, ct);
            var dueOn = EngagementLifecycle.FollowUpDue(heldOn);
            await db.ExecuteAsync(Sql.ScheduleFollowUp, new { id = Guid.NewGuid(), engagementId = e.Id, companyId = e.CompanyId, dueOn, at }, ct);
            events.Raise(new KickoffRecorded(e.CompanyId, e.Id, heldOn, c.CsAttendeeId));
            await audit.Write("status_change", "engagement", e.Id,
                $"contracted → active: kickoff on {heldOn:yyyy-MM-dd}{(c.CsAttendeeId is null ? " without CS" : $" with CS {c.CsAttendeeId}")}; follow-up due {dueOn:yyyy-MM-dd}", ct);

            if (!pastOfAbsentWorker && WorkerStatusGraph.OnEngagementStarted(worker.Status) is { } next)
                await workers.Move(worker, next, WorkerStatusWriter.Notes.Started(e.Title), e.Id, ct);
            return await view.Get(e.Id, ct);
        }
    }
}
