using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using Marketplace.Core.Shared;
using MediatR;

namespace Marketplace.Core.Features.Tasks;

/// <summary>Tasks by assignee, status, due window (overdue / today / this week, of the business day) and link, soonest due first.</summary>
public static class ListTasks
{
    public sealed record Query : PagedQuery, IRequest<Paged<TaskDto>>
    {
        public Guid? AssigneeId { get; init; }
        public string? Status { get; init; }
        public string? Due { get; init; }
        public Guid? CompanyId { get; init; }
        public Guid? EngagementId { get; init; }
        public Guid? WorkerId { get; init; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            this.AddPagingRules();
            RuleFor(q => q.Status).OneOf<Query, TaskState>();
            RuleFor(q => q.Due).OneOf<Query, TaskDue>();
        }
    }

    public static class Sql
    {
        private const string Where = """
            WHERE (@assigneeId IS NULL OR t.assignee_id = @assigneeId)
              AND (@status IS NULL OR t.status = @status)
              AND (@dueFrom IS NULL OR t.due_on >= @dueFrom)
              AND (@dueTo IS NULL OR t.due_on <= @dueTo)
              AND (@companyId IS NULL OR t.company_id = @companyId)
              AND (@engagementId IS NULL OR t.engagement_id = @engagementId)
              AND (@workerId IS NULL OR t.worker_id = @workerId)
            """;
        public const string Count = $"SELECT COUNT(*) FROM tasks t {Where}";
        public const string Page = $"{TaskView.Sql.Select} {Where} ORDER BY t.due_on, t.created_at, t.id {SqlDialect.Paging}";
    }

    public sealed class Handler(Db db, TaskView view, IClock clock) : IRequestHandler<Query, Paged<TaskDto>>
    {
        public async Task<Paged<TaskDto>> Handle(Query q, CancellationToken ct)
        {
            var today = clock.Today;
            // A due window is of open work: what is overdue, due today or due by Sunday is what is still to do.
            var due = q.Due is null ? (TaskDue?)null : Wire.Parse<TaskDue>(q.Due);
            var (from, to) = due switch
            {
                TaskDue.Overdue => ((DateOnly?)null, (DateOnly?)today.AddDays(-1)),
                TaskDue.Today => (today, today),
                TaskDue.Week => (null, BusinessCalendar.WeekEnd(today)),
                _ => (null, null),
            };
            var status = q.Status ?? (due is null ? null : Wire.Name(TaskState.Open));
            var args = new Dapper.DynamicParameters(new { assigneeId = q.AssigneeId, status, dueFrom = from, dueTo = to, companyId = q.CompanyId, engagementId = q.EngagementId, workerId = q.WorkerId });
            args.Add("skip", q.Skip);
            args.Add("take", q.PageSize);
            var total = await db.ExecuteScalarAsync<int>(Sql.Count, args, ct);
            return new Paged<TaskDto>(await view.Read(Sql.Page, args, ct), total, q.Page, q.PageSize);
        }
    }
}
