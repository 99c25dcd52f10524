using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Members;

public static class ListAudit
{
    public sealed record Entry
    {
        public long Id { get; init; }
        public DateTime At { get; init; }
        public Guid? MemberId { get; init; }
        public string Actor { get; init; } = "";
        public string Action { get; init; } = "";
        public string Entity { get; init; } = "";
        public string EntityId { get; init; } = "";
        public string Summary { get; init; } = "";
    }

    public sealed record Query : PagedQuery, IRequest<Paged<Entry>>
    {
        public string? Entity { get; init; }
        public Guid? EntityId { get; init; }
        public DateOnly? From { get; init; }
        public DateOnly? To { get; init; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            this.AddPagingRules();
            RuleFor(q => q.Entity).OptionalText(40);
            RuleFor(q => q.From).BusinessDate();
            RuleFor(q => q.To).BusinessDate();
            RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null)
                .WithMessageKey(ValidationMessages.ToBeforeFrom);
        }
    }

    public static class Sql
    {
        private const string Where = """
            WHERE (@entity IS NULL OR entity = @entity)
              AND (@entityId IS NULL OR entity_id = @entityId)
              AND (@from IS NULL OR at >= @from)
              AND (@to IS NULL OR at < @to)
            """;
        public const string Count = $"SELECT COUNT(*) FROM audit_log {Where}";
        public const string Page = $"""
            SELECT id, at, member_id, actor, action, entity, entity_id, summary FROM audit_log {Where}
            ORDER BY id {SqlDialect.Paging}
            """;
    }

    public sealed class Handler(Db db, BusinessTime business) : IRequestHandler<Query, Paged<Entry>>
    {
        public async Task<Paged<Entry>> Handle(Query q, CancellationToken ct)
        {
            var filters = new
            {
                entity = q.Entity,
                entityId = q.EntityId?.ToString("D"),
                // Days of the business's zone, "to" included whole: 2026-12-02 in Tokyo starts at 2026-12-01T15:00Z.
                from = q.From is { } from ? business.DayStartsUtc(from) : (DateTime?)null,
                to = q.To is { } to ? business.DayStartsUtc(to.AddDays(1)) : (DateTime?)null,
            };
            return await db.PageAsync<Entry>(q, Sql.Count, Sql.Page, filters, ct);
        }
    }
}
