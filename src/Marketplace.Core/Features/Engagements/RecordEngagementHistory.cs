using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Events;
using Marketplace.Core.Pipeline;
using Marketplace.Core.Shared;
using MediatR;

namespace Marketplace.Core.Features.Engagements;

/// <summary>
/// An engagement that already happened, recorded in one go from a team's records (a sheet being imported): its
/// proposal, contract, kickoff, first follow-up and end. It is held to the rules each of those records is held to when
/// entered one by one, raises the same events, and moves the worker the same way — but it checks everything first and
/// then writes each record in its final state, as history is not lived through again.
/// </summary>
public static class RecordEngagementHistory
{
    public sealed record Command : EngagementTermsFields, ICommand<Guid>
    {
        public Guid? CompanyId { get; init; }
        public Guid? WorkerId { get; init; }
        public DateOnly? ContractedOn { get; init; }
        public DateOnly? KickoffOn { get; init; }
        public Guid? CsAttendeeId { get; init; }
        public DateOnly? FollowUpOn { get; init; }
        public int? CompanySatisfaction { get; init; }
        public int? WorkerEvaluation { get; init; }
        public DateOnly? EndedOn { get; init; }
        public ChurnInitiator? InitiatedBy { get; init; }
        public IReadOnlyList<string>? EndReasons { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.CompanyId).Required();
            RuleFor(c => c.WorkerId).Required();
            Include(new EngagementTermsValidator<Command>());
            RuleFor(c => c.ContractedOn).Required().BusinessDate();
            RuleFor(c => c.KickoffOn).BusinessDate();
            // A follow-up is held once the engagement has started.
            RuleFor(c => c.KickoffOn).Required().When(c => c.FollowUpOn is not null);
            When(c => c.FollowUpOn is not null, () =>
            {
                RuleFor(c => c.FollowUpOn).BusinessDate();
                RuleFor(c => c.CompanySatisfaction).Required().InclusiveBetween(1, 5);
                RuleFor(c => c.WorkerEvaluation).Required().InclusiveBetween(1, 5);
            });
            When(c => c.EndedOn is not null, () =>
            {
                RuleFor(c => c.EndedOn).BusinessDate();
                RuleFor(c => c.InitiatedBy).Required();
                RuleFor(c => c.EndReasons).NotEmpty().WithMessageKey(ValidationMessages.SomeReason);
                this.TextList(c => c.EndReasons, ReasonCatalog.MaxReasons, ReasonCatalog.MaxCodeLength);
            });
        }
    }

    public static class Sql
    {
        /// <summary>
        /// Takes the company (<see cref="CompanyLock"/>) and reads what the checks need in one statement: the worker, the CS
        /// attendee's team, and the statuses of the worker's engagements (the open ones decide the move an end makes).
        /// </summary>
        public const string Subjects = $"""
            SELECT c.status AS company_status, w.id AS worker_id, w.name AS worker_name, w.status AS worker_status, w.version AS worker_version,
                   (SELECT m.team FROM members m WHERE m.id = @csAttendeeId) AS cs_team,
                   (SELECT STRING_AGG(o.status, ',') FROM engagements o WHERE o.worker_id = @workerId) AS worker_engagements
            FROM companies c {SqlDialect.RowLock} LEFT JOIN workers w ON w.id = @workerId
            WHERE c.id = @companyId
            """;
        public const string Insert = """
            INSERT INTO engagements (id, company_id, worker_id, title, job_type, start_on, monthly_hours, monthly_fee, status, contracted_on, created_at, updated_at, version)
            VALUES (@id, @companyId, @workerId, @title, @jobType, @startOn, @monthlyHours, @monthlyFee, @status, @contractedOn, @at, @at, 1)
            """;
        public const string InsertKickoff = """
            INSERT INTO kickoffs (engagement_id, company_id, held_on, cs_attendee_id, created_at)
            VALUES (@id, @companyId, @kickoffOn, @csAttendeeId, @at)
            """;
        /// <summary>The follow-up the kickoff scheduled, held, cancelled by the end, or still to be held.</summary>
        public const string InsertFollowUp = """
            INSERT INTO follow_ups (id, engagement_id, company_id, due_on, held_on, company_satisfaction, worker_evaluation, recorded_by, cancelled_on, created_at, updated_at)
            VALUES (@followUpId, @id, @companyId, @dueOn, @followUpOn, @satisfaction, @evaluation, @recordedBy, @cancelledOn, @at, @at)
            """;
        /// <summary>What the insights count the churn by is derived from it afterwards (Facts.DerivedFacts), as for every end.</summary>
        public const string InsertChurn = """
            INSERT INTO engagement_churns (id, engagement_id, ended_on, initiated_by, created_at, created_by)
            VALUES (@churnId, @id, @endedOn, @initiatedBy, @at, @by)
            """;
        public static string InsertReasons(int count) =>
            "INSERT INTO engagement_churn_reasons (churn_id, reason_code) VALUES " + string.Join(", ", Enumerable.Range(0, count).Select(r => $"(@churnId, @reason{r})"));
    }

    private sealed record Subjects
    {
        public CompanyStatus CompanyStatus { get; init; }
        public Guid? WorkerId { get; init; }
        public string? WorkerName { get; init; }
        public WorkerStatus? WorkerStatus { get; init; }
        public long WorkerVersion { get; init; }
        public string? CsTeam { get; init; }
        public string? WorkerEngagements { get; init; }

        /// <summary>The statuses of the worker's open engagements (this one is not written yet).</summary>
        public IReadOnlyCollection<EngagementStatus> OpenEngagements() =>
            WorkerEngagements is null ? [] : WorkerEngagements.Split(',').Select(Wire.Parse<EngagementStatus>).Where(EngagementStatuses.Open.Contains).ToList();
    }

    public sealed class Handler(Db db, ReasonCatalogCache reasonCatalog, Audit audit, WorkerStatusWriter workers, DomainEvents events, IActorAccessor actor, IClock clock) : IRequestHandler<Command, Guid>
    {
        public async Task<Guid> Handle(Command c, CancellationToken ct)
        {
            var id = Guid.NewGuid();
            var companyId = c.CompanyId!.Value;
            var startOn = c.StartOn!.Value;
            var contractedOn = c.ContractedOn!.Value;
            var title = c.Title!.Trim();
            var at = clock.UtcNow;

            // Every rule is checked before the first write; only a concurrent change to the worker can refuse after it (its move comes first).
            var s = await db.QuerySingleOrDefaultAsync<Subjects>(Sql.Subjects, new { companyId, workerId = c.WorkerId, csAttendeeId = c.CsAttendeeId }, ct)
                ?? throw Invalid.Because("companyId", ValidationMessages.UnknownCompany, ("Id", c.CompanyId));
            if (s.WorkerId is not { } workerId)
                throw Invalid.Because("workerId", ValidationMessages.UnknownWorker, ("Id", c.WorkerId));
            await CompanyChurns.TakesEngagement(db, companyId, s.CompanyStatus == CompanyStatus.Active, startOn, fromHistory: true, ct);
            var worker = new WorkerStatusWriter.Current { Id = workerId, Name = s.WorkerName!, Status = s.WorkerStatus!.Value, Version = s.WorkerVersion };

            var moves = new List<(WorkerStatus To, string Note)>();
            var status = worker.Status;
            void MoveTo(WorkerStatus? next, string note)
            {
                if (next is not { } to) return;
                moves.Add((to, note));
                status = to;
            }
            MoveTo(WorkerStatusGraph.OnProposed(status), WorkerStatusWriter.Notes.Proposed);

            var engagementStatus = EngagementStatus.Contracted;
            if (c.KickoffOn is { } kickoffOn)
            {
                RecordChecks.KickoffAfterContract(kickoffOn, contractedOn, "kickoffOn");
                if (c.CsAttendeeId is { } csId) RecordChecks.CsAttendeeTeam(csId, s.CsTeam);
                // The engagement's first kickoff, if a CS member attends it, cannot leave the company's first without one.
                if (c.CsAttendeeId is null) await RecordChecks.FirstKickoffKeepsCs(db, companyId, id, kickoffOn, withCs: false, at, ct);
                // A worker who has since paused or left keeps that status: the engagement is their past.
                if (WorkerStatusGraph.CanBeProposed(status)) MoveTo(WorkerStatusGraph.OnEngagementStarted(status), WorkerStatusWriter.Notes.Started(title));
                engagementStatus = EngagementStatus.Active;
            }
            if (c.FollowUpOn is { } followUpOn) RecordChecks.FollowUpWithinEngagement(followUpOn, c.KickoffOn, c.EndedOn, "followUpOn");
            var reasons = (c.EndReasons ?? []).Distinct().ToList();
            if (c.EndedOn is { } endedOn)
            {
                RecordChecks.EndAfterStart("endedOn", endedOn, c.KickoffOn, contractedOn);
                await reasonCatalog.Check(ChurnKind.Engagement, reasons, ct);
                MoveTo(WorkerStatusWriter.StatusAfterClosing(status, s.OpenEngagements()), WorkerStatusWriter.Notes.Closed);
                engagementStatus = EngagementStatus.Ended;
            }

            // The records go in as one batch, with the worker's history rows and the audit entries: a round trip, not one per record.
            var followUpId = Guid.NewGuid();
            var churnId = Guid.NewGuid();
            var batch = new SqlBatch().Add(Sql.Insert, new
            {
                id, companyId, workerId, title, jobType = Wire.Name(c.JobType!.Value), startOn, monthlyHours = c.MonthlyHours!.Value,
                monthlyFee = c.MonthlyFee!.Value, status = Wire.Name(engagementStatus), contractedOn, at,
                kickoffOn = c.KickoffOn, csAttendeeId = c.CsAttendeeId, followUpId, dueOn = c.KickoffOn is { } k ? EngagementLifecycle.FollowUpDue(k) : (DateOnly?)null,
                followUpOn = c.FollowUpOn, satisfaction = c.CompanySatisfaction, evaluation = c.WorkerEvaluation, recordedBy = c.FollowUpOn is null ? null : actor.Current.MemberId,
                cancelledOn = c.FollowUpOn is null ? c.EndedOn : null, churnId, endedOn = c.EndedOn, initiatedBy = c.InitiatedBy is { } i ? Wire.Name(i) : null,
                by = actor.Current.MemberId,
            });
            events.Raise(new EngagementProposed(companyId, id, workerId));
            events.Raise(new EngagementContracted(companyId, id, contractedOn));
            var story = new List<string> { $"'{title}' recorded from history: worker {workerId} at company {companyId}", $"contracted on {contractedOn:yyyy-MM-dd}" };
            if (c.KickoffOn is { } heldOn)
            {
                batch.Add(Sql.InsertKickoff).Add(Sql.InsertFollowUp);
                events.Raise(new KickoffRecorded(companyId, id, heldOn, c.CsAttendeeId));
                story.Add($"kickoff on {heldOn:yyyy-MM-dd}{(c.CsAttendeeId is null ? " without CS" : $" with CS {c.CsAttendeeId}")}; follow-up due {EngagementLifecycle.FollowUpDue(heldOn):yyyy-MM-dd}");
                if (c.FollowUpOn is { } held)
                {
                    events.Raise(new FollowUpHeld(companyId, id, followUpId, held, c.CompanySatisfaction!.Value));
                    story.Add($"follow-up held {held:yyyy-MM-dd}, satisfaction {c.CompanySatisfaction}, evaluation {c.WorkerEvaluation}");
                }
            }
            if (c.EndedOn is { } ended)
            {
                batch.Add(Sql.InsertChurn).Add(Sql.InsertReasons(reasons.Count));
                for (var r = 0; r < reasons.Count; r++) batch.Args.Add($"reason{r}", reasons[r]);
                events.Raise(new EngagementEnded(companyId, id, churnId, ended, null));
                story.Add($"ended on {ended:yyyy-MM-dd} by {Wire.Name(c.InitiatedBy!.Value)}: {string.Join(", ", reasons)}");
            }
            await workers.MoveAlong(worker, moves, id, batch, ct);
            audit.WriteIn(batch, "recorded", "create", "engagement", id, string.Join("; ", story));
            await batch.ExecuteAsync(db, ct);
            return id;
        }
    }
}
