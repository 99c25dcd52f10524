using Marketplace.Core.Features;
using Marketplace.Core.Features.Churn;
using Marketplace.Core.Features.Companies;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Marketplace.Core.Shared;

namespace Marketplace.Web.Controllers;

[Route("api")]
public sealed class ChurnController : ApiController
{
    [EndpointSummary("List the churn reasons")]
    [HttpGet("churn-reasons"), Authorize(Policies.Read)]
    public Task<IReadOnlyList<ListChurnReasons.Item>> Reasons(CancellationToken ct) => Mediator.Send(new ListChurnReasons.Query(), ct);

    [EndpointSummary("List engagement churns")]
    [HttpGet("churn/engagements"), Authorize(Policies.Read)]
    public Task<Paged<EngagementChurnRecord>> Engagements([FromQuery] ListEngagementChurns.Query query, CancellationToken ct) => Mediator.Send(query, ct);

    [EndpointSummary("List company churns")]
    [HttpGet("churn/companies"), Authorize(Policies.Read)]
    public Task<Paged<CompanyChurnRecord>> Companies([FromQuery] ListCompanyChurns.Query query, CancellationToken ct) => Mediator.Send(query, ct);

    [EndpointSummary("Correct a company churn record")]
    [HttpPut("company-churns/{id}"), Authorize(Policies.CustomerSuccess)]
    public Task<CompanyChurnRecord> CorrectCompanyChurn(Guid id, CorrectCompanyChurn.Command command, CancellationToken ct) =>
        Mediator.Send(command with { ChurnId = id }, ct);
}
