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

    public sealed class Handler(Db db, StageRules rules, IClock clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query q, CancellationToken ct)
        {
            var today = clock.Today;
            var landmark = today.AddDays(-StageRetention.WindowDays);
            // Two connections share the reads (SQLite in WAL serves readers in parallel): the engagement scan, the
            // largest, on this one; everything else alongside.
            var rest = db.Alongside(async own => (
                Assessed: await own.QueryAsync<AssessedRow>(Sql.Assessed, ct: ct),
                Terms: await own.QueryAsync<StageRetention.TermRow>(StageRetention.Sql.Terms, new { at = landmark }, ct),
                FollowUps: await CompanyStageFacts.FollowUps(own, landmark, rules, ct),
                Negative: await CompanyStageFacts.Negative(own, landmark, rules, ct)), ct);
            var engagements = await CompanyStageFacts.Engagements(db, landmark, rules, ct);
            var (assessed, terms, followUps, negative) = await rest;
            var facts = new CompanyStageFacts.Book(engagements, followUps, negative);

            // Everything recorded so far, as the company resource reads it, judged as of today.
            var pairs = assessed.Select(c => (Assessed: c.AssessmentStage, Computed: Wire.Name(rules.Compute(facts.Now(c.Id, c.SignedOn), today)))).ToList();
            var stages = Enum.GetValues<Stage>().Select(Wire.Name).ToList();
            var matrix = (from a in stages from c in stages select new Cell(a, c, pairs.Count(p => p.Assessed == a && p.Computed == c))).ToList();
            var agreed = pairs.Count(p => p.Assessed == p.Computed);
            return new Result(pairs.Count, agreed, ChurnRateBook.Ratio(agreed, pairs.Count), matrix,
                StageRetention.Compute(terms, facts, rules, landmark, today));
        }
    }
}

/// <summary>
/// The facts <see cref="StageRules"/> reads, for every company at once, twice: from everything recorded (now — the
/// facts the company resource, <see cref="CompanyView"/>, reads for one company) and from what was recorded up to a
/// day @at. First kickoff held; engagements kicked off and not ended; engagements contracted; the satisfaction of
/// the latest follow-up held (the lowest on a tie); the latest negative engagement churn still inside the rules'
/// negative window on the day the stage is judged (an older one cannot change the stage, so it is not read).
/// One scan of a narrow index per table (migration 0005), both days in the same pass: the history is a million
/// rows, and reading it once instead of once per day is most of this insight's time.
/// </summary>
public static class CompanyStageFacts
{
    public static class Sql
    {
        public const string Engagements = """
            SELECT e.company_id,
                   MIN(e.kicked_off_on) AS first_kickoff_on,
                   COUNT(CASE WHEN e.kicked_off_on IS NOT NULL AND e.ended_on IS NULL THEN 1 END) AS active_engagements,
                   COUNT(*) AS total_engagements,
                   MIN(CASE WHEN e.kicked_off_on <= @at THEN e.kicked_off_on END) AS first_kickoff_at,
                   COUNT(CASE WHEN e.kicked_off_on <= @at AND (e.ended_on IS NULL OR e.ended_on > @at) THEN 1 END) AS active_at,
                   COUNT(CASE WHEN e.contracted_on <= @at THEN 1 END) AS total_at
            FROM engagements e WHERE e.contracted_on IS NOT NULL
            GROUP BY e.company_id
            """;

        /// <summary>
        /// The latest follow-up held per company, the lowest satisfaction when several share its day, in one pass:
        /// each follow-up is ranked by its day and then by its score reversed (day × 8 + 7 − satisfaction, for
        /// satisfaction 1–5), so the greatest rank is the latest day's lowest score. A held follow-up always has
        /// its satisfaction (RecordFollowUp requires it).
        /// </summary>
        public const string FollowUps = $"""
            SELECT f.company_id,
                   MAX({Rank}) AS last_rank,
                   MAX(CASE WHEN f.held_on <= @at THEN {Rank} END) AS last_rank_at
            FROM follow_ups f WHERE f.held_on IS NOT NULL
            GROUP BY f.company_id
            """;

        private const string Rank = $"{SqlDialect.Days}(@epoch, f.held_on) * 8 + 7 - f.company_satisfaction";

        public const string Negative = """
            SELECT ec.company_id, MAX(ec.ended_on) AS last_on, MAX(CASE WHEN ec.ended_on <= @at THEN ec.ended_on END) AS last_at
            FROM engagement_churns ec
            WHERE ec.negative = 1 AND ec.ended_on > @negativeSince
            GROUP BY ec.company_id
            """;
    }

    /// <summary>Day 0 of the follow-up rank: any day before the first follow-up.</summary>
    public static readonly DateOnly Epoch = new(2000, 1, 1);

    /// <summary>
    /// The arguments of the three statements, for facts now and up to <paramref name="at"/>. The negative window of a
    /// stage judged on @at reaches furthest back; today's lies inside it.
    /// </summary>
    public static object Args(DateOnly at, StageRules rules) =>
        new { at, epoch = Epoch, negativeSince = at.AddDays(-rules.NegativeWindowDays) };

    public sealed record EngagementFacts
    {
        public Guid CompanyId { get; init; }
        public DateOnly? FirstKickoffOn { get; init; }
        public int ActiveEngagements { get; init; }
        public int TotalEngagements { get; init; }
        public DateOnly? FirstKickoffAt { get; init; }
        public int ActiveAt { get; init; }
        public int TotalAt { get; init; }
    }

    public sealed record FollowUpFacts
    {
        public Guid CompanyId { get; init; }
        public long? LastRank { get; init; }
        public long? LastRankAt { get; init; }
    }

    public sealed record NegativeFacts
    {
        public Guid CompanyId { get; init; }
        public DateOnly? LastOn { get; init; }
        public DateOnly? LastAt { get; init; }
    }

    public static async Task<IReadOnlyList<EngagementFacts>> Engagements(Db db, DateOnly at, StageRules rules, CancellationToken ct) =>
        await db.QueryAsync<EngagementFacts>(Sql.Engagements, Args(at, rules), ct);

    public static async Task<IReadOnlyList<FollowUpFacts>> FollowUps(Db db, DateOnly at, StageRules rules, CancellationToken ct) =>
        await db.QueryAsync<FollowUpFacts>(Sql.FollowUps, Args(at, rules), ct);

    public static async Task<IReadOnlyList<NegativeFacts>> Negative(Db db, DateOnly at, StageRules rules, CancellationToken ct) =>
        await db.QueryAsync<NegativeFacts>(Sql.Negative, Args(at, rules), ct);

    /// <summary>The satisfaction a follow-up rank was made from.</summary>
    public static int? Satisfaction(long? rank) => rank is { } r ? 7 - (int)(r % 8) : null;

    public sealed class Book
    {
        private readonly Dictionary<Guid, EngagementFacts> engagements;
        private readonly Dictionary<Guid, FollowUpFacts> followUps;
        private readonly Dictionary<Guid, NegativeFacts> negative;

        public Book(IEnumerable<EngagementFacts> engagements, IEnumerable<FollowUpFacts> followUps, IEnumerable<NegativeFacts> negative)
        {
            this.engagements = engagements.ToDictionary(e => e.CompanyId);
            this.followUps = followUps.ToDictionary(f => f.CompanyId);
            this.negative = negative.ToDictionary(n => n.CompanyId);
        }

        /// <summary>From everything recorded.</summary>
        public StageFacts Now(Guid companyId, DateOnly signedOn)
        {
            var e = engagements.GetValueOrDefault(companyId);
            return new StageFacts(signedOn, e?.FirstKickoffOn, e?.ActiveEngagements ?? 0, e?.TotalEngagements ?? 0,
                Satisfaction(followUps.GetValueOrDefault(companyId)?.LastRank), negative.GetValueOrDefault(companyId)?.LastOn);
        }

        /// <summary>From what was recorded up to the day the facts were read for (@at).</summary>
        public StageFacts At(Guid companyId, DateOnly signedOn)
        {
            var e = engagements.GetValueOrDefault(companyId);
            return new StageFacts(signedOn, e?.FirstKickoffAt, e?.ActiveAt ?? 0, e?.TotalAt ?? 0,
                Satisfaction(followUps.GetValueOrDefault(companyId)?.LastRankAt), negative.GetValueOrDefault(companyId)?.LastAt);
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
public static class StageRetention
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

    public sealed record TermRow
    {
        public Guid CompanyId { get; init; }
        public DateOnly SignedOn { get; init; }
        public DateOnly? ChurnedOn { get; init; }
    }

    /// <param name="facts">Stage facts read for <paramref name="landmark"/>.</param>
    public static Result Compute(IEnumerable<TermRow> terms, CompanyStageFacts.Book facts, StageRules rules, DateOnly landmark, DateOnly today)
    {
        var byStage = terms
            .Select(t => (stage: rules.Compute(facts.At(t.CompanyId, t.SignedOn), landmark), retained: t.ChurnedOn is not { } churned || churned > today))
            .ToLookup(x => x.stage);
        return new Result(landmark, WindowDays, Enum.GetValues<Stage>().Select(s =>
        {
            var group = byStage[s].ToList();
            var retained = group.Count(g => g.retained);
            return new StageCount(Wire.Name(s), group.Count, retained, ChurnRateBook.Ratio(retained, group.Count));
        }).ToList());
    }
}
