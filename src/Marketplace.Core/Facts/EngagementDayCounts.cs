using Marketplace.Core.Data;

namespace Marketplace.Core.Facts;

/// <summary>
/// The engagement figures summed per day, kept so that the dashboard's churn rate and survival curve read a few thousand
/// rows instead of every engagement (migration 0019), by <see cref="DerivedFacts"/> — their one owner — for the days a
/// command's records were counted on before and after it:
/// <list type="bullet">
/// <item>on an engagement, <c>counted_start_on</c>: its start day while it counts in engagement figures (contracted,
/// active or ended), else null;</item>
/// <item>engagement_day_counts per day: the engagements counted from that day (<c>starts</c>), the engagement churns
/// that day (<c>ends</c>, <c>negative_ends</c>) and the churns of the engagements counted from that day
/// (<c>ended_by_start</c>);</item>
/// <item>engagement_tenure_counts per tenure (days, whole months): the engagement churns of that tenure;</item>
/// <item>engagement_churn_month_counts and engagement_reason_month_counts per month of the end and tenure in whole
/// months: the engagement churns (and the negative ones) and the reasons given (migration 0021), for the reasons card;</item>
/// <item>engagement_concierge_month_counts per concierge and month: the engagements counted from that month and the
/// engagement churns in it, each under the concierge it carries (migration 0022), for churn rates split by concierge.</item>
/// </list>
/// Each row is recomputed from the history (never adjusted by a difference), so a day is right as soon as it is
/// refreshed; a day with nothing counted has no row.
/// </summary>
public static class EngagementDayCounts
{
    public static class Sql
    {
        /// <summary>Where the engagements' counted facts stood: before the commands' records are refreshed, and after.</summary>
        public const string Counted = """
            SELECT e.counted_start_on AS start_on, e.ended_on, ec.tenure_days, e.concierge_id, ec.concierge_id AS end_concierge_id FROM engagements e
            LEFT JOIN engagement_churns ec ON ec.engagement_id = e.id
            WHERE e.id IN @ids
            """;

        public const string SetAllCountedStarts = "UPDATE engagements SET counted_start_on = CASE WHEN status IN @counted THEN start_on END";
        public const string SetCountedStart = $"{SetAllCountedStarts} WHERE id IN @ids";

        public const string DeleteDays = "DELETE FROM engagement_day_counts WHERE day IN @days";

        public const string InsertDays = """
            INSERT INTO engagement_day_counts (day, starts, ends, negative_ends, ended_by_start)
            SELECT t.day, SUM(t.starts), SUM(t.ends), SUM(t.negative_ends), SUM(t.ended_by_start) FROM (
              SELECT e.counted_start_on AS day, 1 AS starts, 0 AS ends, 0 AS negative_ends, 0 AS ended_by_start FROM engagements e WHERE e.counted_start_on IN @days
              UNION ALL
              SELECT ec.ended_on, 0, 1, ec.negative, 0 FROM engagement_churns ec WHERE ec.ended_on IN @days
              UNION ALL
              SELECT e.counted_start_on, 0, 0, 0, 1 FROM engagements e JOIN engagement_churns ec ON ec.engagement_id = e.id WHERE e.counted_start_on IN @days) t
            GROUP BY t.day
            """;

        public const string DeleteTenures = "DELETE FROM engagement_tenure_counts WHERE tenure_days IN @tenures";

        public const string InsertTenures = """
            INSERT INTO engagement_tenure_counts (tenure_days, tenure_months, ended)
            SELECT ec.tenure_days, ec.tenure_months, COUNT(*) FROM engagement_churns ec
            WHERE ec.tenure_days IN @tenures AND ec.tenure_months IS NOT NULL
            GROUP BY ec.tenure_days, ec.tenure_months
            """;

        /// <summary>The months from @from to before @until, each from the churns ended in it.</summary>
        public const string DeleteMonths = "DELETE FROM engagement_churn_month_counts WHERE month_start >= @from AND month_start < @until";

        public const string InsertMonths = """
            INSERT INTO engagement_churn_month_counts (month_start, tenure_months, ended, negative)
            SELECT /*monthstart*/(ec.ended_on), ec.tenure_months, COUNT(*), SUM(ec.negative) FROM engagement_churns ec
            WHERE ec.ended_on >= @from AND ec.ended_on < @until AND ec.tenure_months IS NOT NULL
            GROUP BY /*monthstart*/(ec.ended_on), ec.tenure_months
            """;

        public const string DeleteReasonMonths = "DELETE FROM engagement_reason_month_counts WHERE month_start >= @from AND month_start < @until";

        public const string InsertReasonMonths = """
            INSERT INTO engagement_reason_month_counts (month_start, reason_code, tenure_months, given)
            SELECT /*monthstart*/(r.ended_on), r.reason_code, r.tenure_months, COUNT(*) FROM engagement_churn_reasons r
            WHERE r.ended_on >= @from AND r.ended_on < @until AND r.tenure_months IS NOT NULL
            GROUP BY /*monthstart*/(r.ended_on), r.reason_code, r.tenure_months
            """;

        /// <summary>
        /// A concierge's months from @from to before @until, from the engagements counted from them (their start day
        /// while contracted, active or ended, as counted_start_on) and the churns in them, in the concierge-first indexes.
        /// </summary>
        public const string DeleteConciergeMonths = """
            DELETE FROM engagement_concierge_month_counts WHERE concierge_id = @concierge AND month_start >= @from AND month_start < @until
            """;

        public const string InsertConciergeMonths = """
            INSERT INTO engagement_concierge_month_counts (concierge_id, month_start, starts, ends, negative_ends)
            SELECT @concierge, t.month_start, SUM(t.starts), SUM(t.ends), SUM(t.negative_ends) FROM (
              SELECT /*monthstart*/(e.start_on) AS month_start, 1 AS starts, 0 AS ends, 0 AS negative_ends FROM engagements e
              WHERE e.concierge_id = @concierge AND e.start_on >= @from AND e.start_on < @until AND e.status IN @counted
              UNION ALL
              SELECT /*monthstart*/(ec.ended_on), 0, 1, ec.negative FROM engagement_churns ec
              WHERE ec.concierge_id = @concierge AND ec.ended_on >= @from AND ec.ended_on < @until) t
            GROUP BY t.month_start
            """;

        public const string RefreshConciergeMonths = $"{DeleteConciergeMonths};\n{InsertConciergeMonths}";

        public const string DeleteAllConciergeMonths = "DELETE FROM engagement_concierge_month_counts";

        public const string InsertAllConciergeMonths = """
            INSERT INTO engagement_concierge_month_counts (concierge_id, month_start, starts, ends, negative_ends)
            SELECT t.concierge_id, t.month_start, SUM(t.starts), SUM(t.ends), SUM(t.negative_ends) FROM (
              SELECT e.concierge_id, /*monthstart*/(e.counted_start_on) AS month_start, 1 AS starts, 0 AS ends, 0 AS negative_ends FROM engagements e
              WHERE e.concierge_id IS NOT NULL AND e.counted_start_on IS NOT NULL
              UNION ALL
              SELECT ec.concierge_id, /*monthstart*/(ec.ended_on), 0, 1, ec.negative FROM engagement_churns ec
              WHERE ec.concierge_id IS NOT NULL AND ec.ended_on IS NOT NULL) t
            GROUP BY t.concierge_id, t.month_start
            """;

        /// <summary>Every day and tenure anything is counted on, for a rebuild from the whole history.</summary>
        public const string AllDays = """
            SELECT e.counted_start_on FROM engagements e WHERE e.counted_start_on IS NOT NULL
            UNION
            SELECT ec.ended_on FROM engagement_churns ec
            """;
        public const string AllEndDays = "SELECT DISTINCT ec.ended_on FROM engagement_churns ec";
        public const string AllTenures = "SELECT DISTINCT ec.tenure_days FROM engagement_churns ec WHERE ec.tenure_days IS NOT NULL";
        public const string DeleteAll = "DELETE FROM engagement_day_counts";
        public const string DeleteAllMonths = "DELETE FROM engagement_churn_month_counts";
        public const string DeleteAllReasonMonths = "DELETE FROM engagement_reason_month_counts";
        public const string DeleteAllTenures = "DELETE FROM engagement_tenure_counts";
    }

    private sealed record CountedRow
    {
        public DateOnly? StartOn { get; init; }
        public DateOnly? EndedOn { get; init; }
        public int? TenureDays { get; init; }
        public Guid? ConciergeId { get; init; }
        public Guid? EndConciergeId { get; init; }
    }

    /// <summary>
    /// Where engagements are counted: the days they count on (starts and ends), their tenures, their end days, and the
    /// days each concierge counts them on. Read before a command's records are refreshed and after; the union is what
    /// <see cref="Refresh"/> recomputes.
    /// </summary>
    public sealed class Counted
    {
        public HashSet<DateOnly> Days { get; } = [];
        public HashSet<int> Tenures { get; } = [];
        public HashSet<DateOnly> EndDays { get; } = [];
        public Dictionary<Guid, HashSet<DateOnly>> ConciergeDays { get; } = [];

        public void Add(DateOnly? startOn, DateOnly? endedOn, int? tenureDays, Guid? conciergeId, Guid? endConciergeId)
        {
            if (startOn is { } start)
            {
                Days.Add(start);
                if (conciergeId is { } c) Of(c).Add(start);
            }
            if (endedOn is { } end)
            {
                Days.Add(end);
                EndDays.Add(end);
                if (endConciergeId is { } c) Of(c).Add(end);
            }
            if (tenureDays is { } tenure) Tenures.Add(tenure);
        }

        private HashSet<DateOnly> Of(Guid concierge) => ConciergeDays.TryGetValue(concierge, out var d) ? d : ConciergeDays[concierge] = [];
    }

    /// <summary>Adds where these engagements are counted now.</summary>
    public static async Task Read(Db db, object ids, Counted into, CancellationToken ct)
    {
        foreach (var r in await db.QueryAsync<CountedRow>(Sql.Counted, ids, ct))
            into.Add(r.StartOn, r.EndedOn, r.TenureDays, r.ConciergeId, r.EndConciergeId);
    }

    /// <summary>Recomputes the rows of these days and tenures, of the months of these end days, and of the concierges' months, from the history.</summary>
    public static async Task Refresh(Db db, Counted counted, CancellationToken ct)
    {
        await Refresh(db, counted.Days, counted.Tenures, counted.EndDays, ct);
        foreach (var (concierge, days) in counted.ConciergeDays)
        {
            foreach (var (from, until) in MonthRuns(days))
            {
                await db.ExecuteAsync(Sql.RefreshConciergeMonths,
                    new { concierge, from, until, counted = Domain.EngagementStatuses.CountedWords }, ct);
            }
        }
    }

    private static async Task Refresh(Db db, IReadOnlyCollection<DateOnly> days, IReadOnlyCollection<int> tenures, IReadOnlyCollection<DateOnly> endDays, CancellationToken ct)
    {
        foreach (var slice in days.Order().Chunk(DerivedFacts.IdsPerStatement))
        {
            var args = new { days = db.Dialect.DayList(slice) };
            await db.ExecuteAsync(Sql.DeleteDays, args, ct);
            await db.ExecuteAsync(Sql.InsertDays, args, ct);
        }
        // The months of the end days, each run of consecutive months in one pass over its churns.
        foreach (var (from, until) in MonthRuns(endDays))
        {
            var args = new { from, until };
            await db.ExecuteAsync(Sql.DeleteMonths, args, ct);
            await db.ExecuteAsync(Sql.InsertMonths, args, ct);
            await db.ExecuteAsync(Sql.DeleteReasonMonths, args, ct);
            await db.ExecuteAsync(Sql.InsertReasonMonths, args, ct);
        }
        foreach (var slice in tenures.Order().Chunk(DerivedFacts.IdsPerStatement))
        {
            var args = new { tenures = slice };
            await db.ExecuteAsync(Sql.DeleteTenures, args, ct);
            await db.ExecuteAsync(Sql.InsertTenures, args, ct);
        }
    }

    /// <summary>The months the days fall in, as runs of consecutive months: each the first day of its first month and of the month after its last.</summary>
    public static IEnumerable<(DateOnly From, DateOnly Until)> MonthRuns(IEnumerable<DateOnly> days)
    {
        DateOnly? from = null, until = null;
        foreach (var month in days.Select(d => new DateOnly(d.Year, d.Month, 1)).Distinct().Order())
        {
            if (until == month) { until = month.AddMonths(1); continue; }
            if (from is { } f) yield return (f, until!.Value);
            (from, until) = (month, month.AddMonths(1));
        }
        if (from is { } last) yield return (last, until!.Value);
    }

    /// <summary>
    /// Every row again from the whole history: after a reason's negative tag changed (an admin's rare edit), or for
    /// history written without the commands (benchmark data).
    /// </summary>
    public static async Task RebuildAll(Db db, CancellationToken ct)
    {
        await db.ExecuteAsync(Sql.SetAllCountedStarts, new { counted = Domain.EngagementStatuses.CountedWords }, ct);
        await db.ExecuteAsync(Sql.DeleteAll, ct: ct);
        await db.ExecuteAsync(Sql.DeleteAllTenures, ct: ct);
        await db.ExecuteAsync(Sql.DeleteAllMonths, ct: ct);
        await db.ExecuteAsync(Sql.DeleteAllReasonMonths, ct: ct);
        await db.ExecuteAsync(Sql.DeleteAllConciergeMonths, ct: ct);
        await db.ExecuteAsync(Sql.InsertAllConciergeMonths, ct: ct);
        await Refresh(db, await db.QueryAsync<DateOnly>(Sql.AllDays, ct: ct), await db.QueryAsync<int>(Sql.AllTenures, ct: ct),
            await db.QueryAsync<DateOnly>(Sql.AllEndDays, ct: ct), ct);
    }
}
