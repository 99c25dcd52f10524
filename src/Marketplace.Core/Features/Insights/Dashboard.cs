using FluentValidation;
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

        public ChurnRates.Query CompanyRates => new() { Kind = "company", From = From, To = To, By = CompanyBy };
        public ChurnRates.Query EngagementRates => new() { Kind = "engagement", From = From, To = To, By = EngagementBy };
        public ChurnReasonInsight.Query CompanyReasons => new() { Kind = "company", From = From, To = To };
        public ChurnReasonInsight.Query EngagementReasons => new() { Kind = "engagement", From = From, To = To };
        public TenureInsight.Query Tenure => new() { Kind = "engagement", AsOf = AsOf };
        public ChurnRisk.Query Risk => new() { AsOf = AsOf };
        public RevenueChurn.Query Revenue => new() { From = From, To = To };
    }

    /// <summary>Each card checks its own request again; the day is refused here first, so a bad one never starts the cards.</summary>
    public sealed class Validator : AbstractValidator<Query>
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
            var companyRates = Card(q.CompanyRates, ct);
            var engagementRates = Card(q.EngagementRates, ct);
            var companyReasons = Card(q.CompanyReasons, ct);
            var engagementReasons = Card(q.EngagementReasons, ct);
            var tenure = Card(q.Tenure, ct);
            var repLoad = Card(new RepLoad.Query(), ct);
            var risk = Card(q.Risk, ct);
            var revenue = Card(q.Revenue, ct);
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
