using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Features.Companies;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Insights;

/// <summary>
/// How often the CS owner's own stage assessment agrees with the computed stage (DESIGN.md §2), over the
/// active companies that have an assessment. The computed stage is the one the company resource shows
/// (<see cref="CompanyView"/>, today's), so the two can never disagree about the rule.
/// Also: retention by stage — whether the computed stage predicts who stays (see <see cref="StageRetention"/>).
/// </summary>
public static class StageAgreement
{
    public sealed record Query : IRequest<Result>;

    public sealed record Cell(string Assessed, string Computed, int Count);

    public sealed record CsvRow(string Section, string Assessed, string Computed, int Count, int? Retained, double? Rate);

    public sealed record Result(int Assessed, int Agreed, double? AgreementRate, IReadOnlyList<Cell> Matrix, StageRetention.Result RetentionByStage) : ICsvTable
    {
        public IEnumerable<object> CsvRows() =>
            Matrix.Select(c => new CsvRow("matrix", c.Assessed, c.Computed, c.Count, null, null))
                .Concat(RetentionByStage.Stages.Select(s => new CsvRow("retention", "", s.Stage, s.Companies, s.Retained, s.RetentionRate)));
    }

    public static class Sql
    {
        public const string AssessedIds = """
            SELECT id FROM companies WHERE status = 'active' AND assessment_stage IS NOT NULL ORDER BY id
            """;
    }

    public sealed class Handler(Db db, CompanyView view, StageRetention retention) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query q, CancellationToken ct)
        {
            var companies = await view.Load(await db.QueryAsync<Guid>(Sql.AssessedIds, ct: ct), ct);
            var pairs = companies.Where(c => c.Assessment is not null).Select(c => (Assessed: c.Assessment!.Stage, Computed: c.Stage)).ToList();
            var stages = Enum.GetValues<Stage>().Select(Wire.Name).ToList();
            var matrix = (from a in stages from c in stages select new Cell(a, c, pairs.Count(p => p.Assessed == a && p.Computed == c))).ToList();
            var agreed = pairs.Count(p => p.Assessed == p.Computed);
            return new Result(pairs.Count, agreed, ChurnRateBook.Ratio(agreed, pairs.Count), matrix, await retention.Compute(ct));
        }
    }
}

/// <summary>
/// Retention by stage: the company terms active on the landmark day L = today − 180 days, grouped by the stage
/// they were in on L (the same <see cref="StageRules"/>, fed with what was known on L), and how many of them
/// had not churned by today. Facts on L: signed on = the term's start; first kickoff = the earliest kickoff
/// held on or before L; active engagements = those kicked off by L and not ended by L; total engagements =
/// those contracted by L; last satisfaction = the latest follow-up held by L (the lowest on a tie); last
/// negative engagement churn on or before L.
/// </summary>
public sealed class StageRetention(Db db, StageRules rules, IClock clock)
{
    public const int WindowDays = 180;

    public sealed record StageCount(string Stage, int Companies, int Retained, double? RetentionRate);

    public sealed record Result(DateOnly Landmark, int WindowDays, IReadOnlyList<StageCount> Stages);

    public static class Sql
    {
        public const string Terms = $"""
            SELECT terms.company_id, terms.signed_on, terms.churned_on FROM ({InsightSql.CompanyTerms}) terms
            WHERE terms.signed_on <= @at AND (terms.churned_on IS NULL OR terms.churned_on > @at)
            """;
        public const string Kickoffs = """
            SELECT k.company_id, MIN(k.held_on) AS first_kickoff_on,
                   SUM(CASE WHEN e.ended_on IS NULL OR e.ended_on > @at THEN 1 ELSE 0 END) AS active_engagements
            FROM kickoffs k JOIN engagements e ON e.id = k.engagement_id
            WHERE k.held_on <= @at
            GROUP BY k.company_id
            """;
        public const string Contracted = """
            SELECT e.company_id, COUNT(*) AS n FROM engagements e WHERE e.contracted_on <= @at GROUP BY e.company_id
            """;
        public const string LastSatisfaction = """
            SELECT e.company_id, MIN(f.company_satisfaction) AS satisfaction
            FROM follow_ups f JOIN engagements e ON e.id = f.engagement_id
            JOIN (SELECT e2.company_id, MAX(f2.held_on) AS last_on
                  FROM follow_ups f2 JOIN engagements e2 ON e2.id = f2.engagement_id
                  WHERE f2.held_on <= @at GROUP BY e2.company_id) last ON last.company_id = e.company_id AND last.last_on = f.held_on
            GROUP BY e.company_id
            """;
        public const string LastNegative = $"""
            SELECT e.company_id, MAX(ec.ended_on) AS ended_on
            FROM engagement_churns ec JOIN engagements e ON e.id = ec.engagement_id
            WHERE ec.ended_on <= @at AND {InsightSql.EngagementChurnIsNegative}
            GROUP BY e.company_id
            """;
    }

    private sealed record TermRow
    {
        public Guid CompanyId { get; init; }
        public DateOnly SignedOn { get; init; }
        public DateOnly? ChurnedOn { get; init; }
    }

    private sealed record KickoffRow
    {
        public Guid CompanyId { get; init; }
        public DateOnly FirstKickoffOn { get; init; }
        public int ActiveEngagements { get; init; }
    }

    private sealed record CountRow
    {
        public Guid CompanyId { get; init; }
        public int N { get; init; }
    }

    private sealed record SatisfactionRow
    {
        public Guid CompanyId { get; init; }
        public int? Satisfaction { get; init; }
    }

    private sealed record NegativeRow
    {
        public Guid CompanyId { get; init; }
        public DateOnly EndedOn { get; init; }
    }

    public async Task<Result> Compute(CancellationToken ct)
    {
        var today = clock.Today;
        var at = today.AddDays(-WindowDays);
        var args = new { at, negative = await InsightRules.NegativeCodes(db, ct) };
        var terms = await db.QueryAsync<TermRow>(Sql.Terms, args, ct);
        var kickoffs = (await db.QueryAsync<KickoffRow>(Sql.Kickoffs, args, ct)).ToDictionary(k => k.CompanyId);
        var contracted = (await db.QueryAsync<CountRow>(Sql.Contracted, args, ct)).ToDictionary(c => c.CompanyId, c => c.N);
        var satisfaction = (await db.QueryAsync<SatisfactionRow>(Sql.LastSatisfaction, args, ct)).ToDictionary(s => s.CompanyId, s => s.Satisfaction);
        var negative = (await db.QueryAsync<NegativeRow>(Sql.LastNegative, args, ct)).ToDictionary(n => n.CompanyId, n => n.EndedOn);

        var byStage = terms
            .Select(t =>
            {
                var k = kickoffs.GetValueOrDefault(t.CompanyId);
                var stage = rules.Compute(new StageFacts(t.SignedOn, k?.FirstKickoffOn, k?.ActiveEngagements ?? 0,
                    contracted.GetValueOrDefault(t.CompanyId), satisfaction.GetValueOrDefault(t.CompanyId),
                    negative.TryGetValue(t.CompanyId, out var n) ? n : null), at);
                return (stage, retained: t.ChurnedOn is not { } churned || churned > today);
            })
            .ToLookup(x => x.stage);
        return new Result(at, WindowDays, Enum.GetValues<Stage>().Select(s =>
        {
            var group = byStage[s].ToList();
            var retained = group.Count(g => g.retained);
            return new StageCount(Wire.Name(s), group.Count, retained, ChurnRateBook.Ratio(retained, group.Count));
        }).ToList());
    }
}
