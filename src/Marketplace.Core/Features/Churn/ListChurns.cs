using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using Marketplace.Core.Shared;
using MediatR;

namespace Marketplace.Core.Features.Churn;

public abstract record ChurnPeriodQuery : PagedQuery
{
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    /// <summary>Only this company's records (its own churns, or the ends of its engagements).</summary>
    public Guid? CompanyId { get; init; }
}

public sealed class ChurnPeriodValidator<T> : AbstractValidator<T> where T : ChurnPeriodQuery
{
    public ChurnPeriodValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.From).BusinessDate();
        RuleFor(q => q.To).BusinessDate();
        RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null)
            .WithMessageKey(ValidationMessages.ToBeforeFrom);
    }
}

/// <summary>The reason codes of a page of churn records, and whether each record is negative.</summary>
internal sealed class ChurnReasonsOf
{
    private sealed record Row(Guid ChurnId, string ReasonCode);

    private readonly ILookup<Guid, string> byChurn;
    private readonly IReadOnlyDictionary<string, ChurnReason> catalog;

    private ChurnReasonsOf(ILookup<Guid, string> byChurn, IReadOnlyDictionary<string, ChurnReason> catalog)
    {
        this.byChurn = byChurn;
        this.catalog = catalog;
    }

    public static async Task<ChurnReasonsOf> Load(Db db, string sql, IReadOnlyCollection<Guid> churnIds, CancellationToken ct)
    {
        var rows = churnIds.Count == 0 ? [] : await db.QueryAsync<Row>(sql, new { ids = db.Dialect.IdList(churnIds) }, ct);
        return new ChurnReasonsOf(rows.ToLookup(r => r.ChurnId, r => r.ReasonCode), await ReasonCatalog.LoadByCode(db, ct));
    }

    public IReadOnlyList<string> Codes(Guid churnId) => byChurn[churnId].Order().ToList();
    public bool Negative(Guid churnId) => ChurnClassification.IsNegative(byChurn[churnId], catalog);
}

/// <summary>Engagement churn records (案件解約) in a period, inclusive, newest first.</summary>
public static class ListEngagementChurns
{
    public sealed record Query : ChurnPeriodQuery, IRequest<Paged<EngagementChurnRecord>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => Include(new ChurnPeriodValidator<Query>());
    }

    public static class Sql
    {
        private const string Where = " WHERE (@from IS NULL OR ec.ended_on >= @from) AND (@to IS NULL OR ec.ended_on <= @to)"
            + " AND (@companyId IS NULL OR e.company_id = @companyId)";
        public const string Count = "SELECT COUNT(*) FROM engagement_churns ec JOIN engagements e ON e.id = ec.engagement_id" + Where;
        public const string Page = """
            SELECT ec.id, ec.engagement_id, e.company_id, c.name AS company_name, e.worker_id, w.name AS worker_name, e.job_type,
                   e.start_on, ec.ended_on, ec.initiated_by, ec.note, ec.company_churn_id
            FROM engagement_churns ec
            JOIN engagements e ON e.id = ec.engagement_id
            JOIN companies c ON c.id = e.company_id
            JOIN workers w ON w.id = e.worker_id
            """ + Where + " ORDER BY ec.ended_on DESC, ec.id " + SqlDialect.Paging;
        public const string Reasons = "SELECT churn_id, reason_code FROM engagement_churn_reasons WHERE churn_id IN @ids";
    }

    public sealed class Handler(Db db) : IRequestHandler<Query, Paged<EngagementChurnRecord>>
    {
        public async Task<Paged<EngagementChurnRecord>> Handle(Query q, CancellationToken ct)
        {
            var page = await db.PageAsync<EngagementChurnRecord>(q, Sql.Count, Sql.Page, new { from = q.From, to = q.To, companyId = q.CompanyId }, ct);
            var reasons = await ChurnReasonsOf.Load(db, Sql.Reasons, page.Items.Select(r => r.Id).ToList(), ct);
            return page with
            {
                Items = page.Items.Select(r => r with
                {
                    Reasons = reasons.Codes(r.Id),
                    Negative = reasons.Negative(r.Id),
                    TenureDays = Tenure.Days(r.StartOn, r.EndedOn),
                }).ToList(),
            };
        }
    }
}

/// <summary>Company churn records (企業解約) in a period, inclusive, newest first.</summary>
public static class ListCompanyChurns
{
    public sealed record Query : ChurnPeriodQuery, IRequest<Paged<CompanyChurnRecord>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => Include(new ChurnPeriodValidator<Query>());
    }

    public static class Sql
    {
        private const string Where = " WHERE (@from IS NULL OR cc.churned_on >= @from) AND (@to IS NULL OR cc.churned_on <= @to)"
            + " AND (@companyId IS NULL OR cc.company_id = @companyId)";
        public const string Count = "SELECT COUNT(*) FROM company_churns cc" + Where;
        public const string Page = """
            SELECT cc.id, cc.company_id, c.name AS company_name, cc.term_signed_on AS signed_on, cc.churned_on, cc.note
            FROM company_churns cc JOIN companies c ON c.id = cc.company_id
            """ + Where + " ORDER BY cc.churned_on DESC, cc.id " + SqlDialect.Paging;
        public const string Reasons = "SELECT churn_id, reason_code FROM company_churn_reasons WHERE churn_id IN @ids";
    }

    public sealed class Handler(Db db) : IRequestHandler<Query, Paged<CompanyChurnRecord>>
    {
        public async Task<Paged<CompanyChurnRecord>> Handle(Query q, CancellationToken ct)
        {
            var page = await db.PageAsync<CompanyChurnRecord>(q, Sql.Count, Sql.Page, new { from = q.From, to = q.To, companyId = q.CompanyId }, ct);
            var reasons = await ChurnReasonsOf.Load(db, Sql.Reasons, page.Items.Select(r => r.Id).ToList(), ct);
            return page with
            {
                Items = page.Items.Select(r => r with
                {
                    Reasons = reasons.Codes(r.Id),
                    Negative = reasons.Negative(r.Id),
                    TenureDays = Tenure.Days(r.SignedOn, r.ChurnedOn),
                }).ToList(),
            };
        }
    }
}
