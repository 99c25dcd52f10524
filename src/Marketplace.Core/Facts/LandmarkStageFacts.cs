using Marketplace.Core.Data;

namespace Marketplace.Core.Facts;

/// <summary>
/// A snapshot of every company's stage facts as they stood on one past day — retention's landmark, today − 180 days —
/// kept in landmark_stage_facts for the day in stage_landmark.kept_on, built at stage_landmark.built_at (migrations
/// 0010 and 0011). Facts on day D, as the stage rules read them: the first kickoff held by D; the engagements kicked off
/// by D and not ended by D; the engagements contracted by D; the satisfaction of the latest follow-up held by D (the
/// lowest on a tie); the latest negative engagement churn by D. They are kept so that stage agreement does not read the
/// whole history on every request.
/// <para>
/// One job owns it (<see cref="Rebuild"/>, run at start-up and after each change of the business day); commands never
/// touch it. A record entered late, dated on or before the snapshot's day, shows in it from the next rebuild.
/// </para>
/// </summary>
public static class LandmarkStageFacts
{
    public static class Sql
    {
        public const string Kept = "SELECT kept_on, built_at FROM stage_landmark WHERE id = 1";
        public const string SetKept = "UPDATE stage_landmark SET kept_on = @at, built_at = @builtAt WHERE id = 1";
        public const string DeleteAll = "DELETE FROM landmark_stage_facts";

        /// <summary>For history written without the commands (benchmark data): no snapshot, so the next start builds one.</summary>
        public const string Forget = "UPDATE stage_landmark SET kept_on = NULL, built_at = NULL WHERE id = 1";

        /// <summary>
        /// Every company's stage facts as they stood on @at, one row per company with an engagement contracted by then. A
        /// kickoff is never before its contract, so the engagements contracted by @at hold every other fact, and a
        /// company with none has no row. The last follow-up's day and then its lowest score are two seeks each in the
        /// company-first follow-up index. The one definition of "the facts on a day": the snapshot stores it, stage
        /// agreement and the company resource read it for a past day.
        /// </summary>
        private const string FactsOnSelect = """
            SELECT e.company_id AS id,
                   MIN(CASE WHEN e.kicked_off_on <= @at THEN e.kicked_off_on END) AS first_kickoff_on,
                   COUNT(CASE WHEN e.kicked_off_on <= @at AND (e.ended_on IS NULL OR e.ended_on > @at) THEN 1 END) AS active_engagements,
                   COUNT(*) AS total_engagements,
                   (SELECT MIN(f.company_satisfaction) FROM follow_ups f
                    WHERE f.company_id = e.company_id
                      AND f.held_on = (SELECT MAX(f2.held_on) FROM follow_ups f2 WHERE f2.company_id = e.company_id AND f2.held_on <= @at)) AS last_satisfaction,
                   (SELECT MAX(ec.ended_on) FROM engagement_churns ec WHERE ec.negative = 1 AND ec.company_id = e.company_id AND ec.ended_on <= @at) AS last_negative_churn_on
            FROM engagements e WHERE e.contracted_on <= @at
            """;

        public const string InsertAll = $"""
            INSERT INTO landmark_stage_facts (company_id, first_kickoff_on, active_engagements, total_engagements, last_satisfaction, last_negative_churn_on)
            {FactsOnSelect}
            GROUP BY e.company_id
            """;

        /// <summary>The facts on @at of every company (for a past day's stage agreement), as <see cref="CompanyStageFacts.Row"/>s without their signing day.</summary>
        public const string FactsOn = $"{FactsOnSelect} GROUP BY e.company_id";

        /// <summary>The facts on @at of the company @companyId (for its stage on a past day).</summary>
        public const string FactsOfCompanyOn = $"{FactsOnSelect} AND e.company_id = @companyId GROUP BY e.company_id";
    }

    /// <summary>The day the snapshot is for and when it was built; both null before the first build.</summary>
    public sealed record Snapshot
    {
        public DateOnly? KeptOn { get; init; }
        public DateTime? BuiltAt { get; init; }
    }

    public static async Task<Snapshot> Read(Db db, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<Snapshot>(Sql.Kept, ct: ct) ?? new Snapshot();

    /// <summary>
    /// Builds the snapshot for <paramref name="at"/> from the whole history, unless it is already for that day and
    /// <paramref name="force"/> is false. Runs in a transaction of its own under the lock the migrations take, so
    /// instances starting or turning the day together take turns and the later ones find it built. Returns whether
    /// it built.
    /// </summary>
    public static async Task<bool> Rebuild(Db db, DateOnly at, DateTime now, bool force, CancellationToken ct)
    {
        if (db.InTransaction) throw new InvalidOperationException("The landmark snapshot is built in a transaction of its own.");
        await db.BeginAsync(ct);
        try
        {
            if (db.Dialect.ExclusiveLock(MigrationRunner.LockResource) is { } takeLock)
                await db.ExecuteAsync(takeLock, ct: ct);
            if (!force && (await Read(db, ct)).KeptOn == at)
            {
                await db.RollbackAsync();
                return false;
            }
            await db.ExecuteAsync(Sql.DeleteAll, ct: ct);
            await db.ExecuteAsync(Sql.InsertAll, new { at }, ct);
            await db.ExecuteAsync(Sql.SetKept, new { at, builtAt = now }, ct);
            await db.CommitAsync(ct);
            return true;
        }
        catch
        {
            await db.RollbackAsync();
            throw;
        }
    }
}
