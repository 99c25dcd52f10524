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
        public const string Assessed = """
            SELECT id, signed_on, assessment_stage FROM companies WHERE status = 'active' AND assessment_stage IS NOT NULL
            """;
    }

    private sealed record AssessedRow
    {
        public Guid Id { get; init; }
        public DateOnly SignedOn { get; init; }
        public string AssessmentStage { get; init; } = "";
    }

    public sealed class Handler(Db db, StageRules rules, StageRetention retention, IClock clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query q, CancellationToken ct)
        {
            var today = clock.Today;
            // Retention reads the whole history a second time, as of its landmark: on a connection of its own,
            // side by side with the agreement's reads.
            var retained = db.Alongside(own => retention.Compute(own, ct), ct);
            var assessed = await db.QueryAsync<AssessedRow>(Sql.Assessed, ct: ct);
            // Everything recorded so far, as the company resource reads it, judged as of today.
            var known = await CompanyStageFacts.Recorded(db, DateOnly.MaxValue, today, rules, ct);
            var pairs = assessed.Select(c => (Assessed: c.AssessmentStage, Computed: Wire.Name(rules.Compute(known.For(c.Id, c.SignedOn), today)))).ToList();
            var stages = Enum.GetValues<Stage>().Select(Wire.Name).ToList();
            var matrix = (from a in stages from c in stages select new Cell(a, c, pairs.Count(p => p.Assessed == a && p.Computed == c))).ToList();
            var agreed = pairs.Count(p => p.Assessed == p.Computed);
            return new Result(pairs.Count, agreed, ChurnRateBook.Ratio(agreed, pairs.Count), matrix, await retained);
        }
    }
}

/// <summary>
/// The facts <see cref="StageRules"/> reads, for every company at once, from what was recorded up to a day:
/// first kickoff held by then; engagements kicked off by then and not ended by then; engagements contracted by
/// then; the satisfaction of the latest follow-up held by then (the lowest on a tie); the latest negative
/// engagement churn by then that is still inside the rules' negative window on the day the stage is judged
/// (an older one cannot change the stage, so it is not read). With <see cref="DateOnly.MaxValue"/> these are
/// the facts the company resource (<see cref="CompanyView"/>) reads for one company. Three scans of narrow
/// indexes (migration 0005) instead of a lookup per company.
/// </summary>
public static class CompanyStageFacts
{
    public static class Sql
    {
        public const string Engagements = """
            SELECT e.company_id,
                   MIN(CASE WHEN e.kicked_off_on <= @asOf THEN e.kicked_off_on END) AS first_kickoff_on,
                   SUM(CASE WHEN e.kicked_off_on <= @asOf AND (e.ended_on IS NULL OR e.ended_on > @asOf) THEN 1 ELSE 0 END) AS active_engagements,
                   SUM(CASE WHEN e.contracted_on <= @asOf THEN 1 ELSE 0 END) AS total_engagements
            FROM engagements e WHERE e.contracted_on IS NOT NULL
            GROUP BY e.company_id
            """;
        public const string LastSatisfaction = InsightSql.LastSatisfaction;
        public const string LastNegative = """
            SELECT ec.company_id, MAX(ec.ended_on) AS ended_on FROM engagement_churns ec
            WHERE ec.ended_on > @negativeSince AND ec.ended_on <= @asOf AND ec.negative = 1
            GROUP BY ec.company_id
            """;
    }

    private sealed record EngagementRow
    {
        public Guid CompanyId { get; init; }
        public DateOnly? FirstKickoffOn { get; init; }
        public int ActiveEngagements { get; init; }
        public int TotalEngagements { get; init; }
    }

    private sealed record NegativeRow
    {
        public Guid CompanyId { get; init; }
        public DateOnly EndedOn { get; init; }
    }

    public sealed class Book(IReadOnlyDictionary<Guid, (DateOnly? FirstKickoffOn, int Active, int Total)> engagements,
        IReadOnlyDictionary<Guid, int?> satisfaction, IReadOnlyDictionary<Guid, DateOnly> negative)
    {
        public StageFacts For(Guid companyId, DateOnly signedOn)
        {
            var e = engagements.GetValueOrDefault(companyId);
            return new StageFacts(signedOn, e.FirstKickoffOn, e.Active, e.Total, satisfaction.GetValueOrDefault(companyId),
                negative.TryGetValue(companyId, out var n) ? n : null);
        }
    }

    /// <summary>The arguments of the three statements, for what was recorded up to <paramref name="at"/>, judged on <paramref name="judgedOn"/>.</summary>
    public static object Args(DateOnly at, DateOnly judgedOn, StageRules rules) =>
        new { asOf = at, negativeSince = judgedOn.AddDays(-rules.NegativeWindowDays) };

    public static async Task<Book> Recorded(Db db, DateOnly at, DateOnly judgedOn, StageRules rules, CancellationToken ct)
    {
        var args = Args(at, judgedOn, rules);
        var engagements = (await db.QueryAsync<EngagementRow>(Sql.Engagements, args, ct))
            .ToDictionary(r => r.CompanyId, r => (r.FirstKickoffOn, r.ActiveEngagements, r.TotalEngagements));
        var satisfaction = (await db.QueryAsync<InsightSql.SatisfactionRow>(Sql.LastSatisfaction, args, ct)).ToDictionary(s => s.CompanyId, s => s.Satisfaction);
        var negative = (await db.QueryAsync<NegativeRow>(Sql.LastNegative, args, ct)).ToDictionary(n => n.CompanyId, n => n.EndedOn);
        return new Book(engagements, satisfaction, negative);
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
public sealed class StageRetention(StageRules rules, IClock clock)
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
    }

    private sealed record TermRow
    {
        public Guid CompanyId { get; init; }
        public DateOnly SignedOn { get; init; }
        public DateOnly? ChurnedOn { get; init; }
    }

    public async Task<Result> Compute(Db db, CancellationToken ct)
    {
        var today = clock.Today;
        var at = today.AddDays(-WindowDays);
        var terms = await db.QueryAsync<TermRow>(Sql.Terms, new { at }, ct);
        var known = await CompanyStageFacts.Recorded(db, at, at, rules, ct);

        var byStage = terms
            .Select(t =>
            {
                var stage = rules.Compute(known.For(t.CompanyId, t.SignedOn), at);
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
