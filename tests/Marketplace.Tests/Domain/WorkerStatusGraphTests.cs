using Marketplace.Core.Domain;

namespace Marketplace.Tests.Domain;

public class WorkerStatusGraphTests
{
    [Theory]
    [InlineData(WorkerStatus.Registered, WorkerStatus.Screening)]
    [InlineData(WorkerStatus.Screening, WorkerStatus.Available)]
    [InlineData(WorkerStatus.Available, WorkerStatus.Paused)]
    [InlineData(WorkerStatus.Paused, WorkerStatus.Available)]
    public void Allows_the_moves_of_the_design(WorkerStatus from, WorkerStatus to) =>
        Assert.True(WorkerStatusGraph.CanMove(from, to));

    [Theory]
    [InlineData(WorkerStatus.Registered, WorkerStatus.Available)]
    [InlineData(WorkerStatus.Registered, WorkerStatus.Active)]
    [InlineData(WorkerStatus.Screening, WorkerStatus.Registered)]
    [InlineData(WorkerStatus.Available, WorkerStatus.Active)]
    [InlineData(WorkerStatus.Active, WorkerStatus.Available)]
    // Proposed and active follow the engagements; a concierge cannot set or leave them by hand (except to left).
    [InlineData(WorkerStatus.Available, WorkerStatus.Proposed)]
    [InlineData(WorkerStatus.Proposed, WorkerStatus.Available)]
    [InlineData(WorkerStatus.Proposed, WorkerStatus.Active)]
    [InlineData(WorkerStatus.Active, WorkerStatus.Paused)]
    [InlineData(WorkerStatus.Paused, WorkerStatus.Active)]
    [InlineData(WorkerStatus.Left, WorkerStatus.Registered)]
    [InlineData(WorkerStatus.Left, WorkerStatus.Available)]
    [InlineData(WorkerStatus.Available, WorkerStatus.Available)]
    public void Refuses_moves_outside_the_graph(WorkerStatus from, WorkerStatus to) =>
        Assert.False(WorkerStatusGraph.CanMove(from, to));

    [Fact]
    public void Every_status_but_left_can_move_to_left_and_left_is_final()
    {
        foreach (var status in Enum.GetValues<WorkerStatus>().Where(s => s != WorkerStatus.Left))
            Assert.True(WorkerStatusGraph.CanMove(status, WorkerStatus.Left), $"{status} → left");
        Assert.Empty(WorkerStatusGraph.AllowedFrom(WorkerStatus.Left));
    }

    [Fact]
    public void Starting_an_engagement_makes_the_worker_active_unless_already_active()
    {
        Assert.Equal(WorkerStatus.Active, WorkerStatusGraph.OnEngagementStarted(WorkerStatus.Proposed));
        Assert.Equal(WorkerStatus.Active, WorkerStatusGraph.OnEngagementStarted(WorkerStatus.Available));
        Assert.Equal(WorkerStatus.Active, WorkerStatusGraph.OnEngagementStarted(WorkerStatus.Paused));
        Assert.Null(WorkerStatusGraph.OnEngagementStarted(WorkerStatus.Active));
        Assert.Throws<InvalidOperationException>(() => WorkerStatusGraph.OnEngagementStarted(WorkerStatus.Left));
    }

    [Fact]
    public void Only_screened_workers_who_are_not_paused_or_gone_can_be_proposed()
    {
        Assert.Equal([WorkerStatus.Available, WorkerStatus.Proposed, WorkerStatus.Active],
            Enum.GetValues<WorkerStatus>().Where(WorkerStatusGraph.CanBeProposed));
        Assert.Equal(WorkerStatus.Proposed, WorkerStatusGraph.OnProposed(WorkerStatus.Available));
        Assert.Null(WorkerStatusGraph.OnProposed(WorkerStatus.Active));
        Assert.Null(WorkerStatusGraph.OnProposed(WorkerStatus.Proposed));
    }

    [Theory]
    [InlineData(WorkerStatus.Active, false, false, WorkerStatus.Available)]
    [InlineData(WorkerStatus.Proposed, false, false, WorkerStatus.Available)]
    [InlineData(WorkerStatus.Active, false, true, WorkerStatus.Proposed)]
    [InlineData(WorkerStatus.Proposed, true, false, WorkerStatus.Active)]
    [InlineData(WorkerStatus.Active, true, true, null)]
    [InlineData(WorkerStatus.Proposed, false, true, null)]
    [InlineData(WorkerStatus.Paused, false, false, null)]
    [InlineData(WorkerStatus.Left, false, false, null)]
    [InlineData(WorkerStatus.Available, false, false, null)]
    public void After_an_engagement_closes_the_worker_follows_what_else_they_have_open(
        WorkerStatus current, bool otherActive, bool otherPending, WorkerStatus? expected) =>
        Assert.Equal(expected, WorkerStatusGraph.AfterEngagementClosed(current, otherActive, otherPending));
}

public class ChurnClassificationTests
{
    private static readonly Dictionary<string, ChurnReason> Catalog = new()
    {
        ["skill_mismatch"] = new("skill_mismatch", "スキルミスマッチ", "Skill mismatch", true, ReasonScope.Both),
        ["low_utilization"] = new("low_utilization", "活用しきれていない", "Low utilisation", true, ReasonScope.Company),
        ["project_completed"] = new("project_completed", "業務完了", "Completed", false, ReasonScope.Engagement),
        ["budget"] = new("budget", "予算都合", "Budget", false, ReasonScope.Both),
    };

    [Fact]
    public void A_churn_is_negative_when_any_reason_is_negative()
    {
        Assert.True(ChurnClassification.IsNegative(["budget", "skill_mismatch"], Catalog));
        Assert.True(ChurnClassification.IsNegative(["skill_mismatch"], Catalog));
    }

    [Fact]
    public void A_churn_with_only_neutral_reasons_is_not_negative()
    {
        Assert.False(ChurnClassification.IsNegative(["budget", "project_completed"], Catalog));
        Assert.False(ChurnClassification.IsNegative([], Catalog));
    }

    [Fact]
    public void Reasons_must_exist_and_apply_to_the_kind_of_churn()
    {
        Assert.Empty(ChurnClassification.Problems(ChurnKind.Engagement, ["project_completed", "budget"], Catalog));
        Assert.Empty(ChurnClassification.Problems(ChurnKind.Company, ["low_utilization", "budget"], Catalog));
        Assert.Equal(ReasonProblemKind.NotForEngagements, Assert.Single(ChurnClassification.Problems(ChurnKind.Engagement, ["low_utilization"], Catalog)).Kind);
        Assert.Equal(ReasonProblemKind.NotForCompanies, Assert.Single(ChurnClassification.Problems(ChurnKind.Company, ["project_completed"], Catalog)).Kind);
        var unknown = Assert.Single(ChurnClassification.Problems(ChurnKind.Company, ["nope"], Catalog));
        Assert.Equal((ReasonProblemKind.Unknown, "nope", (ChurnReason?)null), (unknown.Kind, unknown.Code, unknown.Reason));
    }
}

public class TenureTests
{
    [Theory]
    [InlineData("2026-01-01", "2026-01-01", 0)]
    [InlineData("2026-01-01", "2026-01-31", 30)]
    [InlineData("2026-01-31", "2026-03-01", 29)]
    [InlineData("2024-02-01", "2025-02-01", 366)]
    [InlineData("2026-05-10", "2026-05-01", 0)]
    public void Counts_days_from_start_to_end_and_never_below_zero(string start, string end, int days) =>
        Assert.Equal(days, Tenure.Days(DateOnly.Parse(start), DateOnly.Parse(end)));
}

public class TouchTierTests
{
    [Theory]
    [InlineData(1, TouchTierLevel.Low)]
    [InlineData(300, TouchTierLevel.Low)]
    [InlineData(301, TouchTierLevel.Mid)]
    [InlineData(2999, TouchTierLevel.Mid)]
    [InlineData(3000, TouchTierLevel.High)]
    public void Follows_the_design_thresholds(int employees, TouchTierLevel tier) =>
        Assert.Equal(tier, new TouchTier().Of(employees));

    [Fact]
    public void Thresholds_are_configurable() =>
        Assert.Equal(TouchTierLevel.Mid, new TouchTier(MidFrom: 50, HighFrom: 500).Of(100));
}

public class StageRulesTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 1);
    private static readonly StageRules Rules = new();

    private static StageFacts Facts(int kickoffDaysAgo = 200, int active = 1, int total = 1, int? satisfaction = 4, int? negativeDaysAgo = null, int signedDaysAgo = 220) =>
        new(AsOf.AddDays(-signedDaysAgo), kickoffDaysAgo < 0 ? null : AsOf.AddDays(-kickoffDaysAgo), active, total, satisfaction,
            negativeDaysAgo is { } n ? AsOf.AddDays(-n) : null);

    [Fact]
    public void Entry_until_the_first_kickoff() => Assert.Equal(Stage.Entry, Rules.Compute(Facts(kickoffDaysAgo: -1, active: 0, total: 0, satisfaction: null), AsOf));

    [Fact]
    public void Onboard_for_the_first_90_days() => Assert.Equal(Stage.Onboard, Rules.Compute(Facts(kickoffDaysAgo: 89), AsOf));

    [Fact]
    public void Active_after_90_days_with_a_running_engagement_and_satisfaction_at_least_3()
    {
        Assert.Equal(Stage.Active, Rules.Compute(Facts(kickoffDaysAgo: 90, satisfaction: 3), AsOf));
        Assert.Equal(Stage.Onboard, Rules.Compute(Facts(kickoffDaysAgo: 120, satisfaction: 2), AsOf));
        Assert.Equal(Stage.Onboard, Rules.Compute(Facts(kickoffDaysAgo: 120, active: 0), AsOf));
        Assert.Equal(Stage.Onboard, Rules.Compute(Facts(kickoffDaysAgo: 120, satisfaction: null), AsOf));
    }

    [Fact]
    public void Loyal_with_an_additional_engagement_or_a_year_and_no_recent_negative_churn()
    {
        Assert.Equal(Stage.Loyal, Rules.Compute(Facts(total: 2), AsOf));
        Assert.Equal(Stage.Loyal, Rules.Compute(Facts(signedDaysAgo: 365), AsOf));
        Assert.Equal(Stage.Active, Rules.Compute(Facts(total: 2, negativeDaysAgo: 179), AsOf));
        Assert.Equal(Stage.Loyal, Rules.Compute(Facts(total: 2, negativeDaysAgo: 180), AsOf));
    }
}
