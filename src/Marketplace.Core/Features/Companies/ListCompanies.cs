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
        /// equal values keep one order from page to page. Only the name has an index in its order (ix_companies_name).
        /// </summary>
        public static readonly SortOrders Orders = new("name",
            new SortOrder("name", ["c.name", "c.id"], Indexed: true),
            new SortOrder("signedOn", ["c.signed_on", "c.id"]),
            new SortOrder("csOwnerName", ["m.name", "c.id"]),
            new SortOrder("employeeCount", ["c.employee_count", "c.id"]),
            new SortOrder("monthlyFee", ["c.monthly_fee", "c.id"]),
            new SortOrder("activeEngagements", ["c.active_engagements", "c.id"]));

        /// <summary>
        /// The page whole in the sort's order: with the count, all the list reads. In an order no index reads, the
        /// database sorts the filtered ids and reads whole rows (with their purposes) for the page's ids only, where
        /// sorting whole rows would read every company's purposes first.
        /// </summary>
        public static string Page(string? sort) => Pages[sort ?? Orders.Default];
        /// <summary>The page with no filter given: SQLite plans it without the filter's OR terms, in less time (it plans every request's statement anew).</summary>
        public static string PageAll(string? sort) => PagesAll[sort ?? Orders.Default];

        // Each order's statements are built once, after Orders (static fields are set in the order they are written).
        private static readonly Dictionary<string, string> Pages = Orders.Words.ToDictionary(w => w, w => PageOf(Where, w), StringComparer.Ordinal);
        private static readonly Dictionary<string, string> PagesAll = Orders.Words.ToDictionary(w => w, w => PageOf("", w), StringComparer.Ordinal);

        private static string PageOf(string where, string? sort)
        {
            var orderBy = Orders.OrderBy(sort);
            return Orders.Indexed(sort)
                ? $"{Companies} {where} ORDER BY {orderBy} {SqlDialect.Paging}"
                : $"{Companies} JOIN (SELECT c.id FROM companies c {CompanyView.OwnerJoin} {where} ORDER BY {orderBy} {SqlDialect.Paging}) p ON p.id = c.id ORDER BY {orderBy}";
        }

        /// <summary>The stage filter's page, by the ids it picked from <see cref="AllFacts"/> (put in their order by the handler).</summary>
        public const string ByIds = $"{Companies} WHERE c.id IN @ids";
        /// <summary>Every filtered company's facts in the sort's order, the owner joined for the order by the owner's name.</summary>
        public static string AllFacts(string? sort) => $"SELECT {CompanyStageFacts.Columns} FROM companies c {CompanyView.OwnerJoin} {Where} ORDER BY {Orders.OrderBy(sort)}";
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
                return new Paged<CompanyDto>(await view.Read(unfiltered ? Sql.PageAll(q.Sort) : Sql.Page(q.Sort), args, ct), total, q.Page, q.PageSize);
            }
            // The stage is computed by the domain rules from the facts kept on the row, so it is filtered here, and only
            // the page is read.
            var today = clock.Today;
            var stage = Wire.Parse<Stage>(q.Stage);
            var matching = (await db.QueryAsync<CompanyStageFacts.Row>(Sql.AllFacts(q.Sort), filters, ct))
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
