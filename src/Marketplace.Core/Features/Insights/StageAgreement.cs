using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;
using Marketplace.Core.Facts;

namespace Marketplace.Core.Features.Insights;

/// <summary>
/// How often the CS owner's own stage assessment agrees with the computed stage (docs/domain.md, "Stage agreement"), over the
/// active companies that have an assessment. The computed stage is the one the company resource shows: today's, from
/// the facts kept on the company row (<see cref="CompanyStageFacts"/>), so the two can never disagree.
/// Also: retention by stage — whether the computed stage predicts who stays (see <see cref="StageRetention"/>).
/// </summary>
public static class StageAgreement
{
    public sealed record Query : IRequest<Result>
    {
        /// <summary>The day the stages are compared on, by default today.</summary>
        public DateOnly? AsOf { get; init; }
    }

    public sealed class Validator : FluentValidation.AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.AsOf).BusinessDate();
    }

    public sealed record Cell(Stage Assessed, Stage Computed, int Count);

    public sealed record CsvRow(string Section, string Assessed, string Computed, int Count, int? Retained, double? Rate);

    /// <summary>
    /// <see cref="LandmarkAsOf"/> and <see cref="LandmarkBuiltAt"/>: the day of the landmark retention by stage reads, and
    /// when its snapshot was built (null for a past <see cref="AsOf"/>, whose landmark is worked out from the history).
    /// </summary>
    public sealed record Result(DateOnly AsOf, int Assessed, int Agreed, double? AgreementRate, IReadOnlyList<Cell> Matrix, StageRetention.Result RetentionByStage,
        DateOnly LandmarkAsOf, DateTime? LandmarkBuiltAt) : ICsvTable
    {
        Type ICsvTable.RowType => typeof(CsvRow);

        public IEnumerable<object> CsvRows() =>
            Matrix.Select(c => new CsvRow("matrix", Wire.Name(c.Assessed), Wire.Name(c.Computed), c.Count, null, null))
                .Concat(RetentionByStage.Stages.Select(s => new CsvRow("retention", "", Wire.Name(s.Stage), s.Companies, s.Retained, s.RetentionRate)));
    }

    public static class Sql
    {
        public const string Assessed = $"""
            SELECT {CompanyStageFacts.Columns}, c.assessment_stage FROM companies c
            WHERE c.status = 'active' AND c.assessment_stage IS NOT NULL
            """;

        /// <summary>
        /// For a past day: the companies active on @asOf whose assessment was set on or before it (only the latest
        /// assessment is kept, so a later one hides an earlier), with the signing day of the term active then.
        /// </summary>
        public const string AssessedOn = $"""
            SELECT c.id, terms.signed_on, c.assessment_stage
            FROM ({InsightSql.CompanyTerms}) terms JOIN companies c ON c.id = terms.company_id
            WHERE {InsightSql.TermActiveOnAsOf} AND c.assessment_stage IS NOT NULL AND c.assessed_on <= @asOf
            """;
    }

    private sealed record AssessedOnRow
    {
        public Guid Id { get; init; }
        public DateOnly SignedOn { get; init; }
        public Stage AssessmentStage { get; init; }
    }

    private sealed record AssessedRow : CompanyStageFacts.Row
    {
        public Stage AssessmentStage { get; init; }
    }

    public sealed class Handler(Db db, StageRules rules, IClock clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query q, CancellationToken ct)
        {
            var today = clock.Today;
            if (q.AsOf is { } asOf && asOf != today) return await OnPastDay(asOf, ct);
            // The two reads are independent, so the assessed companies come on a connection of their own.
            var assessed = db.Alongside(own => own.QueryAsync<AssessedRow>(Sql.Assessed, ct: ct), ct);
            var (snapshot, terms) = await StageRetention.ReadTerms(db, today, clock.UtcNow, ct);
            var pairs = (await assessed).Select(c => (Assessed: c.AssessmentStage, Computed: c.StageOn(rules, today))).ToList();
            var landmark = snapshot.KeptOn!.Value;
            return Compare(today, pairs, StageRetention.Compute(terms, rules, landmark, today), landmark, snapshot.BuiltAt!.Value);
        }

        /// <summary>
        /// A past day: the stages on that day from the facts as they stood then (<see cref="LandmarkStageFacts.Sql.FactsOn"/>),
        /// and retention from its own landmark, also from the history.
        /// </summary>
        private async Task<Result> OnPastDay(DateOnly asOf, CancellationToken ct)
        {
            var landmark = StageRetention.LandmarkOf(asOf);
            var assessed = await db.QueryAsync<AssessedOnRow>(Sql.AssessedOn, new { asOf }, ct);
            var facts = (await db.QueryAsync<CompanyStageFacts.Row>(LandmarkStageFacts.Sql.FactsOn, new { at = asOf }, ct)).ToDictionary(f => f.Id);
            var pairs = assessed.Select(c => (Assessed: c.AssessmentStage,
                Computed: ((facts.GetValueOrDefault(c.Id) ?? new CompanyStageFacts.Row()) with { SignedOn = c.SignedOn }).StageOn(rules, asOf))).ToList();
            var terms = await StageRetention.TermsFromHistory(db, landmark, ct);
            return Compare(asOf, pairs, StageRetention.Compute(terms, rules, landmark, asOf), landmark, null);
        }

        private static Result Compare(DateOnly asOf, List<(Stage Assessed, Stage Computed)> pairs, StageRetention.Result retention, DateOnly landmark, DateTime? builtAt)
        {
            var stages = Enum.GetValues<Stage>();
            var matrix = (from a in stages from c in stages select new Cell(a, c, pairs.Count(p => p.Assessed == a && p.Computed == c))).ToList();
            var agreed = pairs.Count(p => p.Assessed == p.Computed);
            return new Result(asOf, pairs.Count, agreed, ChurnRateBook.Ratio(agreed, pairs.Count), matrix, retention, landmark, builtAt);
        }
    }
}

/// <summary>
/// Retention by stage: the company terms active on the landmark day L (today − 180 days, as of the last snapshot
/// <see cref="LandmarkStageFacts"/> built), grouped by the stage they were in on L (the same <see cref="StageRules"/>,
/// fed with what was known on L), and how many of them had not churned by today. Facts on L: signed on = the term's
/// start; the others are the company's facts in the snapshot.
/// </summary>
public static class StageRetention
{
    public const int WindowDays = 180;

    public static DateOnly LandmarkOf(DateOnly today) => today.AddDays(-WindowDays);

    public sealed record StageCount(Stage Stage, int Companies, int Retained, double? RetentionRate);

    public sealed record Result(DateOnly Landmark, int WindowDays, IReadOnlyList<StageCount> Stages);

    public static class Sql
    {
        /// <summary>Each term active on @at with its company's facts on @at, from the landmark snapshot of @at.</summary>
        public const string Terms = $"""
            SELECT terms.signed_on, terms.churned_on, f.first_kickoff_on,
                   COALESCE(f.active_engagements, 0) AS active_engagements, COALESCE(f.total_engagements, 0) AS total_engagements,
                   f.last_satisfaction, f.last_negative_churn_on
            FROM ({InsightSql.CompanyTerms}) terms LEFT JOIN landmark_stage_facts f ON f.company_id = terms.company_id
            WHERE terms.signed_on <= @at AND (terms.churned_on IS NULL OR terms.churned_on > @at)
            """;

        /// <summary>Each term active on @at, for a landmark worked out from the history.</summary>
        public const string TermsOn = $"""
            SELECT terms.company_id, terms.signed_on, terms.churned_on
            FROM ({InsightSql.CompanyTerms}) terms
            WHERE terms.signed_on <= @at AND (terms.churned_on IS NULL OR terms.churned_on > @at)
            """;
    }

    private sealed record TermOnRow
    {
        public Guid CompanyId { get; init; }
        public DateOnly SignedOn { get; init; }
        public DateOnly? ChurnedOn { get; init; }
    }

    /// <summary>The terms active on <paramref name="at"/> with their company's facts on that day, from the whole history.</summary>
    public static async Task<IReadOnlyList<TermRow>> TermsFromHistory(Db db, DateOnly at, CancellationToken ct)
    {
        var terms = await db.QueryAsync<TermOnRow>(Sql.TermsOn, new { at }, ct);
        var facts = (await db.QueryAsync<CompanyStageFacts.Row>(LandmarkStageFacts.Sql.FactsOn, new { at }, ct)).ToDictionary(f => f.Id);
        return terms.Select(t => facts.GetValueOrDefault(t.CompanyId) is { } f
            ? new TermRow
            {
                Id = t.CompanyId, SignedOn = t.SignedOn, ChurnedOn = t.ChurnedOn, FirstKickoffOn = f.FirstKickoffOn, ActiveEngagements = f.ActiveEngagements,
                TotalEngagements = f.TotalEngagements, LastSatisfaction = f.LastSatisfaction, LastNegativeChurnOn = f.LastNegativeChurnOn,
            }
            : new TermRow { Id = t.CompanyId, SignedOn = t.SignedOn, ChurnedOn = t.ChurnedOn }).ToList();
    }

    /// <summary>A term with its company's facts on the landmark (its id is not read).</summary>
    public sealed record TermRow : CompanyStageFacts.Row
    {
        public DateOnly? ChurnedOn { get; init; }
    }

    /// <summary>
    /// The terms with their facts from the landmark snapshot as it is, built first if there is none yet (a new database
    /// before the start-up build has run). Read again if the snapshot was rebuilt meanwhile.
    /// </summary>
    public static async Task<(LandmarkStageFacts.Snapshot Snapshot, IReadOnlyList<TermRow> Terms)> ReadTerms(Db db, DateOnly today, DateTime now, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var snapshot = await LandmarkStageFacts.Read(db, ct);
            if (snapshot.KeptOn is null)
                await LandmarkStageFacts.Rebuild(db, LandmarkOf(today), now, force: false, ct);
            else
            {
                var terms = await db.QueryAsync<TermRow>(Sql.Terms, new { at = snapshot.KeptOn }, ct);
                if (await LandmarkStageFacts.Read(db, ct) == snapshot) return (snapshot, terms);
            }
            if (attempt == 3)
                throw new ServiceUnavailableException("The landmark snapshot kept being rebuilt while being read. Try again in a moment.");
        }
    }

    public static Result Compute(IEnumerable<TermRow> terms, StageRules rules, DateOnly landmark, DateOnly today)
    {
        var byStage = terms
            .Select(t => (stage: t.StageOn(rules, landmark), retained: t.ChurnedOn is not { } churned || churned > today))
            .ToLookup(x => x.stage);
        return new Result(landmark, WindowDays, Enum.GetValues<Stage>().Select(s =>
        {
            var group = byStage[s].ToList();
            var retained = group.Count(g => g.retained);
            return new StageCount(s, group.Count, retained, ChurnRateBook.Ratio(retained, group.Count));
        }).ToList());
    }
}
