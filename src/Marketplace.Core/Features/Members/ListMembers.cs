using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Members;

public static class ListMembers
{
    public sealed record Query : PagedQuery, IRequest<Paged<MemberDto>>
    {
        public string? Team { get; init; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            this.AddPagingRules();
            RuleFor(q => q.Team).OneOf<Query, Team>();
        }
    }

    public static class Sql
    {
        private const string Where = "WHERE (@team IS NULL OR team = @team)";
        public const string Count = $"SELECT COUNT(*) FROM members {Where}";
        public const string Page = $"""
            SELECT id, name, email, team, created_at FROM members {Where}
            ORDER BY team, name, id {SqlDialect.Paging}
            """;
    }

    public sealed class Handler(Db db) : IRequestHandler<Query, Paged<MemberDto>>
    {
        public async Task<Paged<MemberDto>> Handle(Query q, CancellationToken ct)
        {
            return await db.PageAsync<MemberDto>(q, Sql.Count, Sql.Page, new { team = q.Team }, ct);
        }
    }
}

public static class GetMember
{
    public sealed record Query(Guid Id) : IRequest<MemberDto>;

    public static class Sql
    {
        public const string ById = "SELECT id, name, email, team, created_at FROM members WHERE id = @id";
    }

    public sealed class Handler(Db db) : IRequestHandler<Query, MemberDto>
    {
        public async Task<MemberDto> Handle(Query q, CancellationToken ct) =>
            await db.QuerySingleOrDefaultAsync<MemberDto>(Sql.ById, new { id = q.Id }, ct) ?? throw new NotFoundException("member", q.Id);
    }
}
