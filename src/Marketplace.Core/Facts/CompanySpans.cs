using Marketplace.Core.Data;

namespace Marketplace.Core.Facts;

/// <summary>
/// Two of a company's standings kept as spans of days, so that churn risk as of any day reads the few spans standing
/// that day instead of probing every company's follow-ups and engagements (migration 0020), by
/// <see cref="DerivedFacts"/> — their one owner — for every company a command's events name:
/// <list type="bullet">
/// <item>company_satisfaction_spans: for each day a follow-up of the company was held, the lowest satisfaction that
/// day, standing from that day (<c>from_on</c>) until the next day one was held (<c>until_on</c>, exclusive;
/// <see cref="Open"/> for the latest);</item>
/// <item>company_engagement_gaps: the stretches with no engagement running, an engagement running from its kickoff
/// through its end day: each gap lies strictly between <c>after_on</c> (the end before it, <see cref="Before"/> when
/// none) and <c>until_on</c> (the next kickoff, <see cref="Open"/> when none). A company with no engagement kicked
/// off has none: it is idle throughout, as its first kickoff (<see cref="CompanyStageFacts"/>) says.</item>
/// </list>
/// A company's spans are recomputed whole from its history, never adjusted, so they are right as soon as they are refreshed.
/// </summary>
public static class CompanySpans
{
    /// <summary>The day after every day: a span still standing, a gap with no kickoff after it.</summary>
    public const string Open = "'9999-12-31'";

    /// <summary>The day before every day: a gap with no engagement before it.</summary>
    public const string Before = "'0001-01-01'";

    public static class Sql
    {
        private const string Ids = "WITH ids AS (SELECT c.id FROM companies c WHERE c.id IN @ids)";

        public const string DeleteSatisfaction = "DELETE FROM company_satisfaction_spans WHERE company_id IN @ids";

        public const string InsertSatisfaction = $"""
            INSERT INTO company_satisfaction_spans (company_id, from_on, until_on, satisfaction)
            SELECT d.company_id, d.held_on, COALESCE(LEAD(d.held_on) OVER (PARTITION BY d.company_id ORDER BY d.held_on), {Open}), d.satisfaction
            FROM (SELECT f.company_id, f.held_on, MIN(f.company_satisfaction) AS satisfaction FROM follow_ups f
                  WHERE f.held_on IS NOT NULL AND f.company_id IN @ids
                  GROUP BY f.company_id, f.held_on) d
            """;

        public const string DeleteGaps = "DELETE FROM company_engagement_gaps WHERE company_id IN @ids";

        /// <summary>
        /// A gap before each kickoff that comes after every earlier engagement's end (the engagements in kickoff order),
        /// and one after the last end when every engagement kicked off has ended.
        /// </summary>
        public const string InsertGaps = $"""
            {Ids}
            INSERT INTO company_engagement_gaps (company_id, after_on, until_on)
            SELECT r.company_id, COALESCE(r.prev_end, {Before}), r.kicked_off_on FROM (
              SELECT e.company_id, e.kicked_off_on,
                     MAX(COALESCE(e.ended_on, {Open})) OVER (PARTITION BY e.company_id ORDER BY e.kicked_off_on, e.id
                                                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
              FROM engagements e WHERE e.kicked_off_on IS NOT NULL AND e.company_id IN (SELECT id FROM ids)) r
            WHERE r.prev_end IS NULL OR r.prev_end < r.kicked_off_on
            UNION ALL
            SELECT e.company_id, MAX(e.ended_on), {Open} FROM engagements e
            WHERE e.kicked_off_on IS NOT NULL AND e.company_id IN (SELECT id FROM ids)
            GROUP BY e.company_id HAVING COUNT(*) = COUNT(e.ended_on)
            """;

        /// <summary>A company's spans replaced in one round trip (the id list twice: 2,000 parameters a slice, within SQL Server's 2,100).</summary>
        public const string RefreshSatisfaction = $"{DeleteSatisfaction};\n{InsertSatisfaction}";
        public const string RefreshGaps = $"{DeleteGaps};\n{InsertGaps}";

        public const string AllCompanies = "SELECT id FROM companies";
    }

    /// <summary>Recomputes the satisfaction spans of some companies and the gaps of some from their history.</summary>
    public static async Task Refresh(Db db, IEnumerable<Guid> satisfactionOf, IEnumerable<Guid> gapsOf, CancellationToken ct)
    {
        foreach (var slice in satisfactionOf.Chunk(DerivedFacts.IdsPerStatement))
        {
            await db.ExecuteAsync(Sql.RefreshSatisfaction, new { ids = db.Dialect.IdList(slice) }, ct);
        }
        foreach (var slice in gapsOf.Chunk(DerivedFacts.IdsPerStatement))
        {
            await db.ExecuteAsync(Sql.RefreshGaps, new { ids = db.Dialect.IdList(slice) }, ct);
        }
    }

    /// <summary>Every company's spans again, for history written without the commands (benchmark data).</summary>
    public static async Task RebuildAll(Db db, CancellationToken ct)
    {
        var all = await db.QueryAsync<Guid>(Sql.AllCompanies, ct: ct);
        await Refresh(db, all, all, ct);
    }
}
