using Marketplace.Core.Features.Imports;
using Marketplace.Core.Imports;
using Marketplace.Core.Pipeline;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Web.Controllers;

[Route("api/imports")]
public sealed class ImportsController : ApiController
{
    [EndpointSummary("Download an import template (Japanese headers, one example row)")]
    [Produces("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [HttpGet("templates/{kind}"), Authorize(Policies.Imports)]
    public async Task<FileContentResult> Template(string kind, [FromQuery] string? format, CancellationToken ct)
    {
        var template = await Mediator.Send(new GetImportTemplate.Query(kind, format), ct);
        return File(template.Content, template.ContentType, template.FileName);
    }

    [EndpointSummary("Import a sheet of companies, workers or engagement history (dryRun=true previews it)")]
    [ProducesResponseType<ImportReport>(StatusCodes.Status200OK), ProducesResponseType<ImportReport>(StatusCodes.Status422UnprocessableEntity)]
    [ProducesResponseType(StatusCodes.Status413PayloadTooLarge), ProducesResponseType(StatusCodes.Status403Forbidden)]
    [HttpPost("{kind}"), Authorize(Policies.Imports)]
    public async Task<ActionResult<ImportReport>> Import(string kind, IFormFile? file, [FromQuery] bool dryRun, [FromQuery] string? sheet, CancellationToken ct)
    {
        if (ImportKinds.All.Contains(kind) && !(await HttpContext.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(User, ImportUpload.PolicyOf(kind))).Succeeded)
            return Forbid();
        var report = await Mediator.Send(await ImportUpload.Command(kind, file, dryRun, sheet, ct), ct);
        report = ImportUpload.Explained(report, HttpContext.RequestServices.GetRequiredService<UiText>());
        return !report.DryRun && !report.Committed ? UnprocessableEntity(report) : Ok(report);
    }
}
