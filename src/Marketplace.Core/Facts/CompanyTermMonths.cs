using Marketplace.Core.Data;

namespace Marketplace.Core.Facts;

/// <summary>
/// Company churn rates split by CS owner, kept summed per owner and month so that the split reads a few thousand rows
/// instead of every company and churn (migration 0023), by <see cref="DerivedFacts"/> — their one owner — for every
/// company whose terms a command's events name (<see cref="Events.ICompanyTermsEvent"/> and the company churn events):
/// <list type="bullet">
/// <item>company_term_months: one company's share, per month: its terms signed that month (<c>starts</c>), ended that
/// month (<c>ends</c>, <c>negative_ends</c>), under the owner it has now;</item>
/// <item>company_owner_month_counts: the sum of those shares per owner and month.</item>
/// </list>
/// A company's share is what lets a correction move its counts: it says which owner and months the company was counted
/// under before the command (the company row itself already says the new owner). Both are recomputed, never adjusted.
/// A churn rate needs no finer grain than the month (ChurnRateBook counts what started and ended before its first day).
/// </summary>
public static class CompanyTermMonths
{
    public static class Sql
    {
        public const string Shares = "SELECT cs_owner_id, month_start FROM company_term_months WHERE company_id IN @ids";

        /// <summary>The companies' shares replaced in one round trip (the id list is bound once for both statements: 1,000 parameters a slice).</summary>
        public const string RefreshShares = """
            DELETE FROM company_term_months WHERE company_id IN @ids;
            WITH ids AS (SELECT c.id FROM companies c WHERE c.id IN @ids)
            INSERT INTO company_term_months (company_id, cs_owner_id, month_start, starts, ends, negative_ends)
            SELECT t.company_id, c.cs_owner_id, t.month_start, SUM(t.starts), SUM(t.ends), SUM(t.negative_ends) FROM (
              SELECT cc.company_id, /*monthstart*/(cc.term_signed_on) AS month_start, 1 AS starts, 0 AS ends, 0 AS negative_ends
              FROM company_churns cc WHERE cc.company_id IN (SELECT id FROM ids)
              UNION ALL
              SELECT cc.company_id, /*monthstart*/(cc.churned_on), 0, 1, cc.negative FROM company_churns cc WHERE cc.company_id IN (SELECT id FROM ids)
              UNION ALL
              SELECT c.id, /*monthstart*/(c.signed_on), 1, 0, 0 FROM companies c WHERE c.status = 'active' AND c.id IN (SELECT id FROM ids)) t
            JOIN companies c ON c.id = t.company_id
            GROUP BY t.company_id, c.cs_owner_id, t.month_start
            """;

        /// <summary>An owner's months from @from to before @until, summed from the companies' shares.</summary>
        public const string RefreshOwnerMonths = """
            DELETE FROM company_owner_month_counts WHERE cs_owner_id = @owner AND month_start >= @from AND month_start < @until;
            INSERT INTO company_owner_month_counts (cs_owner_id, month_start, starts, ends, negative_ends)
            SELECT @owner, s.month_start, SUM(s.starts), SUM(s.ends), SUM(s.negative_ends) FROM company_term_months s
            WHERE s.cs_owner_id = @owner AND s.month_start >= @from AND s.month_start < @until
            GROUP BY s.month_start
            """;

        public const string DeleteAllShares = "DELETE FROM company_term_months";
        public const string DeleteAllOwnerMonths = "DELETE FROM company_owner_month_counts";
        public const string InsertAllOwnerMonths = """
            INSERT INTO company_owner_month_counts (cs_owner_id, month_start, starts, ends, negative_ends)
            SELECT s.cs_owner_id, s.month_start, SUM(s.starts), SUM(s.ends), SUM(s.negative_ends) FROM company_term_months s
            GROUP BY s.cs_owner_id, s.month_start
            """;

        public const string AllCompanies = "SELECT id FROM companies";
    }

    private sealed record ShareRow
    {
        public Guid CsOwnerId { get; init; }
        public DateOnly MonthStart { get; init; }
    }

    /// <summary>Recomputes these companies' shares, and the owner months they were counted in before and are now.</summary>
    public static async Task Refresh(Db db, IReadOnlyCollection<Guid> companyIds, CancellationToken ct)
    {
        var months = new Dictionary<Guid, HashSet<DateOnly>>();
        foreach (var slice in companyIds.Chunk(DerivedFacts.IdsPerStatement))
        {
            var ids = new { ids = db.Dialect.IdList(slice) };
            await Read(ids);
            await db.ExecuteAsync(Sql.RefreshShares, ids, ct);
            await Read(ids);
        }
        foreach (var (owner, days) in months)
        {
            foreach (var (from, until) in EngagementDayCounts.MonthRuns(days))
                await db.ExecuteAsync(Sql.RefreshOwnerMonths, new { owner, from, until }, ct);
        }

        async Task Read(object ids)
        {
            foreach (var s in await db.QueryAsync<ShareRow>(Sql.Shares, ids, ct))
                (months.TryGetValue(s.CsOwnerId, out var m) ? m : months[s.CsOwnerId] = []).Add(s.MonthStart);
        }
    }

    /// <summary>Every share and owner month again: after a reason's negative tag changed, or for history written without the commands.</summary>
    public static async Task RebuildAll(Db db, CancellationToken ct)
    {
        await db.ExecuteAsync(Sql.DeleteAllShares, ct: ct);
        foreach (var slice in (await db.QueryAsync<Guid>(Sql.AllCompanies, ct: ct)).Chunk(DerivedFacts.IdsPerStatement))
            await db.ExecuteAsync(Sql.RefreshShares, new { ids = db.Dialect.IdList(slice) }, ct);
        await db.ExecuteAsync(Sql.DeleteAllOwnerMonths, ct: ct);
        await db.ExecuteAsync(Sql.InsertAllOwnerMonths, ct: ct);
    }
}
