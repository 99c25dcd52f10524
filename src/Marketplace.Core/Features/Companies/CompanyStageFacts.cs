using Marketplace.Core.Data;
using Marketplace.Core.Domain;

namespace Marketplace.Core.Features.Companies;

/// <summary>
/// The facts a company's stage is computed from (<see cref="Domain.StageFacts"/>), kept on its row (migration 0009) as of
/// everything recorded: the first kickoff held; the engagements running (active) and contracted in total (contracted,
/// active or ended); the satisfaction of the latest follow-up held, the lowest when several were held that day; the
/// latest negative engagement churn. None of them depends on the day they are read, only on what is recorded, so they
/// stay right until the next record. Every command that records a kickoff, a contract, a follow-up held or an end calls
/// <see cref="Refresh"/> for the company in its own transaction; the company resource, its stage filter and stage
/// agreement read them from the row instead of from the whole history.
/// </summary>
public static class CompanyStageFacts
{
    public static class Sql
    {
        /// <summary>Recomputes the kept facts from the history, each a seek or two in a company-first index.</summary>
        public const string RefreshAll = """
            UPDATE companies SET
              first_kickoff_on = (SELECT MIN(k.held_on) FROM kickoffs k WHERE k.company_id = companies.id),
              active_engagements = (SELECT COUNT(*) FROM engagements e WHERE e.company_id = companies.id AND e.status = 'active'),
              total_engagements = (SELECT COUNT(*) FROM engagements e WHERE e.company_id = companies.id AND e.status IN ('contracted', 'active', 'ended')),
              last_satisfaction = (SELECT MIN(f.company_satisfaction) FROM follow_ups f
                                   WHERE f.company_id = companies.id
                                     AND f.held_on = (SELECT MAX(f2.held_on) FROM follow_ups f2 WHERE f2.company_id = companies.id)),
              last_negative_churn_on = (SELECT MAX(ec.ended_on) FROM engagement_churns ec WHERE ec.negative = 1 AND ec.company_id = companies.id)
            """;

        public const string Refresh = $"{RefreshAll} WHERE id = @companyId";
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

        public StageFacts Facts => new(SignedOn, FirstKickoffOn, ActiveEngagements, TotalEngagements, LastSatisfaction, LastNegativeChurnOn);
    }

    public static Task Refresh(Db db, Guid companyId, CancellationToken ct) =>
        db.ExecuteAsync(Sql.Refresh, new { companyId }, ct);
}
