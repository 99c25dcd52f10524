using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;
using Marketplace.Core.Shared;

namespace Marketplace.Core.Features.Insights;

/// <summary>
/// Reason analysis over a period (months, inclusive) of one kind of churn: how often each reason code was
/// given, negative reasons first, and the same split by tenure bucket. A churn may give several reasons, so
/// a reason's share is the part of the period's churns that gave it (shares can add up to more than 1).
/// </summary>
public static class ChurnReasonInsight
{
    public sealed record Query : IRequest<Result>
    {
        public string? Kind { get; init; }
        public string? From { get; init; }
        public string? To { get; init; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Kind).ChurnKindWord();
            this.AddPeriodRules(q => q.From, q => q.To, q => q.From, q => q.To);
        }
    }

    public sealed record ReasonCount(string Code, string LabelJa, string LabelEn, bool Negative, int Count, double? Share);

    public sealed record TenureReasons(string Bucket, int Churns, int NegativeChurns, IReadOnlyList<ReasonCount> Reasons);

    public sealed record CsvRow(string Bucket, string Code, string LabelJa, string LabelEn, bool Negative, int Count, double? Share);

    public sealed record Result(string Kind, string From, string To, int Churns, int NegativeChurns,
        IReadOnlyList<ReasonCount> Reasons, IReadOnlyList<TenureReasons> ByTenure) : ICsvTable
    {
        Type ICsvTable.RowType => typeof(CsvRow);

        public IEnumerable<object> CsvRows() =>
            Reasons.Select(r => Row("all", r))
                .Concat(ByTenure.SelectMany(b => b.Reasons.Select(r => Row(b.Bucket, r))));

        private static CsvRow Row(string bucket, ReasonCount r) => new(bucket, r.Code, r.LabelJa, r.LabelEn, r.Negative, r.Count, r.Share);
    }

    public static class Sql
    {
        // The engagement churns and reasons are kept summed per month of the end and tenure in whole months (migration
        // 0021), and the period is whole months; company churns and their reason rows carry their end day and tenure
        // (migrations 0007, 0018): no joins.
        public const string EngagementChurns = """
            SELECT m.tenure_months AS months, SUM(m.ended) AS n, SUM(m.negative) AS negative
            FROM engagement_churn_month_counts m
            WHERE m.month_start >= @from AND m.month_start < @until
            GROUP BY m.tenure_months
            """;
        public const string EngagementReasons = """
            SELECT m.reason_code AS code, m.tenure_months AS months, SUM(m.given) AS n
            FROM engagement_reason_month_counts m
            WHERE m.month_start >= @from AND m.month_start < @until
            GROUP BY m.reason_code, m.tenure_months
            """;
        public const string CompanyChurns = """
            SELECT cc.tenure_months AS months, COUNT(*) AS n, SUM(cc.negative) AS negative
            FROM company_churns cc
            WHERE cc.churned_on >= @from AND cc.churned_on < @until
            GROUP BY cc.tenure_months
            """;
        public const string CompanyReasons = """
            SELECT r.reason_code AS code, r.tenure_months AS months, COUNT(*) AS n
            FROM company_churn_reasons r
            WHERE r.churned_on >= @from AND r.churned_on < @until
            GROUP BY r.reason_code, r.tenure_months
            """;
    }

    private sealed record ChurnRow
    {
        public int Months { get; init; }
        public int N { get; init; }
        public int Negative { get; init; }
    }

    private sealed record ReasonRow
    {
        public string Code { get; init; } = "";
        public int Months { get; init; }
        public int N { get; init; }
    }

    public sealed class Handler(Db db, IClock clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query q, CancellationToken ct)
        {
            var kind = InsightRules.Kind(q.Kind!);
            var (from, to) = InsightRules.Period(q.From, q.To, clock.Today);
            var catalog = await ReasonCatalog.Load(db, ct);
            var args = new { from = from.FirstDay, until = to.AddMonths(1).FirstDay };
            var churns = await db.QueryAsync<ChurnRow>(kind == ChurnKind.Company ? Sql.CompanyChurns : Sql.EngagementChurns, args, ct);
            var reasons = await db.QueryAsync<ReasonRow>(kind == ChurnKind.Company ? Sql.CompanyReasons : Sql.EngagementReasons, args, ct);

            var all = Counts(churns, reasons, catalog);
            var byTenure = Survival.Buckets.Select(b =>
            {
                bool In(int months) => Survival.BucketOf(Math.Max(0, months)) == b.Label;
                return Counts(churns.Where(c => In(c.Months)).ToList(), reasons.Where(r => In(r.Months)).ToList(), catalog) with { Bucket = b.Label };
            }).ToList();
            return new Result(Wire.Name(kind), from.ToString(), to.ToString(), all.Churns, all.NegativeChurns, all.Reasons, byTenure);
        }

        /// <summary>Reasons in catalog order within negative-first, most given first; reasons never given are left out.</summary>
        private static TenureReasons Counts(IReadOnlyList<ChurnRow> churns, IReadOnlyList<ReasonRow> reasons, IReadOnlyList<ChurnReason> catalog)
        {
            var total = churns.Sum(c => c.N);
            var byCode = reasons.GroupBy(r => r.Code).ToDictionary(g => g.Key, g => g.Sum(r => r.N));
            var list = catalog
                .Select((r, order) => (r, order, count: byCode.GetValueOrDefault(r.Code)))
                .Where(x => x.count > 0)
                .OrderByDescending(x => x.r.Negative).ThenByDescending(x => x.count).ThenBy(x => x.order)
                .Select(x => new ReasonCount(x.r.Code, x.r.LabelJa, x.r.LabelEn, x.r.Negative, x.count, ChurnRateBook.Ratio(x.count, total)))
                .ToList();
            return new TenureReasons("all", total, churns.Sum(c => c.Negative), list);
        }
    }
}
