using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Events;
using Marketplace.Core.Pipeline;
using Marketplace.Core.Facts;

namespace Marketplace.Core.Shared;

/// <summary>
/// Ends an engagement with its engagement churn record (案件解約): used when CS ends one, and for each
/// engagement that a company churn ends. The worker's status follows automatically.
/// </summary>
public sealed class EngagementEnding(Db db, Audit audit, WorkerStatusWriter workers, DomainEvents events, IActorAccessor actor, IClock clock)
{
    public static class Sql
    {
        public const string End = """
            UPDATE engagements SET status = 'ended', version = version + 1, updated_at = @at
            WHERE id = @id AND version = @version AND status IN @running
            """;
        /// <summary>What the insights count the churn by (migration 0005) is derived from it afterwards (Facts.DerivedFacts).</summary>
        public const string InsertChurn = """
            INSERT INTO engagement_churns (id, engagement_id, ended_on, initiated_by, note, company_churn_id, created_at, created_by)
            VALUES (@id, @engagementId, @endedOn, @initiatedBy, @note, @companyChurnId, @at, @by)
            """;
        /// <summary>Only running engagements take follow-ups: one still pending will never be held (migration 0006).</summary>
        public const string CancelPendingFollowUps = """
            UPDATE follow_ups SET cancelled_on = @endedOn, updated_at = @at
            WHERE engagement_id = @id AND held_on IS NULL AND cancelled_on IS NULL
            """;
        public const string InsertReason = """
            INSERT INTO engagement_churn_reasons (churn_id, reason_code) VALUES (@churnId, @code)
            """;
    }

    /// <summary>The engagement churn record of an ended engagement, as the API answers it.</summary>
    public static EngagementChurnRecord Record(EngagementDto e)
    {
        var churn = e.Churn ?? throw new InvalidOperationException($"Engagement {e.Id} has not ended.");
        return new EngagementChurnRecord
        {
            Id = churn.Id,
            EngagementId = e.Id,
            CompanyId = e.CompanyId,
            CompanyName = e.CompanyName,
            WorkerId = e.WorkerId,
            WorkerName = e.WorkerName,
            JobType = e.JobType,
            StartOn = e.StartOn,
            EndedOn = churn.EndedOn,
            InitiatedBy = churn.InitiatedBy,
            Reasons = churn.Reasons,
            Negative = churn.Negative,
            TenureDays = churn.TenureDays,
            Note = churn.Note,
            CompanyChurnId = churn.CompanyChurnId,
        };
    }

    public sealed record Ending(Guid EngagementId, Guid CompanyId, Guid WorkerId, long Version, DateOnly EndedOn, ChurnInitiator InitiatedBy,
        IReadOnlyList<string> Reasons, string? Note, Guid? CompanyChurnId);

    /// <summary>Ends it, with reasons the caller checked against the catalog; the caller has taken the company (<see cref="CompanyLock"/>).</summary>
    public async Task<Guid> End(Ending e, CancellationToken ct)
    {
        var at = clock.UtcNow;
        if (await db.ExecuteAsync(Sql.End, new { id = e.EngagementId, version = e.Version, at, running = EngagementStatuses.RunningWords }, ct) == 0)
            throw ConflictException.Stale($"Engagement '{e.EngagementId}' was changed by someone else meanwhile. Reload and try again.");
        await db.ExecuteAsync(Sql.CancelPendingFollowUps, new { id = e.EngagementId, endedOn = e.EndedOn, at }, ct);
        var churnId = Guid.NewGuid();
        await db.ExecuteAsync(Sql.InsertChurn, new
        {
            id = churnId,
            engagementId = e.EngagementId,
            endedOn = e.EndedOn,
            initiatedBy = Wire.Name(e.InitiatedBy),
            note = e.Note,
            companyChurnId = e.CompanyChurnId,
            at,
            by = actor.Current.MemberId,
        }, ct);
        foreach (var code in e.Reasons.Distinct())
            await db.ExecuteAsync(Sql.InsertReason, new { churnId, code }, ct);
        events.Raise(new EngagementEnded(e.CompanyId, e.EngagementId, churnId, e.EndedOn, e.CompanyChurnId));
        await audit.Write("churn", "engagement", e.EngagementId,
            $"ended on {e.EndedOn:yyyy-MM-dd} by {Wire.Name(e.InitiatedBy)}: {string.Join(", ", e.Reasons)}", ct);
        await workers.AfterEngagementClosed(e.WorkerId, e.EngagementId, ct);
        return churnId;
    }
}
