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

    [EndpointSummary("Get a churn reason")]
    [HttpGet("churn-reasons/{code}"), Authorize(Policies.Read)]
    public async Task<ListChurnReasons.Item> Reason(string code, CancellationToken ct)
    {
        var reason = await Mediator.Send(new GetChurnReason.Query(code), ct);
        return WithETag(reason, reason.Version);
    }

    [EndpointSummary("Add a churn reason to the catalog")]
    [ProducesResponseType<ListChurnReasons.Item>(StatusCodes.Status201Created)]
    [HttpPost("churn-reasons"), Authorize(Policies.Admin)]
    public async Task<ActionResult<ListChurnReasons.Item>> AddReason(AddChurnReason.Command command, CancellationToken ct)
    {
        var reason = await Mediator.Send(command, ct);
        return Created($"/api/churn-reasons/{reason.Code}", WithETag(reason, reason.Version));
    }

    [EndpointSummary("Relabel a churn reason (Japanese and English)")]
    [ProducesResponseType<ListChurnReasons.Item>(StatusCodes.Status200OK), ProducesResponseType(StatusCodes.Status428PreconditionRequired)]
    [HttpPut("churn-reasons/{code}/labels"), Authorize(Policies.Admin)]
    public async Task<ListChurnReasons.Item> RelabelReason(string code, RelabelChurnReason.Command command, CancellationToken ct)
    {
        var reason = await Mediator.Send(command with { Code = code, ExpectedVersion = IfMatch() }, ct);
        return WithETag(reason, reason.Version);
    }

    [EndpointSummary("Mark a churn reason negative or not")]
    [ProducesResponseType<ListChurnReasons.Item>(StatusCodes.Status200OK), ProducesResponseType(StatusCodes.Status428PreconditionRequired)]
    [HttpPut("churn-reasons/{code}/negative"), Authorize(Policies.Admin)]
    public async Task<ListChurnReasons.Item> SetReasonNegative(string code, SetChurnReasonNegative.Command command, CancellationToken ct)
    {
        var reason = await Mediator.Send(command with { Code = code, ExpectedVersion = IfMatch() }, ct);
        return WithETag(reason, reason.Version);
    }

    [EndpointSummary("Retire a churn reason")]
    [HttpPost("churn-reasons/{code}/retire"), Authorize(Policies.Admin)]
    public async Task<ListChurnReasons.Item> RetireReason(string code, CancellationToken ct)
    {
        var reason = await Mediator.Send(new RetireChurnReason.Command { Code = code, ExpectedVersion = IfMatch() }, ct);
        return WithETag(reason, reason.Version);
    }

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
