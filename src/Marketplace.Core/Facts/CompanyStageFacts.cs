using Marketplace.Core.Data;
using Marketplace.Core.Domain;

namespace Marketplace.Core.Facts;

/// <summary>
/// The facts a company's stage is computed from (<see cref="Domain.StageFacts"/>), kept on its row (migration 0009) as of
/// everything recorded: the first kickoff held; the engagements running (active) and contracted in total (contracted,
/// active or ended); the satisfaction of the latest follow-up held, the lowest when several were held that day; the
/// latest negative engagement churn. None of them depends on the day they are read, only on what is recorded, so they
/// stay right until the next record; <see cref="DerivedFacts"/> recomputes them for every company a command's events
/// name. The company resource, its stage filter and stage agreement read them from the row instead of from the history.
/// </summary>
public static class CompanyStageFacts
{
    public static class Sql
    {
        private const string FirstKickoff = "first_kickoff_on = (SELECT MIN(k.held_on) FROM kickoffs k WHERE k.company_id = companies.id)";
        private const string Active = "active_engagements = (SELECT COUNT(*) FROM engagements e WHERE e.company_id = companies.id AND e.status = 'active')";
        private const string Total = "total_engagements = (SELECT COUNT(*) FROM engagements e WHERE e.company_id = companies.id AND e.status IN ('contracted', 'active', 'ended'))";
        private const string LastSatisfaction = """
            last_satisfaction = (SELECT MIN(f.company_satisfaction) FROM follow_ups f
                                 WHERE f.company_id = companies.id
                                   AND f.held_on = (SELECT MAX(f2.held_on) FROM follow_ups f2 WHERE f2.company_id = companies.id))
            """;
        private const string LastNegative = "last_negative_churn_on = (SELECT MAX(ec.ended_on) FROM engagement_churns ec WHERE ec.negative = 1 AND ec.company_id = companies.id)";

        /// <summary>Recomputes every kept fact of every company from the history, each a seek or two in a company-first index.</summary>
        public const string RefreshAll = $"UPDATE companies SET {FirstKickoff}, {Active}, {Total}, {LastSatisfaction}, {LastNegative}";

        /// <summary>The same for the companies @ids (<see cref="DerivedFacts"/>).</summary>
        public const string Refresh = $"{RefreshAll} WHERE id IN @ids";
    }

    /// <summary>The select list of <see cref="Row"/>, from companies aliased c: a fragment the statements that read the facts share.</summary>
    public const string Columns = "c.id, c.signed_on, c.first_kickoff_on, c.active_engagements, c.total_engagements, c.last_satisfaction, c.last_negative_churn_on";

    /// <summary>A company with its kept facts, as read by <see cref="Columns"/>.</summary>
    public record Row
    {
        public Guid Id { get; init; }
        public DateOnly SignedOn { get; init; }
        public DateOnly? FirstKickoffOn { get; init; }
        public int ActiveEngagements { get; init; }
        public int TotalEngagements { get; init; }
        public int? LastSatisfaction { get; init; }
        public DateOnly? LastNegativeChurnOn { get; init; }

        private StageFacts Facts => new(SignedOn, FirstKickoffOn, ActiveEngagements, TotalEngagements, LastSatisfaction, LastNegativeChurnOn);

        /// <summary>The stage on a day: the one computation the resource, its filter and stage agreement share.</summary>
        public Stage StageOn(StageRules rules, DateOnly day) => rules.Compute(Facts, day);
    }
}
