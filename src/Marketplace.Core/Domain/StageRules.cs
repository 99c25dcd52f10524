namespace Marketplace.Core.Domain;

/// <summary>What the stage of a company is computed from, as of one day.</summary>
public sealed record StageFacts(
    DateOnly SignedOn,
    DateOnly? FirstKickoffOn,
    int ActiveEngagements,
    int TotalEngagements,
    int? LastFollowUpSatisfaction,
    DateOnly? LastNegativeChurnOn);

/// <summary>
/// Company stages (docs/domain.md, "Stage"), thresholds from configuration (`Stage:*`).
/// loyal = active and (an additional engagement was signed, or a year of tenure), with no negative
/// churn in the recent window; a company that has not reached `active` after onboarding stays `onboard`.
/// </summary>
public sealed record StageRules(
    int OnboardDays = 90,
    int MinSatisfaction = 3,
    int LoyalEngagements = 2,
    int LoyalTenureDays = 365,
    int NegativeWindowDays = 180)
{
    public Stage Compute(StageFacts f, DateOnly asOf)
    {
        if (f.FirstKickoffOn is not { } firstKickoff || firstKickoff > asOf)
            return Stage.Entry;
        var sinceKickoff = asOf.DayNumber - firstKickoff.DayNumber;
        var isActive = sinceKickoff >= OnboardDays
            && f.ActiveEngagements > 0
            && f.LastFollowUpSatisfaction >= MinSatisfaction;
        if (!isActive)
            return Stage.Onboard;
        var recentNegative = f.LastNegativeChurnOn is { } neg && asOf.DayNumber - neg.DayNumber < NegativeWindowDays;
        var grown = f.TotalEngagements >= LoyalEngagements || asOf.DayNumber - f.SignedOn.DayNumber >= LoyalTenureDays;
        return grown && !recentNegative ? Stage.Loyal : Stage.Active;
    }
}
