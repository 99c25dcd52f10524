using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Insights;

/// <summary>
/// Tenure of engagements (start → end) or of company terms (signed on → churned) as of a day: the median and
/// distribution of the ended ones, and the Kaplan–Meier survival curve in which the ones still running on
/// asOf are censored at asOf. Ones that started after asOf are left out; ones that ended after it are running. The buckets
/// count whole calendar months (<see cref="Tenure.Months"/>), the curve and the medians days.
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
        public Validator()
        {
            RuleFor(q => q.Kind).ChurnKindWord();
            RuleFor(q => q.AsOf).BusinessDate();
        }
    }

    public sealed record CsvRow(string Section, string Key, int Count, int? AtRisk, double? Survival);

    public sealed record Result(string Kind, DateOnly AsOf, int Ended, int Running, double? MedianDays, int? SurvivalMedianDays,
        IReadOnlyList<TenureBucket> Buckets, IReadOnlyList<SurvivalPoint> Survival) : ICsvTable
    {
        Type ICsvTable.RowType => typeof(CsvRow);

        public IEnumerable<object> CsvRows() =>
            new[] { new CsvRow("summary", "ended", Ended, null, null), new CsvRow("summary", "running", Running, null, null) }
                .Concat(Buckets.Select(b => new CsvRow("bucket", b.Label, b.Count, null, null)))
                .Concat(Survival.Select(p => new CsvRow("survival", p.Day.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Ended, p.AtRisk, p.Survival)));
    }

    public static class Sql
    {
        // Engagements are read summed, as DerivedFacts keeps them (Facts/EngagementDayCounts, migration 0019): the ended
        // ones per tenure, and the ones started per day less those of them that ended; then the few that ended after
        // asOf are taken back out of the ended and put back among the running.

        /// <summary>Every ended engagement per tenure in days and whole months.</summary>
        public const string EngagementTenures = """
            SELECT t.tenure_days AS days, t.tenure_months AS months, t.ended AS total, t.ended AS ended FROM engagement_tenure_counts t
            """;

        /// <summary>Per start day up to asOf, the engagements counted from it that have not ended (at all).</summary>
        public const string EngagementsNotEnded = """
            SELECT d.day, d.starts - d.ended_by_start AS n FROM engagement_day_counts d WHERE d.day <= @asOf
            """;

        /// <summary>The engagements that ended after asOf, by tenure and by start day: on asOf they were still running.</summary>
        public const string EngagementsEndedAfter = """
            SELECT ec.tenure_days AS days, ec.tenure_months AS months, e.counted_start_on AS start_on, COUNT(*) AS n
            FROM engagement_churns ec JOIN engagements e ON e.id = ec.engagement_id
            WHERE ec.ended_on > @asOf
            GROUP BY ec.tenure_days, ec.tenure_months, e.counted_start_on
            """;

        /// <summary>
        /// Company terms by tenure: a churned term's days and whole months (kept on the churn, migration 0018), a running
        /// one's days up to asOf (its months are not bucketed).
        /// </summary>
        public const string Companies = $"""
            SELECT t.days, t.months, COUNT(*) AS total, SUM(t.ended) AS ended FROM (
              SELECT CASE WHEN terms.churned_on IS NOT NULL AND terms.churned_on <= @asOf THEN {SqlDialect.Days}(terms.signed_on, terms.churned_on)
                          ELSE {SqlDialect.Days}(terms.signed_on, @asOf) END AS days,
                     CASE WHEN terms.churned_on IS NOT NULL AND terms.churned_on <= @asOf THEN terms.tenure_months ELSE 0 END AS months,
                     CASE WHEN terms.churned_on IS NOT NULL AND terms.churned_on <= @asOf THEN 1 ELSE 0 END AS ended
              FROM ({InsightSql.CompanyTermsWithMonths}) terms
              WHERE terms.signed_on <= @asOf) t
            GROUP BY t.days, t.months
            """;
    }

    private sealed record EndedAfterRow
    {
        public int Days { get; init; }
        public int Months { get; init; }
        public DateOnly? StartOn { get; init; }
        public int N { get; init; }
    }

    private sealed record StartRow
    {
        public DateOnly Day { get; init; }
        public int N { get; init; }
    }

    private sealed record Row
    {
        public int Days { get; init; }
        public int Months { get; init; }
        public int Total { get; init; }
        public int Ended { get; init; }
    }

    public sealed class Handler(Db db, IClock clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query q, CancellationToken ct)
        {
            var kind = InsightRules.Kind(q.Kind!);
            var asOf = q.AsOf ?? clock.Today;
            var rows = kind == ChurnKind.Company
                ? await db.QueryAsync<Row>(Sql.Companies, new { asOf }, ct)
                : await EngagementRows(asOf, ct);
            var durations = rows.Select(r => new DurationCount(Math.Max(0, r.Days), r.Total, r.Ended)).ToList();
            var curve = Survival.KaplanMeier(durations);
            var ended = durations.Sum(d => d.Ended);
            return new Result(Wire.Name(kind), asOf, ended, durations.Sum(d => d.Total) - ended, Survival.MedianEnded(durations),
                Survival.MedianSurvivalDays(curve), Survival.Distribution(rows.Select(r => (r.Months, r.Ended))), curve);
        }

        private async Task<IReadOnlyList<Row>> EngagementRows(DateOnly asOf, CancellationToken ct)
        {
            var args = new { asOf };
            var tenures = await db.QueryAsync<Row>(Sql.EngagementTenures, args, ct);
            var notEnded = await db.QueryAsync<StartRow>(Sql.EngagementsNotEnded, args, ct);
            var endedAfter = await db.QueryAsync<EndedAfterRow>(Sql.EngagementsEndedAfter, args, ct);

            var later = endedAfter.GroupBy(r => (r.Days, r.Months)).ToDictionary(g => g.Key, g => g.Sum(r => r.N));
            var ended = tenures
                .Select(t => t with { Total = t.Total - later.GetValueOrDefault((t.Days, t.Months)), Ended = t.Ended - later.GetValueOrDefault((t.Days, t.Months)) })
                .Where(t => t.Total > 0);
            var running = notEnded.Select(r => (r.Day, r.N))
                .Concat(endedAfter.Where(r => r.StartOn is { } s && s <= asOf).Select(r => (Day: r.StartOn!.Value, r.N)))
                .GroupBy(r => r.Day)
                .Select(g => new Row { Days = Tenure.Days(g.Key, asOf), Total = g.Sum(r => r.N), Ended = 0 })
                .Where(r => r.Total > 0);
            return [.. ended, .. running];
        }
    }
}
