using Marketplace.Core.Features.Insights;

namespace Marketplace.Web.Infrastructure;

/// <summary>How the churn-risk signals read on screen.</summary>
public static class RiskLabels
{
    public static string Label(UiText t, string signal) => signal switch
    {
        ChurnRisk.NegativeEngagementChurn => t["直近90日にネガ解約"],
        ChurnRisk.OverdueFollowUp => t["経過面談の期限超過"],
        ChurnRisk.LowSatisfaction => t["満足度 2 以下"],
        ChurnRisk.NoActiveEngagement => t["60日間稼働案件なし"],
        _ => signal,
    };
}
