using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Facts;
using Marketplace.Core.Pipeline;
using MediatR;
using Marketplace.Core.Shared;

namespace Marketplace.Core.Features.Companies;

/// <summary>
/// A company; with asOf, its stage as it stood on that day (docs/domain.md, "Stage"): computed from the facts recorded up
/// to then (<see cref="LandmarkStageFacts.Sql.FactsOfCompanyOn"/>) and the signing day of the term active then.
/// </summary>
public static class GetCompany
{
    public sealed record Query(Guid Id) : IRequest<CompanyDto>
    {
        public DateOnly? AsOf { get; init; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.AsOf).BusinessDate();
    }

    public static class Sql
    {
        /// <summary>The signing day of the company's term active on @asOf: a churned one, or the open one.</summary>
        public const string TermSignedOn = """
            SELECT cc.term_signed_on FROM company_churns cc
            WHERE cc.company_id = @companyId AND cc.term_signed_on <= @asOf AND cc.churned_on > @asOf
            UNION ALL
            SELECT c.signed_on FROM companies c WHERE c.id = @companyId AND c.status = 'active' AND c.signed_on <= @asOf
            """;
    }

    public sealed class Handler(CompanyView view, Db db, StageRules rules, IClock clock) : IRequestHandler<Query, CompanyDto>
    {
        public async Task<CompanyDto> Handle(Query q, CancellationToken ct)
        {
            var company = await view.Get(q.Id, ct);
            if (q.AsOf is not { } asOf || asOf == clock.Today) return company;
            var args = new { companyId = q.Id, asOf, at = asOf };
            var facts = await db.QuerySingleOrDefaultAsync<CompanyStageFacts.Row>(LandmarkStageFacts.Sql.FactsOfCompanyOn, args, ct);
            var signedOn = (await db.QueryAsync<DateOnly>(Sql.TermSignedOn, args, ct)).DefaultIfEmpty(company.SignedOn).Max();
            return company with { Stage = ((facts ?? new CompanyStageFacts.Row()) with { SignedOn = signedOn }).StageOn(rules, asOf), StageAsOf = asOf };
        }
    }
}
