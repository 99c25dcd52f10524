using Marketplace.Core.Data;

namespace Marketplace.Core.Features.Insights;

/// <summary>
/// The stage facts of every company as they stood on one past day D — retention's landmark, today − 180 days
/// (<see cref="StageRetention"/>) — kept in landmark_stage_facts (migration 0010) for the day in stage_landmark.kept_on.
/// Facts on D, as the stage rules read them (DESIGN.md §2): the first kickoff held by D; the engagements kicked off
/// by D and not ended by D; the engagements contracted by D; the satisfaction of the latest follow-up held by D (the
/// lowest on a tie); the latest negative engagement churn by D. Reading them from the whole history took most of
/// stage agreement's time on large data. They change only with a record dated on or before D, so they stay right
/// through two paths:
/// <list type="bullet">
/// <item><see cref="KeepFor"/>, before they are read: moves the kept day to the asked one by recomputing only the
/// companies with a record dated between the two days (one day's move on the 1,000,000-engagement benchmark data is
/// about 4,700 companies), or builds them all from the history when none are kept.</item>
/// <item><see cref="Recompute"/>: every command that records a stage fact dated on or before the kept day recomputes
/// its company's (<see cref="Companies.CompanyStageFacts.Locked"/>).</item>
/// </list>
/// </summary>
public static class LandmarkStageFacts
{
    public static class Sql
    {
        public const string KeptOn = "SELECT kept_on FROM stage_landmark WHERE id = 1";
        public const string SetKeptOn = "UPDATE stage_landmark SET kept_on = @at WHERE id = 1";

        /// <summary>For history written without the commands: nothing is kept, so the next <see cref="KeepFor"/> builds every company's facts.</summary>
        public const string Forget = "UPDATE stage_landmark SET kept_on = NULL WHERE id = 1";
        public const string DeleteAll = "DELETE FROM landmark_stage_facts";
        public const string InsertAll = $"{Insert} GROUP BY e.company_id";
        public const string DeleteCompany = "DELETE FROM landmark_stage_facts WHERE company_id = @companyId";
        public const string InsertCompany = $"{Insert} AND e.company_id = @companyId GROUP BY e.company_id";
        public const string DeleteRecordedBetween = $"DELETE FROM landmark_stage_facts WHERE company_id IN ({RecordedBetween})";
        public const string InsertRecordedBetween = $"{Insert} AND e.company_id IN ({RecordedBetween}) GROUP BY e.company_id";

        /// <summary>
        /// A kickoff is never before its contract, so the engagements contracted by @at hold every other fact, and a
        /// company with none has no row. The last follow-up's day and then its lowest score are two seeks each in the
        /// company-first follow-up index.
        /// </summary>
        private const string Insert = """
            INSERT INTO landmark_stage_facts (company_id, first_kickoff_on, active_engagements, total_engagements, last_satisfaction, last_negative_churn_on)
            SELECT e.company_id,
                   MIN(CASE WHEN e.kicked_off_on <= @at THEN e.kicked_off_on END),
                   COUNT(CASE WHEN e.kicked_off_on <= @at AND (e.ended_on IS NULL OR e.ended_on > @at) THEN 1 END),
                   COUNT(*),
                   (SELECT MIN(f.company_satisfaction) FROM follow_ups f
                    WHERE f.company_id = e.company_id
                      AND f.held_on = (SELECT MAX(f2.held_on) FROM follow_ups f2 WHERE f2.company_id = e.company_id AND f2.held_on <= @at)),
                   (SELECT MAX(ec.ended_on) FROM engagement_churns ec WHERE ec.negative = 1 AND ec.company_id = e.company_id AND ec.ended_on <= @at)
            FROM engagements e WHERE e.contracted_on <= @at
            """;

        /// <summary>The companies with a record dated after @from and on or before @to; an end is found by its engagement churn.</summary>
        private const string RecordedBetween = """
            SELECT e.company_id FROM engagements e WHERE e.contracted_on > @from AND e.contracted_on <= @to
            UNION SELECT e.company_id FROM engagements e WHERE e.kicked_off_on > @from AND e.kicked_off_on <= @to
            UNION SELECT ec.company_id FROM engagement_churns ec WHERE ec.ended_on > @from AND ec.ended_on <= @to
            UNION SELECT f.company_id FROM follow_ups f WHERE f.held_on > @from AND f.held_on <= @to
            """;
    }

    /// <summary>The stage_landmark row; a property, so that Dapper reads a null day without the date handler.</summary>
    public sealed record Landmark
    {
        public DateOnly? KeptOn { get; init; }
    }

    /// <summary>
    /// Makes the kept facts those of <paramref name="at"/>. Costs one read when they already are; otherwise a write
    /// transaction of its own, where the kept day is read again under the lock in case another request moved it
    /// meanwhile. Not inside a caller's transaction: a command there may already hold the day it read.
    /// </summary>
    public static async Task KeepFor(Db db, DateOnly at, CancellationToken ct)
    {
        if (db.InTransaction) throw new InvalidOperationException("The landmark stage facts are moved in a transaction of their own.");
        if (await KeptOn(db, ct) == at) return;
        await db.BeginAsync(ct);
        try
        {
            var kept = await db.QuerySingleOrDefaultAsync<Landmark>(db.Dialect.LockStageLandmark, ct: ct);
            if (kept?.KeptOn is not { } from)
            {
                await db.ExecuteAsync(Sql.DeleteAll, ct: ct);
                await db.ExecuteAsync(Sql.InsertAll, new { at }, ct);
            }
            else if (from != at)
            {
                var between = new { at, from = from < at ? from : at, to = from < at ? at : from };
                await db.ExecuteAsync(Sql.DeleteRecordedBetween, between, ct);
                await db.ExecuteAsync(Sql.InsertRecordedBetween, between, ct);
            }
            await db.ExecuteAsync(Sql.SetKeptOn, new { at }, ct);
            await db.CommitAsync(ct);
        }
        catch
        {
            await db.RollbackAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="read"/> on the facts kept for <paramref name="at"/>: moves them there first, and reads again
    /// if they were moved to another day meanwhile (another instance, or the keeper at midnight).
    /// </summary>
    public static async Task<T> Read<T>(Db db, DateOnly at, Func<Task<T>> read, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await KeepFor(db, at, ct);
            var result = await read();
            if (await KeptOn(db, ct) == at) return result;
            if (attempt == 3)
                throw new Pipeline.ServiceUnavailableException("The landmark stage facts kept moving to another day while being read. Try again in a moment.");
        }
    }

    private static async Task<DateOnly?> KeptOn(Db db, CancellationToken ct) =>
        (await db.QuerySingleOrDefaultAsync<Landmark>(Sql.KeptOn, ct: ct))?.KeptOn;

    /// <summary>Recomputes one company's facts on the kept day <paramref name="keptOn"/>, inside the caller's transaction.</summary>
    public static async Task Recompute(Db db, Guid companyId, DateOnly keptOn, CancellationToken ct)
    {
        await db.ExecuteAsync(Sql.DeleteCompany, new { companyId }, ct);
        await db.ExecuteAsync(Sql.InsertCompany, new { companyId, at = keptOn }, ct);
    }
}
