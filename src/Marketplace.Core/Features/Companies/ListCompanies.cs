using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;
using Marketplace.Core.Shared;
using Marketplace.Core.Facts;

namespace Marketplace.Core.Features.Companies;

public static class ListCompanies
{
    public sealed record Query : PagedQuery, IRequest<Paged<CompanyDto>>
    {
        public string? Status { get; init; }
        public string? Stage { get; init; }
        public Guid? CsOwnerId { get; init; }
        public string? Q { get; init; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            this.AddPagingRules();
            RuleFor(q => q.Status).OneOf<Query, CompanyStatus>();
            RuleFor(q => q.Stage).OneOf<Query, Stage>();
            RuleFor(q => q.Q).MaximumLength(200);
        }
    }

    public static class Sql
    {
        private const string Where = """
            WHERE (@status IS NULL OR status = @status)
              AND (@csOwnerId IS NULL OR cs_owner_id = @csOwnerId)
              AND (@q IS NULL OR name LIKE @q ESCAPE '\' OR industry LIKE @q ESCAPE '\')
            """;
        public const string Count = $"SELECT COUNT(*) FROM companies {Where}";
        /// <summary>The count with no filter given: the database counts an index instead of testing every row against the filters.</summary>
        public const string CountAll = "SELECT COUNT(*) FROM companies";
        public const string PageIds = $"SELECT id FROM companies {Where} ORDER BY name, id {SqlDialect.Paging}";
        public const string AllFacts = $"SELECT {CompanyStageFacts.Columns} FROM companies c {Where} ORDER BY c.name, c.id";
    }

    public sealed class Handler(Db db, CompanyView view, StageRules rules, IClock clock) : IRequestHandler<Query, Paged<CompanyDto>>
    {
        public async Task<Paged<CompanyDto>> Handle(Query q, CancellationToken ct)
        {
            var filters = new { status = q.Status, csOwnerId = q.CsOwnerId, q = PagingRules.Contains(q.Q) };
            if (q.Stage is null)
            {
                var unfiltered = filters is { status: null, csOwnerId: null, q: null };
                var ids = await db.PageAsync<Guid>(q, unfiltered ? Sql.CountAll : Sql.Count, Sql.PageIds, filters, ct);
                return new Paged<CompanyDto>(await view.Load(ids.Items, ct), ids.Total, ids.Page, ids.PageSize);
            }
            // The stage is computed by the domain rules from the facts kept on the row, so it is filtered here, and only
            // the page is loaded.
            var today = clock.Today;
            var matching = (await db.QueryAsync<CompanyStageFacts.Row>(Sql.AllFacts, filters, ct))
                .Where(c => c.StageOn(rules, today) == q.Stage).Select(c => c.Id).ToList();
            var page = await view.Load(matching.Skip(q.Skip).Take(q.PageSize).ToList(), ct);
            return new Paged<CompanyDto>(page, matching.Count, q.Page, q.PageSize);
        }
    }
}
