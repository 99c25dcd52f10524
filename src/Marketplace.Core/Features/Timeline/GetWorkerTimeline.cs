using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Shared;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Timeline;

/// <summary>
/// Everything that happened with a worker, newest first: notes, status changes (manual and automatic), and the
/// worker's engagements proposed, contracted, declined, kicked off, followed up and ended.
/// </summary>
public static class GetWorkerTimeline
{
    public sealed record Query(Guid WorkerId) : PagedQuery, IRequest<Paged<TimelineEntry>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => this.AddPagingRules();
    }

    public static class Sql
    {

        /// <summary>One branch per kind of event, each read through the worker's index on its table (or its engagements').</summary>
        public const string Events = """
            SELECT 'note' AS kind, n.held_on AS on_day, n.created_at AS recorded_at, 'note' AS ref_type, n.id AS ref_id, m.name AS by_name,
                   NULL AS title, NULL AS counterpart, n.kind AS word, NULL AS from_word, NULL AS score, n.body AS detail
            FROM notes n LEFT JOIN members m ON m.id = n.created_by
            WHERE n.worker_id = @id
            UNION ALL
            SELECT 'worker_status_changed', NULL, h.at, 'worker', h.worker_id, m.name, NULL, NULL, h.to_status, h.from_status, NULL, h.note
            FROM worker_status_history h LEFT JOIN members m ON m.id = h.by_member_id
            WHERE h.worker_id = @id
            UNION ALL
            SELECT 'engagement_proposed', NULL, e.created_at, 'engagement', e.id, NULL, e.title, c.name, NULL, NULL, NULL, NULL
            FROM engagements e JOIN companies c ON c.id = e.company_id
            WHERE e.worker_id = @id
            UNION ALL
            SELECT 'engagement_contracted', e.contracted_on, NULL, 'engagement', e.id, NULL, e.title, c.name, NULL, NULL, NULL, NULL
            FROM engagements e JOIN companies c ON c.id = e.company_id
            WHERE e.worker_id = @id AND e.contracted_on IS NOT NULL
            UNION ALL
            SELECT 'engagement_declined', NULL, e.updated_at, 'engagement', e.id, NULL, e.title, c.name, NULL, NULL, NULL, e.declined_note
            FROM engagements e JOIN companies c ON c.id = e.company_id
            WHERE e.worker_id = @id AND e.status = 'declined'
            UNION ALL
            SELECT 'kickoff_held', k.held_on, k.created_at, 'engagement', e.id, m.name, e.title, c.name, NULL, NULL, NULL, NULL
            FROM engagements e JOIN kickoffs k ON k.engagement_id = e.id JOIN companies c ON c.id = e.company_id
            LEFT JOIN members m ON m.id = k.cs_attendee_id
            WHERE e.worker_id = @id
            UNION ALL
            SELECT 'follow_up_held', f.held_on, f.updated_at, 'engagement', e.id, m.name, e.title, c.name, NULL, NULL, f.worker_satisfaction, f.note
            FROM engagements e JOIN follow_ups f ON f.engagement_id = e.id JOIN companies c ON c.id = e.company_id
            LEFT JOIN members m ON m.id = f.recorded_by
            WHERE e.worker_id = @id AND f.held_on IS NOT NULL
            UNION ALL
            SELECT 'engagement_ended', ec.ended_on, ec.created_at, 'engagement', e.id, m.name, e.title, c.name, ec.initiated_by, NULL, NULL, ec.note
            FROM engagements e JOIN engagement_churns ec ON ec.engagement_id = e.id JOIN companies c ON c.id = e.company_id
            LEFT JOIN members m ON m.id = ec.created_by
            WHERE e.worker_id = @id
            UNION ALL
            SELECT 'task_created', NULL, t.created_at, 'task', t.id, m.name, t.title, a.name, t.rule_code, NULL, NULL, t.note
            FROM tasks t JOIN members a ON a.id = t.assignee_id LEFT JOIN members m ON m.id = t.created_by
            WHERE t.worker_id = @id
            UNION ALL
            SELECT 'task_completed', NULL, t.completed_at, 'task', t.id, d.name, t.title, a.name, NULL, NULL, NULL, t.completion_note
            FROM tasks t JOIN members a ON a.id = t.assignee_id LEFT JOIN members d ON d.id = t.completed_by
            WHERE t.worker_id = @id AND t.status = 'done'
            """;
    }

    public sealed class Handler(Db db, BusinessTime business) : IRequestHandler<Query, Paged<TimelineEntry>>
    {
        public async Task<Paged<TimelineEntry>> Handle(Query q, CancellationToken ct)
        {
            if (!await RecordExists.Worker(db, q.WorkerId, ct))
                throw new NotFoundException("worker", q.WorkerId);
            return TimelineRows.Page(await db.QueryAsync<TimelineRows.Row>(Sql.Events, new { id = q.WorkerId }, ct), business, q);
        }
    }
}
