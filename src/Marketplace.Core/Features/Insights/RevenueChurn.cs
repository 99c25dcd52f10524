using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Insights;

/// <summary>
/// Revenue churn per month (docs/domain.md, "Revenue churn"): the business earns each company's fixed monthly fee for as
/// long as it stays, so a churn costs its fee every month after. MRR at the start of M = the monthly fees of the company
/// terms active at the start of M (as the company churn rate counts them); churned MRR = the fees of the terms that
/// churned in M; rate = churned ÷ at start. A company's fee is its current one, for all its terms. The counts of
/// companies come beside the amounts, and the month not over yet is marked partial.
/// </summary>
public static class RevenueChurn
{
    public sealed record Query : IRequest<Result>
    {
        public string? From { get; init; }
        public string? To { get; init; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => this.AddPeriodRules(q => q.From, q => q.To, q => q.From, q => q.To);
    }

    public sealed record RevenueMonth(string Month, int CompaniesAtStart, int ChurnedCompanies, long MrrAtStart, long ChurnedMrr, long NegativeChurnedMrr,
        double? Rate, double? NegativeRate, bool Partial);

    public sealed record Result(string From, string To, IReadOnlyList<RevenueMonth> Months) : ICsvTable
    {
        Type ICsvTable.RowType => typeof(RevenueMonth);

        public IEnumerable<object> CsvRows() => Months;
    }

    public static class Sql
    {
        /// <summary>Every term's start day with its company's fee (the terms of <see cref="InsightSql.CompanyTerms"/>).</summary>
        public const string Starts = """
            SELECT t.day, COUNT(*) AS n, SUM(t.fee) AS amount, 0 AS negative_amount FROM (
              SELECT cc.term_signed_on AS day, c.monthly_fee AS fee FROM company_churns cc JOIN companies c ON c.id = cc.company_id
              WHERE cc.term_signed_on < @until
              UNION ALL
              SELECT c.signed_on, c.monthly_fee FROM companies c WHERE c.status = 'active' AND c.signed_on < @until) t
            GROUP BY t.day
            """;

        // CROSS JOIN keeps SQLite walking the companies in id order and each one's churns in the company-first index, both
        // covering, instead of the churns by day with a lookup of each company at random (ChurnRates does the same).
        public const string Ends = """
            SELECT cc.churned_on AS day, COUNT(*) AS n, SUM(c.monthly_fee) AS amount,
                   SUM(CASE WHEN cc.negative = 1 THEN c.monthly_fee ELSE 0 END) AS negative_amount
            FROM companies c CROSS JOIN company_churns cc
            WHERE cc.company_id = c.id AND cc.churned_on < @until
            GROUP BY cc.churned_on
            """;
    }

    private sealed record DayRow
    {
        public DateOnly Day { get; init; }
        public int N { get; init; }
        public long Amount { get; init; }
        public long NegativeAmount { get; init; }
    }

    public sealed class Handler(Db db, IClock clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query q, CancellationToken ct)
        {
            var today = clock.Today;
            var (from, to) = InsightRules.Period(q.From, q.To, today);
            var args = new { until = to.AddMonths(1).FirstDay };
            var endsRead = db.Alongside(own => own.QueryAsync<DayRow>(Sql.Ends, args, ct), ct);
            var starts = await db.QueryAsync<DayRow>(Sql.Starts, args, ct);
            var ends = await endsRead;
            var (companies, mrr) = (new ChurnRateBook(), new ChurnRateBook());
            foreach (var s in starts)
            {
                companies.AddStarts(s.Day, s.N);
                mrr.AddStarts(s.Day, s.Amount);
            }
            foreach (var e in ends)
            {
                companies.AddEnds(e.Day, e.N, 0);
                mrr.AddEnds(e.Day, e.Amount, e.NegativeAmount);
            }
            var months = companies.Amounts(from, to).Zip(mrr.Amounts(from, to), (c, m) => new RevenueMonth(m.Month.ToString(),
                (int)c.AtStart, (int)c.Churned, m.AtStart, m.Churned, m.NegativeChurned,
                ChurnRateBook.Ratio(m.Churned, m.AtStart), ChurnRateBook.Ratio(m.NegativeChurned, m.AtStart),
                ChurnRateBook.IsPartial(m.Month, today))).ToList();
            return new Result(from.ToString(), to.ToString(), months);
        }
    }
}
