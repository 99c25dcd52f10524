using Marketplace.Core.Features.Insights;
using Marketplace.Core.Facts;

namespace Marketplace.Bench.Insights;

/// <summary>One statement of a bare baseline with the arguments the handler would give it.</summary>
public sealed record BareStatement(string Sql, object? Args);

/// <summary>
/// An insight request as a client sends it, and the bare SQL it is built on: the handler's own statements
/// (the public Sql constants) with the same arguments, for the bare endpoint to run straight through Dapper.
/// </summary>
public sealed record InsightCase(string Name, string Url, Func<DateOnly, IReadOnlyList<BareStatement>> Bare);

/// <summary>The insight cases over the generated data's last 18 months (its today is <see cref="GeneratorOptions.DefaultToday"/>).</summary>
public static class InsightCases
{
    public const string From = "2025-01";
    public const string To = "2026-06";
    public const string StageAgreementName = "stage-agreement";

    public static readonly DateOnly AsOf = GeneratorOptions.DefaultToday;
    private static readonly DateOnly PeriodStart = new(2025, 1, 1);
    private static readonly DateOnly Until = new(2026, 7, 1);

    public static readonly IReadOnlyList<InsightCase> All =
    [
        Rates("company", null), Rates("company", "industry"), Rates("company", "touchTier"), Rates("company", "csOwner"),
        Rates("engagement", null), Rates("engagement", "jobType"), Rates("engagement", "concierge"),
        new("reasons engagement", $"/api/insights/reasons?kind=engagement&from={From}&to={To}", _ =>
            [new(ChurnReasonInsight.Sql.EngagementChurns, Period), new(ChurnReasonInsight.Sql.EngagementReasons, Period)]),
        new("reasons company", $"/api/insights/reasons?kind=company&from={From}&to={To}", _ =>
            [new(ChurnReasonInsight.Sql.CompanyChurns, Period), new(ChurnReasonInsight.Sql.CompanyReasons, Period)]),
        new("tenure engagement", $"/api/insights/tenure?kind=engagement&asOf={AsOf:yyyy-MM-dd}", _ =>
            [new(TenureInsight.Sql.EngagementTenures, new { asOf = AsOf }), new(TenureInsight.Sql.EngagementsNotEnded, new { asOf = AsOf }),
                new(TenureInsight.Sql.EngagementsEndedAfter, new { asOf = AsOf })]),
        new("tenure company", $"/api/insights/tenure?kind=company&asOf={AsOf:yyyy-MM-dd}", _ =>
            [new(TenureInsight.Sql.Companies, new { asOf = AsOf })]),
        new("rep-load", "/api/insights/rep-load", _ => [new(RepLoad.Sql.Load, null)]),
        new("revenue-churn", $"/api/insights/revenue-churn?from={From}&to={To}", _ =>
            [new(RevenueChurn.Sql.Starts, new { until = Until }), new(RevenueChurn.Sql.Ends, new { until = Until })]),
        // The app builds the landmark snapshot for the day when it starts, so the bare SQL is the endpoint's steady state:
        // the snapshot's day read, the two reads, and the snapshot's day read again.
        new(StageAgreementName, "/api/insights/stage-agreement", today =>
            [new(LandmarkStageFacts.Sql.Kept, null), new(StageAgreement.Sql.Assessed, null),
                new(StageRetention.Sql.Terms, new { at = StageRetention.LandmarkOf(today) }), new(LandmarkStageFacts.Sql.Kept, null)]),
        new("churn-risk", $"/api/insights/churn-risk?asOf={AsOf:yyyy-MM-dd}", _ =>
        {
            var landmark = AsOf.AddDays(-ChurnRisk.LiftWindowDays);
            var args = new
            {
                asOf = AsOf,
                negativeSince = AsOf.AddDays(-ChurnRisk.NegativeWindowDays),
                idleSince = AsOf.AddDays(-ChurnRisk.IdleDays),
                landmark,
                exposedSince = landmark.AddDays(-ChurnRisk.NegativeWindowDays),
                maxLow = ChurnRisk.MaxLowSatisfaction,
            };
            return [new(ChurnRisk.Sql.ActiveCompanies, args), new(ChurnRisk.Sql.RecentNegative, args), new(ChurnRisk.Sql.Overdue, args),
                new(ChurnRisk.Sql.LowSatisfaction, args), new(ChurnRisk.Sql.Idle, args), new(ChurnRisk.Sql.MemberNames, null), new(ChurnRisk.Sql.LiftCohorts, args)];
        }),
    ];

    public static InsightCase? Named(string name) => All.FirstOrDefault(c => c.Name == name);

    private static object Period => new { from = PeriodStart, until = Until };

    private static InsightCase Rates(string kind, string? by)
    {
        var (starts, ends) = ChurnRates.Sql.For(kind == "company" ? Marketplace.Core.Domain.ChurnKind.Company : Marketplace.Core.Domain.ChurnKind.Engagement, by);
        // The app's default touch-tier thresholds, as the bench server runs it.
        var args = ChurnRates.Sql.Arguments(by, Marketplace.Core.Domain.YearMonth.Parse(From), Marketplace.Core.Domain.YearMonth.Parse(To),
            new Marketplace.Core.Domain.TouchTier());
        return new($"churn-rates {kind}{(by is null ? "" : " by " + by)}",
            $"/api/insights/churn-rates?kind={kind}&from={From}&to={To}{(by is null ? "" : "&by=" + by)}",
            _ => [new(starts, args), new(ends, args)]);
    }
}
