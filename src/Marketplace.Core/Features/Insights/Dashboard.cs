using Marketplace.Core.Pipeline;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Core.Features.Insights;

/// <summary>
/// The dashboard's one query: every card's figures for one period and day, each card the insight the API answers (the
/// same request through the same pipeline, so the page and the API can never disagree). The cards are independent reads,
/// so each runs in a scope — a connection — of its own, side by side (SQLite in WAL serves readers in parallel).
/// </summary>
public static class Dashboard
{
    public sealed record Query : IRequest<Result>
    {
        public string? From { get; init; }
        public string? To { get; init; }
        public string? CompanyBy { get; init; }
        public string? EngagementBy { get; init; }
        public DateOnly? AsOf { get; init; }

        /// <summary>The risk list's order, and how many of its companies the page shows (all when null).</summary>
        public ChurnRisk.Order RiskOrder { get; init; }
        public int? RiskTake { get; init; }

        public ChurnRates.Query CompanyRatesQuery() => new() { Kind = "company", From = From, To = To, By = CompanyBy };
        public ChurnRates.Query EngagementRatesQuery() => new() { Kind = "engagement", From = From, To = To, By = EngagementBy };
        public ChurnReasonInsight.Query CompanyReasonsQuery() => new() { Kind = "company", From = From, To = To };
        public ChurnReasonInsight.Query EngagementReasonsQuery() => new() { Kind = "engagement", From = From, To = To };
        public TenureInsight.Query TenureQuery() => new() { Kind = "engagement", AsOf = AsOf };
        public ChurnRisk.TopQuery RiskQuery() => new() { AsOf = AsOf, Order = RiskOrder, Take = RiskTake };
        public RevenueChurn.Query RevenueQuery() => new() { From = From, To = To };
    }

    /// <summary>The day is held to the business dates like any other; the period and splits are each card's own rules.</summary>
    public sealed class Validator : FluentValidation.AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.AsOf).BusinessDate();
    }

    public sealed record Result(
        ChurnRates.Result CompanyRates,
        ChurnRates.Result EngagementRates,
        ChurnReasonInsight.Result CompanyReasons,
        ChurnReasonInsight.Result EngagementReasons,
        TenureInsight.Result Tenure,
        RepLoad.Result RepLoad,
        ChurnRisk.Result Risk,
        RevenueChurn.Result Revenue);

    public sealed class Handler(IServiceScopeFactory scopes) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query q, CancellationToken ct)
        {
            // The longest cards first: each holds a thread of the pool while it reads (SQLite reads are synchronous), so
            // on a machine with few cores the short ones fill in beside them instead of the long ones starting last.
            var risk = Card(q.RiskQuery(), ct);
            var revenue = Card(q.RevenueQuery(), ct);
            var engagementReasons = Card(q.EngagementReasonsQuery(), ct);
            var companyRates = Card(q.CompanyRatesQuery(), ct);
            var repLoad = Card(new RepLoad.Query(), ct);
            var tenure = Card(q.TenureQuery(), ct);
            var engagementRates = Card(q.EngagementRatesQuery(), ct);
            var companyReasons = Card(q.CompanyReasonsQuery(), ct);
            await Task.WhenAll(companyRates, engagementRates, companyReasons, engagementReasons, tenure, repLoad, risk, revenue);
            return new Result(await companyRates, await engagementRates, await companyReasons, await engagementReasons, await tenure,
                await repLoad, await risk, await revenue);
        }

        /// <summary>One card, sent in a scope of its own (its own Db and connection), off the caller's thread.</summary>
        private Task<T> Card<T>(IRequest<T> request, CancellationToken ct) => Task.Run(async () =>
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, ct);
        }, ct);
    }
}
