using System.Text.RegularExpressions;
using Marketplace.Core.Data;
using Marketplace.Core.Events;
using MediatR;

namespace Marketplace.Core.Facts;

/// <summary>
/// The one owner of every fact kept beside the history it is derived from, so that reads need not derive it again:
/// <list type="bullet">
/// <item>on an engagement: its kickoff day and end day (from its kickoff and its engagement churn), and while it is open
/// (or when it is recorded already ended) its worker's concierge;</item>
/// <item>on an engagement churn: negative (from its reasons and the catalog), tenure, and the engagement's job type,
/// concierge and company; on its reason rows: the end day and tenure (migration 0005);</item>
/// <item>on a company churn: negative; on its reason rows: the churn day and tenure (migration 0007);</item>
/// <item>on both kinds of churn and their reason rows: the tenure in whole calendar months (migration 0018);</item>
/// <item>on a company: its stage facts (<see cref="CompanyStageFacts"/>, migration 0009);</item>
/// <item>the engagement figures per day and per tenure (<see cref="EngagementDayCounts"/>, migration 0019), per month of the end (migration 0021)
/// and per concierge and month (migration 0022);</item>
/// <item>a company's satisfaction and its stretches without a running engagement, as spans of days (<see cref="CompanySpans"/>, migration 0020);</item>
/// <item>the company terms signed and ended per CS owner and month (<see cref="CompanyTermMonths"/>, migration 0023).</item>
/// </list>
/// When an admin changes whether a reason is negative (<see cref="ChurnReasonReclassified"/>), the flags of every churn
/// naming it and the stage facts of the companies those engagement churns belong to are recomputed in the same way;
/// the landmark snapshot (<see cref="LandmarkStageFacts"/>) catches up at its next rebuild, as it does for late records.
/// Commands write only what happened and raise an event naming the records; the transaction behavior publishes
/// <see cref="RecordsChanged"/> for them before it commits, and this recomputes those records' facts from the history,
/// in that order (a company's facts read its churns' flags). A command that writes the history without raising an
/// event is refused (<see cref="WritesHistory"/>), so a new writer of the history cannot let the facts drift. That check is
/// per command (any company event counts) and reads a statement's first words (INSERT, UPDATE, DELETE or MERGE on a history
/// table). The company row's own signing day, status and owner, which the terms per owner are kept from, are written only by
/// the company commands, and each says so with an <see cref="ICompanyTermsEvent"/> or a company churn event.
/// </summary>
public sealed class DerivedFacts(Db db) : INotificationHandler<RecordsChanged>, INotificationHandler<WorkerCorrected>, INotificationHandler<ChurnReasonReclassified>
{
    public static class Sql
    {
        // A churn is negative when any of its reasons is (Domain.ChurnClassification.IsNegative), read from the catalog as it stands.
        private const string EngagementChurnNegative = """
            negative = CASE WHEN EXISTS (SELECT 1 FROM engagement_churn_reasons r JOIN churn_reasons cr ON cr.code = r.reason_code
                                           WHERE r.churn_id = engagement_churns.id AND cr.negative = 1) THEN 1 ELSE 0 END
            """;
        private const string CompanyChurnNegative = """
            negative = CASE WHEN EXISTS (SELECT 1 FROM company_churn_reasons r JOIN churn_reasons cr ON cr.code = r.reason_code
                                           WHERE r.churn_id = company_churns.id AND cr.negative = 1) THEN 1 ELSE 0 END
            """;

        /// <summary>
        /// An open engagement is looked after by its worker's concierge; an ended one keeps the concierge it had, and one
        /// recorded already ended (history entered late) takes its worker's concierge when it is recorded.
        /// </summary>
        public const string Engagements = """
            UPDATE engagements SET
              kicked_off_on = (SELECT k.held_on FROM kickoffs k WHERE k.engagement_id = engagements.id),
              ended_on = (SELECT ec.ended_on FROM engagement_churns ec WHERE ec.engagement_id = engagements.id),
              concierge_id = CASE WHEN status IN @open OR concierge_id IS NULL
                                  THEN (SELECT w.concierge_id FROM workers w WHERE w.id = engagements.worker_id) ELSE concierge_id END
            WHERE id IN @ids
            """;

        public const string EngagementChurns = $"""
            UPDATE engagement_churns SET
              {EngagementChurnNegative},
              tenure_days = (SELECT CASE WHEN e.start_on > engagement_churns.ended_on THEN 0 ELSE /*days*/(e.start_on, engagement_churns.ended_on) END
                             FROM engagements e WHERE e.id = engagement_churns.engagement_id),
              tenure_months = (SELECT CASE WHEN e.start_on >= engagement_churns.ended_on THEN 0 ELSE /*months*/(e.start_on, engagement_churns.ended_on) END
                               FROM engagements e WHERE e.id = engagement_churns.engagement_id),
              job_type = (SELECT e.job_type FROM engagements e WHERE e.id = engagement_churns.engagement_id),
              concierge_id = (SELECT e.concierge_id FROM engagements e WHERE e.id = engagement_churns.engagement_id),
              company_id = (SELECT e.company_id FROM engagements e WHERE e.id = engagement_churns.engagement_id)
            WHERE engagement_id IN @ids
            """;

        public const string EngagementChurnReasons = """
            UPDATE engagement_churn_reasons SET
              ended_on = (SELECT ec.ended_on FROM engagement_churns ec WHERE ec.id = engagement_churn_reasons.churn_id),
              tenure_days = (SELECT ec.tenure_days FROM engagement_churns ec WHERE ec.id = engagement_churn_reasons.churn_id),
              tenure_months = (SELECT ec.tenure_months FROM engagement_churns ec WHERE ec.id = engagement_churn_reasons.churn_id)
            WHERE churn_id IN (SELECT ec.id FROM engagement_churns ec WHERE ec.engagement_id IN @ids)
            """;

        public const string CompanyChurns = $"""
            UPDATE company_churns SET {CompanyChurnNegative},
              tenure_months = CASE WHEN term_signed_on >= churned_on THEN 0 ELSE /*months*/(term_signed_on, churned_on) END
            WHERE id IN @ids
            """;

        /// <summary>The churns naming a reason whose negative tag changed; set-based, as a common reason names thousands.</summary>
        public const string ReasonEngagementChurns = $"""
            UPDATE engagement_churns SET {EngagementChurnNegative}
            WHERE id IN (SELECT r.churn_id FROM engagement_churn_reasons r WHERE r.reason_code = @code)
            """;

        public const string ReasonCompanyChurns = $"""
            UPDATE company_churns SET {CompanyChurnNegative}
            WHERE id IN (SELECT r.churn_id FROM company_churn_reasons r WHERE r.reason_code = @code)
            """;

        /// <summary>A company's stage reads its latest negative engagement churn, so the companies of those churns are refreshed.</summary>
        public const string ReasonCompanies = CompanyStageFacts.Sql.RefreshAll + """

            WHERE id IN (SELECT ec.company_id FROM engagement_churn_reasons r JOIN engagement_churns ec ON ec.id = r.churn_id
                         WHERE r.reason_code = @code)
            """;

        public const string CompanyChurnReasons = """
            UPDATE company_churn_reasons SET
              churned_on = (SELECT cc.churned_on FROM company_churns cc WHERE cc.id = company_churn_reasons.churn_id),
              tenure_days = (SELECT CASE WHEN cc.term_signed_on > cc.churned_on THEN 0 ELSE /*days*/(cc.term_signed_on, cc.churned_on) END
                             FROM company_churns cc WHERE cc.id = company_churn_reasons.churn_id),
              tenure_months = (SELECT cc.tenure_months FROM company_churns cc WHERE cc.id = company_churn_reasons.churn_id)
            WHERE churn_id IN @ids
            """;

        /// <summary>
        /// The engagements a worker still has open are looked after by the worker's concierge now; ended ones keep the
        /// concierge who looked after them, as their churn records do.
        /// </summary>
        public const string WorkerOpenEngagements = "SELECT id FROM engagements WHERE worker_id = @workerId AND status IN @open";

        public const string OpenEngagementsConcierge = """
            UPDATE engagements SET concierge_id = (SELECT w.concierge_id FROM workers w WHERE w.id = engagements.worker_id)
            WHERE worker_id = @workerId AND status IN @open
            """;
    }

    // The tables the facts above are derived from.
    private static readonly Regex HistoryWrite = new(
        @"^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM|MERGE)\s+(engagements|kickoffs|follow_ups|engagement_churns|engagement_churn_reasons|company_churns|company_churn_reasons)\b",
        RegexOptions.Compiled | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>Whether a statement writes the history these facts are derived from.</summary>
    public static bool WritesHistory(string statement) => HistoryWrite.IsMatch(statement);

    /// <summary>
    /// Ids per statement: each id is a parameter, and SQL Server takes at most 2,100 of them in a statement (SQLite
    /// 32,766), so a command that changed more records (an import) has its facts kept in slices.
    /// </summary>
    public const int IdsPerStatement = 1000;

    public async Task Handle(RecordsChanged changed, CancellationToken ct)
    {
        var counted = new EngagementDayCounts.Counted();
        foreach (var slice in changed.EngagementIds.Chunk(IdsPerStatement))
        {
            var ids = new { ids = db.Dialect.IdList(slice) };
            // The counts of where these engagements were counted before, and of where they are counted now.
            await EngagementDayCounts.Read(db, ids, counted, ct);
            await db.ExecuteAsync(Sql.Engagements, new { ids.ids, open = Domain.EngagementStatuses.OpenWords }, ct);
            await db.ExecuteAsync(EngagementDayCounts.Sql.SetCountedStart, new { ids.ids, counted = Domain.EngagementStatuses.CountedWords }, ct);
            await db.ExecuteAsync(Sql.EngagementChurns, ids, ct);
            await db.ExecuteAsync(Sql.EngagementChurnReasons, ids, ct);
            await EngagementDayCounts.Read(db, ids, counted, ct);
        }
        await EngagementDayCounts.Refresh(db, counted, ct);
        foreach (var slice in changed.CompanyChurnIds.Chunk(IdsPerStatement))
        {
            var ids = new { ids = db.Dialect.IdList(slice) };
            await db.ExecuteAsync(Sql.CompanyChurns, ids, ct);
            await db.ExecuteAsync(Sql.CompanyChurnReasons, ids, ct);
        }
        // A company's terms under its owner, after its churns' negative flags.
        await CompanyTermMonths.Refresh(db, changed.TermCompanyIds, ct);
        foreach (var slice in changed.CompanyIds.Chunk(IdsPerStatement))
            await db.ExecuteAsync(CompanyStageFacts.Sql.Refresh, new { ids = db.Dialect.IdList(slice) }, ct);
        // A company's satisfaction spans follow its follow-ups, its gaps its engagements.
        await CompanySpans.Refresh(db, changed.FollowUpCompanyIds, changed.EngagementCompanyIds, ct);
    }

    public async Task Handle(ChurnReasonReclassified reclassified, CancellationToken ct)
    {
        var code = new { code = reclassified.Code };
        await db.ExecuteAsync(Sql.ReasonEngagementChurns, code, ct);
        await db.ExecuteAsync(Sql.ReasonCompanyChurns, code, ct);
        await db.ExecuteAsync(Sql.ReasonCompanies, code, ct);
        // The negative ends of every day may have changed: the day counts again, once (an admin's rare edit).
        await EngagementDayCounts.RebuildAll(db, ct);
        await CompanyTermMonths.RebuildAll(db, ct);
    }

    /// <summary>A worker's open engagements follow the worker's concierge, and so do the concierges' counts of them.</summary>
    public async Task Handle(WorkerCorrected corrected, CancellationToken ct)
    {
        if (!corrected.ConciergeChanged) return;
        var args = new { workerId = corrected.WorkerId, open = Domain.EngagementStatuses.OpenWords };
        var ids = new { ids = db.Dialect.IdList(await db.QueryAsync<Guid>(Sql.WorkerOpenEngagements, args, ct)) };
        var counted = new EngagementDayCounts.Counted();
        await EngagementDayCounts.Read(db, ids, counted, ct);
        await db.ExecuteAsync(Sql.OpenEngagementsConcierge, args, ct);
        await EngagementDayCounts.Read(db, ids, counted, ct);
        await EngagementDayCounts.Refresh(db, counted, ct);
    }
}
