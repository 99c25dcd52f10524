using Marketplace.Core.Features.Insights;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Web.Controllers;

/// <summary>Churn insights; every one also as CSV with ?format=csv (see <see cref="CsvOutputFormatter"/>).</summary>
[Route("api/insights"), Authorize(Policies.Read), FormatFilter]
public sealed class InsightsController : ApiController
{
    [EndpointSummary("Churn rates per month")]
    [HttpGet("churn-rates")]
    public Task<ChurnRates.Result> ChurnRates([FromQuery] ChurnRates.Query query, CancellationToken ct) => Mediator.Send(query, ct);

    [EndpointSummary("Churn reasons, overall and by tenure")]
    [HttpGet("reasons")]
    public Task<ChurnReasonInsight.Result> Reasons([FromQuery] ChurnReasonInsight.Query query, CancellationToken ct) => Mediator.Send(query, ct);

    [EndpointSummary("Tenure and survival until churn")]
    [HttpGet("tenure")]
    public Task<TenureInsight.Result> Tenure([FromQuery] TenureInsight.Query query, CancellationToken ct) => Mediator.Send(query, ct);

    [EndpointSummary("Load per CS owner")]
    [HttpGet("rep-load")]
    public Task<RepLoad.Result> RepLoad(CancellationToken ct) => Mediator.Send(new RepLoad.Query(), ct);

    [EndpointSummary("Agreement of assessed and computed stages")]
    [ProducesResponseType<StageAgreement.Result>(StatusCodes.Status200OK), ProducesResponseType(StatusCodes.Status503ServiceUnavailable)]
    [HttpGet("stage-agreement")]
    public Task<StageAgreement.Result> StageAgreement([FromQuery] StageAgreement.Query query, CancellationToken ct) => Mediator.Send(query, ct);

    [EndpointSummary("Revenue churn per month: MRR at the start of each month and the MRR of the companies that churned in it")]
    [HttpGet("revenue-churn")]
    public Task<RevenueChurn.Result> RevenueChurn([FromQuery] RevenueChurn.Query query, CancellationToken ct) => Mediator.Send(query, ct);

    [EndpointSummary("Companies at risk of churning")]
    [HttpGet("churn-risk")]
    public Task<ChurnRisk.Result> ChurnRisk([FromQuery] ChurnRisk.Query query, CancellationToken ct) => Mediator.Send(query, ct);
}
