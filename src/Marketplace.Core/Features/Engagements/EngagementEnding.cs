using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Features.Companies;
using Marketplace.Core.Features.Workers;
using Marketplace.Core.Pipeline;

namespace Marketplace.Core.Features.Engagements;

/// <summary>
/// Ends an engagement with its engagement churn record (案件解約): used when CS ends one, and for each
/// engagement that a company churn ends. The worker's status follows automatically.
/// </summary>
public sealed class EngagementEnding(Db db, Audit audit, WorkerStatusWriter workers, IActorAccessor actor, IClock clock)
{
    public static class Sql
    {
        public const string End = """
            UPDATE engagements SET status = 'ended', ended_on = @endedOn, version = version + 1, updated_at = @at
            WHERE id = @id AND version = @version AND status IN ('contracted', 'active')
            """;
        /// <summary>The churn record carries the facts the insights count it by (migration 0005), copied from its engagement.</summary>
        public const string InsertChurn = """
            INSERT INTO engagement_churns (id, engagement_id, ended_on, initiated_by, note, company_churn_id, created_at, created_by,
                                           negative, tenure_days, job_type, concierge_id, company_id)
            SELECT @id, e.id, @endedOn, @initiatedBy, @note, @companyChurnId, @at, @by, @negative, @tenureDays, e.job_type, e.concierge_id, e.company_id
            FROM engagements e WHERE e.id = @engagementId
            """;
        /// <summary>Only running engagements take follow-ups: one still pending will never be held (migration 0006).</summary>
        public const string CancelPendingFollowUps = """
            UPDATE follow_ups SET cancelled_on = @endedOn, updated_at = @at
            WHERE engagement_id = @id AND held_on IS NULL AND cancelled_on IS NULL
            """;
        public const string InsertReason = """
            INSERT INTO engagement_churn_reasons (churn_id, reason_code, ended_on, tenure_days) VALUES (@churnId, @code, @endedOn, @tenureDays)
            """;
    }

    public sealed record Ending(Guid EngagementId, Guid CompanyId, Guid WorkerId, long Version, DateOnly StartOn, DateOnly EndedOn, ChurnInitiator InitiatedBy,
        IReadOnlyList<string> Reasons, string? Note, Guid? CompanyChurnId);

    /// <summary>Ends it; <paramref name="catalog"/> is the reason catalog the caller checked the reasons against.</summary>
    public async Task<Guid> End(Ending e, IReadOnlyDictionary<string, ChurnReason> catalog, CancellationToken ct)
    {
        var at = clock.UtcNow;
        var facts = await CompanyStageFacts.LockCompany(db, e.CompanyId, ct);
        if (await db.ExecuteAsync(Sql.End, new { id = e.EngagementId, version = e.Version, endedOn = e.EndedOn, at }, ct) == 0)
            throw new ConflictException($"Engagement '{e.EngagementId}' was changed by someone else meanwhile. Reload and try again.");
        await db.ExecuteAsync(Sql.CancelPendingFollowUps, new { id = e.EngagementId, endedOn = e.EndedOn, at }, ct);
        var churnId = Guid.NewGuid();
        var tenureDays = Tenure.Days(e.StartOn, e.EndedOn);
        var negative = ChurnClassification.IsNegative(e.Reasons, catalog);
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
            negative,
            tenureDays,
        }, ct);
        foreach (var code in e.Reasons.Distinct())
            await db.ExecuteAsync(Sql.InsertReason, new { churnId, code, endedOn = e.EndedOn, tenureDays }, ct);
        await facts.AfterEnd(e.EndedOn, ct);
        await audit.Write("churn", "engagement", e.EngagementId,
            $"ended on {e.EndedOn:yyyy-MM-dd} by {Wire.Name(e.InitiatedBy)}: {string.Join(", ", e.Reasons)}", ct);
        await workers.AfterEngagementClosed(e.WorkerId, e.EngagementId, ct);
        return churnId;
    }
}
