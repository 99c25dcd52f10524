using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Insights;

/// <summary>
/// Tenure of engagements (start → end) or of company terms (signed on → churned) as of a day: the median and
/// distribution of the ended ones, and the Kaplan–Meier survival curve in which the ones still running on
/// asOf are censored at asOf. Ones that started after asOf are left out; ones that ended after it are running.
/// </summary>
public static class TenureInsight
{
    public sealed record Query : IRequest<Result>
    {
        public string? Kind { get; init; }
        public DateOnly? AsOf { get; init; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Kind).ChurnKindWord();
    }

    public sealed record CsvRow(string Section, string Key, int Count, int? AtRisk, double? Survival);

    public sealed record Result(string Kind, DateOnly AsOf, int Ended, int Running, double? MedianDays, int? SurvivalMedianDays,
        IReadOnlyList<TenureBucket> Buckets, IReadOnlyList<SurvivalPoint> Survival) : ICsvTable
    {
        public IEnumerable<object> CsvRows() =>
            new[] { new CsvRow("summary", "ended", Ended, null, null), new CsvRow("summary", "running", Running, null, null) }
                .Concat(Buckets.Select(b => new CsvRow("bucket", b.Label, b.Count, null, null)))
                .Concat(Survival.Select(p => new CsvRow("survival", p.Day.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Ended, p.AtRisk, p.Survival)));
    }

    public static class Sql
    {
        public const string Engagements = $"""
            SELECT t.days, COUNT(*) AS total, SUM(t.ended) AS ended FROM (
              SELECT CASE WHEN e.ended_on IS NOT NULL AND e.ended_on <= @asOf THEN {SqlDialect.Days}(e.start_on, e.ended_on)
                          ELSE {SqlDialect.Days}(e.start_on, @asOf) END AS days,
                     CASE WHEN e.ended_on IS NOT NULL AND e.ended_on <= @asOf THEN 1 ELSE 0 END AS ended
              FROM engagements e
              WHERE {InsightSql.CountedEngagement} AND e.start_on <= @asOf) t
            GROUP BY t.days
            """;
        public const string Companies = $"""
            SELECT t.days, COUNT(*) AS total, SUM(t.ended) AS ended FROM (
              SELECT CASE WHEN terms.churned_on IS NOT NULL AND terms.churned_on <= @asOf THEN {SqlDialect.Days}(terms.signed_on, terms.churned_on)
                          ELSE {SqlDialect.Days}(terms.signed_on, @asOf) END AS days,
                     CASE WHEN terms.churned_on IS NOT NULL AND terms.churned_on <= @asOf THEN 1 ELSE 0 END AS ended
              FROM ({InsightSql.CompanyTerms}) terms
              WHERE terms.signed_on <= @asOf) t
            GROUP BY t.days
            """;
    }

    private sealed record Row
    {
        public int Days { get; init; }
        public int Total { get; init; }
        public int Ended { get; init; }
    }

    public sealed class Handler(Db db, IClock clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query q, CancellationToken ct)
        {
            var kind = InsightRules.Kind(q.Kind!);
            var asOf = q.AsOf ?? clock.Today;
            var rows = await db.QueryAsync<Row>(kind == ChurnKind.Company ? Sql.Companies : Sql.Engagements, new { asOf }, ct);
            var durations = rows.Select(r => new DurationCount(Math.Max(0, r.Days), r.Total, r.Ended)).ToList();
            var curve = Survival.KaplanMeier(durations);
            var ended = durations.Sum(d => d.Ended);
            return new Result(Wire.Name(kind), asOf, ended, durations.Sum(d => d.Total) - ended, Survival.MedianEnded(durations),
                Survival.MedianSurvivalDays(curve), Survival.Distribution(durations), curve);
        }
    }
}
