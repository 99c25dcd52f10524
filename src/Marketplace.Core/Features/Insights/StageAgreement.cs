using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Features.Companies;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Insights;

/// <summary>
/// How often the CS owner's own stage assessment agrees with the computed stage (DESIGN.md §2), over the
/// active companies that have an assessment. The computed stage is the one the company resource shows: today's, from
/// the facts kept on the company row (<see cref="CompanyStageFacts"/>), so the two can never disagree.
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
        public const string Assessed = $"""
            SELECT {CompanyStageFacts.Columns}, c.assessment_stage FROM companies c
            WHERE c.status = 'active' AND c.assessment_stage IS NOT NULL
            """;
    }

    private sealed record AssessedRow : CompanyStageFacts.Row
    {
        public string AssessmentStage { get; init; } = "";
    }

    public sealed class Handler(Db db, StageRules rules, IClock clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query q, CancellationToken ct)
        {
            var today = clock.Today;
            var landmark = today.AddDays(-StageRetention.WindowDays);
            // The reads share three connections (SQLite in WAL serves readers in parallel): the two history scans, the
            // largest, each on its own, and the company reads on a third.
            var followUps = db.Alongside(own => StageFactsAt.FollowUps(own, landmark, rules, ct), ct);
            var companies = db.Alongside(async own => (
                Assessed: await own.QueryAsync<AssessedRow>(Sql.Assessed, ct: ct),
                Terms: await own.QueryAsync<StageRetention.TermRow>(StageRetention.Sql.Terms, new { at = landmark }, ct),
                Negative: await StageFactsAt.Negative(own, landmark, rules, ct)), ct);
            var engagements = StageFactsAt.Engagements(db, landmark, rules, ct);
            await Task.WhenAll(followUps, companies, engagements);
            var (assessed, terms, negative) = companies.Result;
            var facts = new StageFactsAt.Book(engagements.Result, followUps.Result, negative);

            var pairs = assessed.Select(c => (Assessed: c.AssessmentStage, Computed: c.StageOn(rules, today))).ToList();
            var stages = Enum.GetValues<Stage>().Select(Wire.Name).ToList();
            var matrix = (from a in stages from c in stages select new Cell(a, c, pairs.Count(p => p.Assessed == a && p.Computed == c))).ToList();
            var agreed = pairs.Count(p => p.Assessed == p.Computed);
            return new Result(pairs.Count, agreed, ChurnRateBook.Ratio(agreed, pairs.Count), matrix,
                StageRetention.Compute(terms, facts, rules, landmark, today));
        }
    }
}

/// <summary>
/// The facts <see cref="StageRules"/> reads, for every company at once, as recorded up to a past day @at (retention's
/// landmark): first kickoff held by @at; engagements kicked off by @at and not ended by @at; engagements contracted by
/// @at; the satisfaction of the latest follow-up held by @at (the lowest on a tie); the latest negative engagement churn
/// by @at still inside the rules' negative window on @at (an older one cannot change the stage, so it is not read).
/// Today's facts are kept on the company row instead (<see cref="CompanyStageFacts"/>); these are read from the
/// history, one scan of a narrow index per table (migration 0005) that counts only what was recorded by @at.
/// </summary>
public static class StageFactsAt
{
    public static class Sql
    {
        /// <summary>A kickoff is never before its contract, so the engagements contracted by @at hold every other fact.</summary>
        public const string Engagements = """
            SELECT e.company_id,
                   MIN(CASE WHEN e.kicked_off_on <= @at THEN e.kicked_off_on END) AS first_kickoff_on,
                   COUNT(CASE WHEN e.kicked_off_on <= @at AND (e.ended_on IS NULL OR e.ended_on > @at) THEN 1 END) AS active_engagements,
                   COUNT(*) AS total_engagements
            FROM engagements e WHERE e.contracted_on <= @at
            GROUP BY e.company_id
            """;

        /// <summary>
        /// The latest follow-up held by @at per company, the lowest satisfaction when several share its day, in one pass:
        /// each follow-up is ranked by its day and then by its score reversed (day × 8 + 7 − satisfaction, for
        /// satisfaction 1–5), so the greatest rank is the latest day's lowest score. A held follow-up always has
        /// its satisfaction (RecordFollowUp requires it).
        /// </summary>
        public const string FollowUps = $"""
            SELECT f.company_id, MAX({SqlDialect.Days}(@epoch, f.held_on) * 8 + 7 - f.company_satisfaction) AS last_rank
            FROM follow_ups f WHERE f.held_on <= @at
            GROUP BY f.company_id
            """;

        public const string Negative = """
            SELECT ec.company_id, MAX(ec.ended_on) AS last_on
            FROM engagement_churns ec
            WHERE ec.negative = 1 AND ec.ended_on > @negativeSince AND ec.ended_on <= @at
            GROUP BY ec.company_id
            """;
    }

    /// <summary>Day 0 of the follow-up rank: any day before the first follow-up.</summary>
    public static readonly DateOnly Epoch = new(2000, 1, 1);

    /// <summary>The arguments of the three statements.</summary>
    public static object Args(DateOnly at, StageRules rules) =>
        new { at, epoch = Epoch, negativeSince = at.AddDays(-rules.NegativeWindowDays) };

    public sealed record EngagementFacts
    {
        public Guid CompanyId { get; init; }
        public DateOnly? FirstKickoffOn { get; init; }
        public int ActiveEngagements { get; init; }
        public int TotalEngagements { get; init; }
    }

    public sealed record FollowUpFacts
    {
        public Guid CompanyId { get; init; }
        public long? LastRank { get; init; }
    }

    public sealed record NegativeFacts
    {
        public Guid CompanyId { get; init; }
        public DateOnly LastOn { get; init; }
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

        /// <summary>A company's facts on @at; its signing day is the company term's.</summary>
        public StageFacts Of(Guid companyId, DateOnly signedOn)
        {
            var e = engagements.GetValueOrDefault(companyId);
            return new StageFacts(signedOn, e?.FirstKickoffOn, e?.ActiveEngagements ?? 0, e?.TotalEngagements ?? 0,
                followUps.TryGetValue(companyId, out var f) ? Satisfaction(f.LastRank) : null,
                negative.TryGetValue(companyId, out var n) ? n.LastOn : null);
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
    public static Result Compute(IEnumerable<TermRow> terms, StageFactsAt.Book facts, StageRules rules, DateOnly landmark, DateOnly today)
    {
        var byStage = terms
            .Select(t => (stage: rules.Compute(facts.Of(t.CompanyId, t.SignedOn), landmark), retained: t.ChurnedOn is not { } churned || churned > today))
            .ToLookup(x => x.stage);
        return new Result(landmark, WindowDays, Enum.GetValues<Stage>().Select(s =>
        {
            var group = byStage[s].ToList();
            var retained = group.Count(g => g.retained);
            return new StageCount(Wire.Name(s), group.Count, retained, ChurnRateBook.Ratio(retained, group.Count));
        }).ToList());
    }
}
