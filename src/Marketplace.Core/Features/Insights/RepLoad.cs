using Marketplace.Core.Data;
using MediatR;

namespace Marketplace.Core.Features.Insights;

/// <summary>
/// Rep load (docs/domain.md, "Rep load"): per CS member the active companies they own and the active engagements at those
/// companies; per concierge the active workers they look after. Members of every team are listed, so an
/// admin who owns companies shows too.
/// </summary>
public static class RepLoad
{
    public sealed record Query : IRequest<Result>;

    public sealed record Member
    {
        public Guid MemberId { get; init; }
        public string Name { get; init; } = "";
        public string Team { get; init; } = "";
        public int ActiveCompanies { get; init; }
        public int ActiveEngagements { get; init; }
        public int ActiveWorkers { get; init; }
    }

    public sealed record Result(IReadOnlyList<Member> Members) : ICsvTable
    {
        public IEnumerable<object> CsvRows() => Members;

        Type ICsvTable.RowType => typeof(Member);
    }

    public static class Sql
    {
        /// <summary>
        /// The active engagements are read from the count DerivedFacts keeps on each company (CompanyStageFacts; a churned
        /// company has none), through ix_companies_rep_load (migration 0019), instead of from every engagement.
        /// </summary>
        public const string Load = """
            SELECT m.id AS member_id, m.name, m.team,
                   COALESCE(co.n, 0) AS active_companies, COALESCE(co.engagements, 0) AS active_engagements, COALESCE(wk.n, 0) AS active_workers
            FROM members m
            LEFT JOIN (SELECT c.cs_owner_id AS member_id, COUNT(*) AS n, SUM(c.active_engagements) AS engagements
                       FROM companies c WHERE c.status = 'active' GROUP BY c.cs_owner_id) co
              ON co.member_id = m.id
            LEFT JOIN (SELECT w.concierge_id AS member_id, COUNT(*) AS n FROM workers w WHERE w.status = 'active' GROUP BY w.concierge_id) wk
              ON wk.member_id = m.id
            ORDER BY m.team, m.name, m.id
            """;
    }

    public sealed class Handler(Db db) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query q, CancellationToken ct) => new(await db.QueryAsync<Member>(Sql.Load, ct: ct));
    }
}
