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
    public sealed record Query : PagedQuery, IRequest<Paged<CompanyDto>>, ISortedQuery
    {
        public static SortOrders Orders => Sql.Orders;
        public string? Status { get; init; }
        public string? Stage { get; init; }
        public Guid? CsOwnerId { get; init; }
        public string? Q { get; init; }
        /// <summary>One of <see cref="Sql.Orders"/>' keys, descending with a leading '-'; by name when none is given.</summary>
        public string? Sort { get; init; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            this.AddPagingRules();
            RuleFor(q => q.Status).OneOf<Query, CompanyStatus>();
            RuleFor(q => q.Stage).OneOf<Query, Stage>();
            RuleFor(q => q.Q).MaximumLength(200);
            RuleFor(q => q.Sort).OneOf(Sql.Orders.Words);
        }
    }

    public static class Sql
    {
        private const string Where = """
            WHERE (@status IS NULL OR c.status = @status)
              AND (@csOwnerId IS NULL OR c.cs_owner_id = @csOwnerId)
              AND (@q IS NULL OR c.name LIKE @q ESCAPE '\' OR c.industry LIKE @q ESCAPE '\')
            """;
        /// <summary>Whole companies: each row with its kept facts, its CS owner's name and its purposes (<see cref="CompanyView.Read"/>).</summary>
        private const string Companies = $"SELECT {CompanyView.Columns}, {CompanyView.PurposesColumn} FROM companies c {CompanyView.OwnerJoin}";

        public const string Count = $"SELECT COUNT(*) FROM companies c {Where}";
        /// <summary>The count with no filter given: the database counts an index instead of testing every row against the filters.</summary>
        public const string CountAll = "SELECT COUNT(*) FROM companies";
        /// <summary>
        /// What a CS member sorts the list by, among the columns stored on the row: each ends in c.id, so companies with
        /// equal values keep one order from page to page.
        /// </summary>
        public static readonly SortOrders Orders = new("name",
            ("name", ["c.name", "c.id"]),
            ("signedOn", ["c.signed_on", "c.id"]),
            ("csOwnerName", ["m.name", "c.id"]),
            ("employeeCount", ["c.employee_count", "c.id"]),
            ("monthlyFee", ["c.monthly_fee", "c.id"]),
            ("activeEngagements", ["c.active_engagements", "c.id"]));

        /// <summary>The page whole, in the order <paramref name="orderBy"/> (from <see cref="Orders"/>): with the count, all the list reads.</summary>
        public static string Page(string orderBy) => $"{Companies} {Where} ORDER BY {orderBy} {SqlDialect.Paging}";
        /// <summary>The page with no filter given: SQLite plans it without the filter's OR terms, in less time (it plans every request's statement anew).</summary>
        public static string PageAll(string orderBy) => $"{Companies} ORDER BY {orderBy} {SqlDialect.Paging}";
        /// <summary>The stage filter's page, by the ids it picked from <see cref="AllFacts"/> (put in their order by the handler).</summary>
        public const string ByIds = $"{Companies} WHERE c.id IN @ids";
        /// <summary>Every filtered company's facts in the list's order, the owner joined for the order by the owner's name.</summary>
        public static string AllFacts(string orderBy) => $"SELECT {CompanyStageFacts.Columns} FROM companies c {CompanyView.OwnerJoin} {Where} ORDER BY {orderBy}";
    }

    public sealed class Handler(Db db, CompanyView view, StageRules rules, IClock clock) : IRequestHandler<Query, Paged<CompanyDto>>
    {
        public async Task<Paged<CompanyDto>> Handle(Query q, CancellationToken ct)
        {
            var filters = new { status = q.Status, csOwnerId = q.CsOwnerId, q = PagingRules.Contains(q.Q) };
            if (q.Stage is null)
            {
                var unfiltered = filters is { status: null, csOwnerId: null, q: null };
                var args = new Dapper.DynamicParameters(filters);
                args.Add("skip", q.Skip);
                args.Add("take", q.PageSize);
                var total = await db.ExecuteScalarAsync<int>(unfiltered ? Sql.CountAll : Sql.Count, args, ct);
                var orderBy = Sql.Orders.OrderBy(q.Sort);
                return new Paged<CompanyDto>(await view.Read(unfiltered ? Sql.PageAll(orderBy) : Sql.Page(orderBy), args, ct), total, q.Page, q.PageSize);
            }
            // The stage is computed by the domain rules from the facts kept on the row, so it is filtered here, and only
            // the page is read.
            var today = clock.Today;
            var stage = Wire.Parse<Stage>(q.Stage);
            var matching = (await db.QueryAsync<CompanyStageFacts.Row>(Sql.AllFacts(Sql.Orders.OrderBy(q.Sort)), filters, ct))
                .Where(c => c.StageOn(rules, today) == stage).Select(c => c.Id).ToList();
            var pageIds = q.Skip >= matching.Count ? [] : matching.Skip((int)q.Skip).Take(q.PageSize).ToList();
            var page = pageIds.Count == 0 ? [] : Ordered(await view.Read(Sql.ByIds, new { ids = db.Dialect.IdList(pageIds) }, ct), pageIds);
            return new Paged<CompanyDto>(page, matching.Count, q.Page, q.PageSize);
        }

        private static List<CompanyDto> Ordered(IReadOnlyList<CompanyDto> companies, List<Guid> ids)
        {
            var byId = companies.ToDictionary(c => c.Id);
            return ids.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
        }
    }
}
