namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// Stage facts as the tests read them back, from a company row (migration 0009) or a landmark row (migration 0010).
/// Dapper fills these through their properties, whatever numeric types the provider reads.
/// </summary>
public sealed record KeptFacts(DateOnly? FirstKickoffOn, int ActiveEngagements, int TotalEngagements, int? LastSatisfaction, DateOnly? LastNegativeChurnOn)
{
    /// <summary>Their columns, named alike in both tables.</summary>
    public const string Columns = "first_kickoff_on, active_engagements, total_engagements, last_satisfaction, last_negative_churn_on";

    private KeptFacts() : this(null, 0, 0, null, null) { }
}

/// <summary>The same with the company's id (read as id).</summary>
public sealed record KeptFactsOf(Guid Id, DateOnly? FirstKickoffOn, int ActiveEngagements, int TotalEngagements, int? LastSatisfaction, DateOnly? LastNegativeChurnOn)
{
    private KeptFactsOf() : this(Guid.Empty, null, 0, 0, null, null) { }
}
