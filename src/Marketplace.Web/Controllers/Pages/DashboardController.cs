using Marketplace.Core.Features.Insights;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Web.Controllers.Pages;

public sealed record DashboardFilter(string? From, string? To, string? CompanyBy, string? EngagementBy);

public sealed record DashboardPage(
    DashboardFilter Filter,
    ChurnRates.Result CompanyRates,
    ChurnRates.Result EngagementRates,
    ChurnReasonInsight.Result Reasons,
    TenureInsight.Result Tenure,
    RepLoad.Result RepLoad,
    ChurnRisk.Result Risk);

/// <summary>The insights as charts, with the same filters and CSV as the API (sent through the same handlers).</summary>
[Route("dashboard"), Authorize(Policies.Read)]
public sealed class DashboardController : PageController
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] DashboardFilter filter, CancellationToken ct)
    {
        var page = await TryLoad(filter, ct) ?? await TryLoad(new DashboardFilter(null, null, null, null), ct);
        return View(page);
    }

    /// <summary>The dashboard's CSV downloads: the same queries, written by the one CSV formatter.</summary>
    [HttpGet("csv/{insight}")]
    public async Task<IActionResult> Csv(string insight, [FromQuery] DashboardFilter filter, CancellationToken ct)
    {
        object? result = insight switch
        {
            "company-churn-rates" => await Mediator.Send(Rates("company", filter.From, filter.To, filter.CompanyBy), ct),
            "engagement-churn-rates" => await Mediator.Send(Rates("engagement", filter.From, filter.To, filter.EngagementBy), ct),
            "reasons" => await Mediator.Send(new ChurnReasonInsight.Query { Kind = "engagement", From = NullIfBlank(filter.From), To = NullIfBlank(filter.To) }, ct),
            "tenure" => await Mediator.Send(new TenureInsight.Query { Kind = "engagement" }, ct),
            "rep-load" => await Mediator.Send(new RepLoad.Query(), ct),
            "churn-risk" => await Mediator.Send(new ChurnRisk.Query(), ct),
            _ => null,
        };
        if (result is null) return NotFound();
        Response.Headers.ContentDisposition = $"attachment; filename=\"{insight}.csv\"";
        return new ObjectResult(result) { ContentTypes = { CsvOutputFormatter.MediaType } };
    }

    private static ChurnRates.Query Rates(string kind, string? from, string? to, string? by) =>
        new() { Kind = kind, From = NullIfBlank(from), To = NullIfBlank(to), By = NullIfBlank(by) };

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private async Task<DashboardPage?> TryLoad(DashboardFilter filter, CancellationToken ct)
    {
        try
        {
            return new DashboardPage(filter,
                await Mediator.Send(Rates("company", filter.From, filter.To, filter.CompanyBy), ct),
                await Mediator.Send(Rates("engagement", filter.From, filter.To, filter.EngagementBy), ct),
                await Mediator.Send(new ChurnReasonInsight.Query { Kind = "engagement", From = NullIfBlank(filter.From), To = NullIfBlank(filter.To) }, ct),
                await Mediator.Send(new TenureInsight.Query { Kind = "engagement" }, ct),
                await Mediator.Send(new RepLoad.Query(), ct),
                await Mediator.Send(new ChurnRisk.Query(), ct));
        }
        catch (FluentValidation.ValidationException e)
        {
            foreach (var error in e.Errors)
                ModelState.AddModelError(Problems.FieldName(error.PropertyName), error.ErrorMessage);
            ViewData[FormError] = "絞り込み条件を確認してください。既定の期間で表示しています。 Check the filters; showing the default period.";
            return null;
        }
    }
}
