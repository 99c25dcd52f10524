namespace Marketplace.Core.Domain;

public enum TouchTierLevel { Low, Mid, High }

/// <summary>
/// How much hands-on CS a company gets, derived from its size (by default low ≤ 300, mid 301–2,999,
/// high ≥ 3,000; docs/domain.md). The thresholds are configuration (`TouchTier:MidFrom`, `TouchTier:HighFrom`).
/// </summary>
public sealed record TouchTier(int MidFrom = 301, int HighFrom = 3000)
{
    /// <summary>
    /// <see cref="Of"/> in SQL, for a company aliased c, with <see cref="MidFrom"/> and <see cref="HighFrom"/> bound as
    /// @midFrom and @highFrom: the level's wire name, so a statement can group by the level.
    /// </summary>
    public const string SqlLevelOfCompany =
        "CASE WHEN c.employee_count >= @highFrom THEN 'high' WHEN c.employee_count >= @midFrom THEN 'mid' ELSE 'low' END";

    public TouchTierLevel Of(int employeeCount) =>
        employeeCount >= HighFrom ? TouchTierLevel.High
        : employeeCount >= MidFrom ? TouchTierLevel.Mid
        : TouchTierLevel.Low;
}
