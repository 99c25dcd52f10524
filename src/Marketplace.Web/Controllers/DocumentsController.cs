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
    [HttpGet("engagements/{id}/kickoff-checklist"), Authorize(Policies.Read)]
    public async Task<IActionResult> KickoffChecklist(Guid id, [FromQuery] string? format, [FromQuery] string? lang, CancellationToken ct) =>
        Document(await Mediator.Send(new KickoffChecklistDocument.Query(id, format, lang), ct));

    [HttpGet("companies/{id}/onboarding-guide"), Authorize(Policies.Read)]
    public async Task<IActionResult> OnboardingGuide(Guid id, [FromQuery] string? format, [FromQuery] string? lang, CancellationToken ct) =>
        Document(await Mediator.Send(new OnboardingGuideDocument.Query(id, format, lang), ct));

    [HttpGet("companies/{id}/usage-deck"), Authorize(Policies.Read)]
    public async Task<IActionResult> UsageDeck(Guid id, [FromQuery] string? format, [FromQuery] string? lang, CancellationToken ct) =>
        Document(await Mediator.Send(new UsageDeckDocument.Query(id, format, lang), ct));

    [HttpGet("templates"), Authorize(Policies.Read)]
    public Task<IReadOnlyList<TemplateSummaryDto>> Templates(CancellationToken ct) => Mediator.Send(new ListTemplates.Query(), ct);

    [HttpGet("templates/{name}"), Authorize(Policies.Read)]
    public async Task<TemplateDto> Template(string name, CancellationToken ct)
    {
        var template = await Mediator.Send(new GetTemplate.Query(name), ct);
        return WithETag(template, template.Version);
    }

    [HttpPut("templates/{name}"), Authorize(Policies.Admin)]
    public async Task<TemplateDto> SaveTemplate(string name, SaveTemplate.Command command, CancellationToken ct)
    {
        var template = await Mediator.Send(command with { Name = name, ExpectedVersion = IfMatch() }, ct);
        return WithETag(template, template.Version);
    }

    [HttpGet("templates/{name}/versions"), Authorize(Policies.Read)]
    public Task<IReadOnlyList<TemplateVersionDto>> Versions(string name, CancellationToken ct) => Mediator.Send(new ListTemplateVersions.Query(name), ct);

    [HttpPost("templates/{name}/versions/{version}/restore"), Authorize(Policies.Admin)]
    public async Task<TemplateDto> Restore(string name, long version, CancellationToken ct)
    {
        var template = await Mediator.Send(new RestoreTemplateVersion.Command(name, version), ct);
        return WithETag(template, template.Version);
    }

    [HttpPost("templates/{name}/preview"), Authorize(Policies.Admin)]
    public async Task<IActionResult> Preview(string name, [FromQuery] Guid? companyId, [FromQuery] Guid? engagementId,
        [FromBody] PreviewTemplate.Command? command, CancellationToken ct) =>
        Document(await Mediator.Send((command ?? new PreviewTemplate.Command()) with { Name = name, CompanyId = companyId, EngagementId = engagementId }, ct));

    private IActionResult Document(RenderedDocument document) => this.Rendered(document);
}
