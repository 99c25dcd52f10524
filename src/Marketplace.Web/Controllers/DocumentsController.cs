using Marketplace.Core.Documents;
using Marketplace.Core.Features.Documents;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Web.Controllers;

/// <summary>Documents generated from templates: read by every member; the templates themselves are the admin's.</summary>
[Route("api")]
public sealed class DocumentsController : ApiController
{
    [EndpointSummary("Render an engagement's kickoff checklist")]
    [RendersDocument("html", "md"), ProducesResponseType(StatusCodes.Status422UnprocessableEntity)]
    [HttpGet("engagements/{id}/kickoff-checklist"), Authorize(Policies.Read)]
    public async Task<IActionResult> KickoffChecklist(Guid id, [FromQuery] string? format, [FromQuery] string? lang, CancellationToken ct) =>
        Document(await Mediator.Send(new KickoffChecklistDocument.Query(id, format, lang), ct));

    [EndpointSummary("Render a company's onboarding guide")]
    [RendersDocument("html", "md"), ProducesResponseType(StatusCodes.Status422UnprocessableEntity)]
    [HttpGet("companies/{id}/onboarding-guide"), Authorize(Policies.Read)]
    public async Task<IActionResult> OnboardingGuide(Guid id, [FromQuery] string? format, [FromQuery] string? lang, CancellationToken ct) =>
        Document(await Mediator.Send(new OnboardingGuideDocument.Query(id, format, lang), ct));

    [EndpointSummary("Render a company's usage-guide deck")]
    [RendersDocument("html", "pdf", "pptx"), ProducesResponseType(StatusCodes.Status422UnprocessableEntity), ProducesResponseType(StatusCodes.Status503ServiceUnavailable)]
    [HttpGet("companies/{id}/usage-deck"), Authorize(Policies.Read)]
    public async Task<IActionResult> UsageDeck(Guid id, [FromQuery] string? format, [FromQuery] string? lang, [FromQuery] bool? allJobTypes, CancellationToken ct) =>
        Document(await Mediator.Send(new UsageDeckDocument.Query(id, format, lang, allJobTypes ?? false), ct));

    [EndpointSummary("Render a company's review report for a period")]
    [RendersDocument("html", "pdf", "pptx"), ProducesResponseType(StatusCodes.Status422UnprocessableEntity), ProducesResponseType(StatusCodes.Status503ServiceUnavailable)]
    [HttpGet("companies/{id}/review-report"), Authorize(Policies.Read)]
    public async Task<IActionResult> ReviewReport(Guid id, [FromQuery] DateOnly? from, [FromQuery] DateOnly? to, [FromQuery] string? format, [FromQuery] string? lang, CancellationToken ct) =>
        Document(await Mediator.Send(new ReviewReportDocument.Query(id, from, to, format, lang), ct));

    [EndpointSummary("List the document templates")]
    [HttpGet("templates"), Authorize(Policies.Read)]
    public Task<IReadOnlyList<TemplateSummaryDto>> Templates(CancellationToken ct) => Mediator.Send(new ListTemplates.Query(), ct);

    [EndpointSummary("Get a template with its content")]
    [HttpGet("templates/{name}"), Authorize(Policies.Read)]
    public async Task<TemplateDto> Template(string name, CancellationToken ct)
    {
        var template = await Mediator.Send(new GetTemplate.Query(name), ct);
        return WithETag(template, template.Version);
    }

    [EndpointSummary("Save a new version of a template")]
    [ProducesResponseType<TemplateDto>(StatusCodes.Status200OK), ProducesResponseType(StatusCodes.Status422UnprocessableEntity), ProducesResponseType(StatusCodes.Status428PreconditionRequired)]
    [HttpPut("templates/{name}"), Authorize(Policies.Admin)]
    public async Task<TemplateDto> SaveTemplate(string name, SaveTemplate.Command command, CancellationToken ct)
    {
        var template = await Mediator.Send(command with { Name = name, ExpectedVersion = IfMatch() }, ct);
        return WithETag(template, template.Version);
    }

    [EndpointSummary("List a template's versions")]
    [HttpGet("templates/{name}/versions"), Authorize(Policies.Read)]
    public Task<IReadOnlyList<TemplateVersionDto>> Versions(string name, CancellationToken ct) => Mediator.Send(new ListTemplateVersions.Query(name), ct);

    [EndpointSummary("Restore an earlier version of a template")]
    [ProducesResponseType<TemplateDto>(StatusCodes.Status200OK), ProducesResponseType(StatusCodes.Status422UnprocessableEntity)]
    [HttpPost("templates/{name}/versions/{version}/restore"), Authorize(Policies.Admin)]
    public async Task<TemplateDto> Restore(string name, long version, CancellationToken ct)
    {
        var template = await Mediator.Send(new RestoreTemplateVersion.Command(name, version), ct);
        return WithETag(template, template.Version);
    }

    [EndpointSummary("Preview a template for a company")]
    [RendersDocument("html", "md"), ProducesResponseType(StatusCodes.Status422UnprocessableEntity)]
    [HttpPost("templates/{name}/preview"), Authorize(Policies.Admin)]
    public async Task<IActionResult> Preview(string name, [FromQuery] Guid? companyId, [FromQuery] Guid? engagementId,
        [FromBody] PreviewTemplate.Command? command, CancellationToken ct) =>
        Document(await Mediator.Send((command ?? new PreviewTemplate.Command()) with { Name = name, CompanyId = companyId, EngagementId = engagementId }, ct));

    private IActionResult Document(RenderedDocument document) => this.Rendered(document);
}
