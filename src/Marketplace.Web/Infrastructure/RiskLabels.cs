using Marketplace.Core.Features.Insights;

namespace Marketplace.Web.Infrastructure;

/// <summary>How the churn-risk signals read on screen.</summary>
public static class RiskLabels
{
    public static string Label(UiText t, string signal) => signal switch
    {
        ChurnRisk.NegativeEngagementChurn => t["直近90日にネガ解約", "Negative engagement churn (90 days)"],
        ChurnRisk.OverdueFollowUp => t["経過面談の期限超過", "Overdue follow-up"],
        ChurnRisk.LowSatisfaction => t["満足度 2 以下", "Satisfaction ≤ 2"],
        ChurnRisk.NoActiveEngagement => t["60日間稼働案件なし", "No active engagement for 60 days"],
        _ => signal,
    };
}
