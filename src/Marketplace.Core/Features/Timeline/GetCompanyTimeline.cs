using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Shared;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Timeline;

/// <summary>
/// Everything that happened with a company, newest first: notes, its engagements proposed, contracted, declined,
/// kicked off, followed up and ended, satisfaction surveys, its churns and signings again, and expansion leads.
/// </summary>
public static class GetCompanyTimeline
{
    public sealed record Query(Guid CompanyId) : PagedQuery, IRequest<Paged<TimelineEntry>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => this.AddPagingRules();
    }

    public static class Sql
    {

        /// <summary>
        /// One branch per kind of event, each read through the company's index on its table. A signing again is kept
        /// as the next term's start (the next churn's term_signed_on, or the company's signed_on while it is active).
        /// </summary>
        public const string Events = """
            SELECT 'note' AS kind, n.held_on AS on_day, n.created_at AS recorded_at, 'note' AS ref_type, n.id AS ref_id, m.name AS by_name,
                   NULL AS title, NULL AS counterpart, n.kind AS word, NULL AS from_word, NULL AS score, n.body AS detail
            FROM notes n LEFT JOIN members m ON m.id = n.created_by
            WHERE n.company_id = @id
            UNION ALL
            SELECT 'engagement_proposed', NULL, e.created_at, 'engagement', e.id, NULL, e.title, w.name, NULL, NULL, NULL, NULL
            FROM engagements e JOIN workers w ON w.id = e.worker_id
            WHERE e.company_id = @id
            UNION ALL
            SELECT 'engagement_contracted', e.contracted_on, NULL, 'engagement', e.id, NULL, e.title, w.name, NULL, NULL, NULL, NULL
            FROM engagements e JOIN workers w ON w.id = e.worker_id
            WHERE e.company_id = @id AND e.contracted_on IS NOT NULL
            UNION ALL
            SELECT 'engagement_declined', NULL, e.updated_at, 'engagement', e.id, NULL, e.title, w.name, NULL, NULL, NULL, e.declined_note
            FROM engagements e JOIN workers w ON w.id = e.worker_id
            WHERE e.company_id = @id AND e.status = 'declined'
            UNION ALL
            SELECT 'kickoff_held', k.held_on, k.created_at, 'engagement', e.id, m.name, e.title, w.name, NULL, NULL, NULL, NULL
            FROM kickoffs k JOIN engagements e ON e.id = k.engagement_id JOIN workers w ON w.id = e.worker_id
            LEFT JOIN members m ON m.id = k.cs_attendee_id
            WHERE k.company_id = @id
            UNION ALL
            SELECT 'follow_up_held', f.held_on, f.updated_at, 'engagement', e.id, m.name, e.title, w.name, NULL, NULL, f.company_satisfaction, f.note
            FROM follow_ups f JOIN engagements e ON e.id = f.engagement_id JOIN workers w ON w.id = e.worker_id
            LEFT JOIN members m ON m.id = f.recorded_by
            WHERE e.company_id = @id AND f.held_on IS NOT NULL
            UNION ALL
            SELECT 'satisfaction_surveyed', s.surveyed_on, s.created_at, 'satisfaction_survey', s.id, m.name, NULL, NULL, NULL, NULL, s.score, s.comment
            FROM satisfaction_surveys s LEFT JOIN members m ON m.id = s.created_by
            WHERE s.company_id = @id
            UNION ALL
            SELECT 'engagement_ended', ec.ended_on, ec.created_at, 'engagement', e.id, m.name, e.title, w.name, ec.initiated_by, NULL, NULL, ec.note
            FROM engagement_churns ec JOIN engagements e ON e.id = ec.engagement_id JOIN workers w ON w.id = e.worker_id
            LEFT JOIN members m ON m.id = ec.created_by
            WHERE e.company_id = @id
            UNION ALL
            SELECT 'company_churned', cc.churned_on, cc.created_at, 'company_churn', cc.id, m.name, NULL, NULL, NULL, NULL, NULL, cc.note
            FROM company_churns cc LEFT JOIN members m ON m.id = cc.created_by
            WHERE cc.company_id = @id
            UNION ALL
            SELECT 'company_reactivated', r.signed_again_on, NULL, 'company', r.company_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL
            FROM (
              SELECT cc.company_id, COALESCE(
                (SELECT MIN(later.term_signed_on) FROM company_churns later
                 WHERE later.company_id = cc.company_id AND later.id <> cc.id AND later.term_signed_on >= cc.churned_on),
                (SELECT c.signed_on FROM companies c WHERE c.id = cc.company_id AND c.status = 'active' AND c.signed_on >= cc.churned_on)) AS signed_again_on
              FROM company_churns cc WHERE cc.company_id = @id) r
            WHERE r.signed_again_on IS NOT NULL
            UNION ALL
            SELECT 'lead_tossed', l.tossed_on, l.created_at, 'expansion_lead', l.id, m.name, NULL, NULL, NULL, NULL, NULL, l.description
            FROM expansion_leads l LEFT JOIN members m ON m.id = l.tossed_by
            WHERE l.company_id = @id
            UNION ALL
            SELECT 'lead_decided', NULL, l.updated_at, 'expansion_lead', l.id, NULL, NULL, NULL, l.status, NULL, NULL, l.description
            FROM expansion_leads l
            WHERE l.company_id = @id AND l.status <> 'open'
            UNION ALL
            SELECT 'task_created', NULL, t.created_at, 'task', t.id, m.name, t.title, a.name, t.rule_code, NULL, NULL, t.note
            FROM tasks t JOIN members a ON a.id = t.assignee_id LEFT JOIN members m ON m.id = t.created_by
            WHERE t.company_id = @id
            UNION ALL
            SELECT 'task_completed', NULL, t.completed_at, 'task', t.id, d.name, t.title, a.name, NULL, NULL, NULL, t.completion_note
            FROM tasks t JOIN members a ON a.id = t.assignee_id LEFT JOIN members d ON d.id = t.completed_by
            WHERE t.company_id = @id AND t.status = 'done'
            """;
    }

    public sealed class Handler(Db db, BusinessTime business) : IRequestHandler<Query, Paged<TimelineEntry>>
    {
        public async Task<Paged<TimelineEntry>> Handle(Query q, CancellationToken ct)
        {
            if (!await RecordExists.Company(db, q.CompanyId, ct))
                throw new NotFoundException("company", q.CompanyId);
            return TimelineRows.Page(await db.QueryAsync<TimelineRows.Row>(Sql.Events, new { id = q.CompanyId }, ct), business, q);
        }
    }
}
