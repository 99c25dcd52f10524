using Marketplace.Core.Features.Insights;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Web.Controllers.Pages;

public sealed record DashboardFilter(string? From, string? To, string? CompanyBy, string? EngagementBy)
{
    /// <summary>The queries behind the dashboard, built once for the page and its CSV downloads.</summary>
    public ChurnRates.Query CompanyRates() => Rates("company", CompanyBy);
    public ChurnRates.Query EngagementRates() => Rates("engagement", EngagementBy);
    public ChurnReasonInsight.Query Reasons() => new() { Kind = "engagement", From = NullIfBlank(From), To = NullIfBlank(To) };
    public static TenureInsight.Query Tenure() => new() { Kind = "engagement" };

    private ChurnRates.Query Rates(string kind, string? by) =>
        new() { Kind = kind, From = NullIfBlank(From), To = NullIfBlank(To), By = NullIfBlank(by) };

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}

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
            "company-churn-rates" => await Mediator.Send(filter.CompanyRates(), ct),
            "engagement-churn-rates" => await Mediator.Send(filter.EngagementRates(), ct),
            "reasons" => await Mediator.Send(filter.Reasons(), ct),
            "tenure" => await Mediator.Send(DashboardFilter.Tenure(), ct),
            "rep-load" => await Mediator.Send(new RepLoad.Query(), ct),
            "churn-risk" => await Mediator.Send(new ChurnRisk.Query(), ct),
            _ => null,
        };
        if (result is null) return NotFound();
        Response.Headers.ContentDisposition = $"attachment; filename=\"{insight}.csv\"";
        return new ObjectResult(result) { ContentTypes = { CsvOutputFormatter.MediaType } };
    }

    private async Task<DashboardPage?> TryLoad(DashboardFilter filter, CancellationToken ct)
    {
        try
        {
            return new DashboardPage(filter,
                await Mediator.Send(filter.CompanyRates(), ct),
                await Mediator.Send(filter.EngagementRates(), ct),
                await Mediator.Send(filter.Reasons(), ct),
                await Mediator.Send(DashboardFilter.Tenure(), ct),
                await Mediator.Send(new RepLoad.Query(), ct),
                await Mediator.Send(new ChurnRisk.Query(), ct));
        }
        catch (FluentValidation.ValidationException e)
        {
            Refused(e, "絞り込み条件を確認してください。既定の期間で表示しています。 Check the filters; showing the default period.");
            return null;
        }
    }
}
