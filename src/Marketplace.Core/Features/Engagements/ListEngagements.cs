using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;
using Marketplace.Core.Shared;

namespace Marketplace.Core.Features.Engagements;

public static class ListEngagements
{
    public sealed record Query : PagedQuery, IRequest<Paged<EngagementDto>>
    {
        public Guid? CompanyId { get; init; }
        public Guid? WorkerId { get; init; }
        public string? Status { get; init; }
        /// <summary>Engagements of the companies this CS member owns.</summary>
        public Guid? CsOwnerId { get; init; }
        /// <summary>Engagements starting on or before this day (with contracted: the kickoffs due by then).</summary>
        public DateOnly? StartsBy { get; init; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            this.AddPagingRules();
            RuleFor(q => q.Status).OneOf<Query, EngagementStatus>();
            RuleFor(q => q.StartsBy).BusinessDate();
        }
    }

    public static class Sql
    {
        private const string Where = """
             WHERE (@companyId IS NULL OR e.company_id = @companyId)
              AND (@workerId IS NULL OR e.worker_id = @workerId)
              AND (@status IS NULL OR e.status = @status)
              AND (@startsBy IS NULL OR e.start_on <= @startsBy)
              AND (@csOwnerId IS NULL OR e.company_id IN (SELECT o.id FROM companies o WHERE o.cs_owner_id = @csOwnerId))
            """;
        public const string Count = "SELECT COUNT(*) FROM engagements e" + Where;
        public const string Page = EngagementView.Sql.Select + Where + " ORDER BY e.start_on DESC, e.id " + SqlDialect.Paging;
    }

    public sealed class Handler(Db db) : IRequestHandler<Query, Paged<EngagementDto>>
    {
        public async Task<Paged<EngagementDto>> Handle(Query q, CancellationToken ct)
        {
            return await db.PageAsync<EngagementDto>(q, Sql.Count, Sql.Page, new { companyId = q.CompanyId, workerId = q.WorkerId, status = q.Status, csOwnerId = q.CsOwnerId, startsBy = q.StartsBy }, ct);
        }
    }
}

public static class GetEngagement
{
    public sealed record Query(Guid Id) : IRequest<EngagementDto>;

    public sealed class Handler(EngagementView view) : IRequestHandler<Query, EngagementDto>
    {
        public Task<EngagementDto> Handle(Query q, CancellationToken ct) => view.Get(q.Id, ct);
    }
}

/// <summary>Follow-ups not yet held for running engagements: overdue, or due within the coming week.</summary>
public static class ListDueFollowUps
{
    public const int DueWithinDays = 7;

    public sealed record Item
    {
        public Guid Id { get; init; }
        public Guid EngagementId { get; init; }
        public string Title { get; init; } = "";
        public Guid CompanyId { get; init; }
        public string CompanyName { get; init; } = "";
        public Guid CsOwnerId { get; init; }
        public string WorkerName { get; init; } = "";
        public DateOnly DueOn { get; init; }
        public string State { get; init; } = "";
        public int DaysOverdue { get; init; }
    }

    public sealed record Query : PagedQuery, IRequest<Paged<Item>>
    {
        public Guid? CsOwnerId { get; init; }
        public DateOnly? AsOf { get; init; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            this.AddPagingRules();
            RuleFor(q => q.AsOf).BusinessDate();
        }
    }

    public static class Sql
    {
        private const string From = """
             FROM follow_ups f
            JOIN engagements e ON e.id = f.engagement_id
            JOIN companies c ON c.id = e.company_id
            JOIN workers w ON w.id = e.worker_id
            WHERE f.held_on IS NULL AND f.cancelled_on IS NULL AND e.status = 'active' AND f.due_on <= @until
              AND (@csOwnerId IS NULL OR c.cs_owner_id = @csOwnerId)
            """;
        public const string Count = "SELECT COUNT(*)" + From;
        public const string Page = """
            SELECT f.id, f.engagement_id, e.title, c.id AS company_id, c.name AS company_name, c.cs_owner_id, w.name AS worker_name, f.due_on
            """ + From + " ORDER BY f.due_on, f.id " + SqlDialect.Paging;
    }

    public sealed class Handler(Db db, IClock clock) : IRequestHandler<Query, Paged<Item>>
    {
        public async Task<Paged<Item>> Handle(Query q, CancellationToken ct)
        {
            var asOf = q.AsOf ?? clock.Today;
            var page = await db.PageAsync<Item>(q, Sql.Count, Sql.Page, new { until = asOf.AddDays(DueWithinDays), csOwnerId = q.CsOwnerId }, ct);
            return page with
            {
                Items = page.Items.Select(i => i with
                {
                    State = i.DueOn < asOf ? "overdue" : "due",
                    DaysOverdue = Math.Max(0, asOf.DayNumber - i.DueOn.DayNumber),
                }).ToList(),
            };
        }
    }
}
