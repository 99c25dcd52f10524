using Marketplace.Core.Features;
using Marketplace.Core.Features.Churn;
using Marketplace.Core.Features.Companies;
using Marketplace.Core.Features.Engagements;
using Marketplace.Core.Features.Members;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Marketplace.Core.Shared;

namespace Marketplace.Web.Controllers.Pages;

public sealed record CompanyList(ListCompanies.Query Filter, IReadOnlyList<CompanyDto> Companies, int Total,
    IReadOnlyList<MemberDto> CsMembers, IReadOnlyDictionary<Guid, IReadOnlyList<string>> Risk);

public sealed record CompanyPage(
    CompanyDto Company,
    IReadOnlyList<EngagementDto> Engagements,
    IReadOnlyList<RecordSatisfaction.Result> Satisfaction,
    IReadOnlyList<ExpansionLeadDto> Leads,
    IReadOnlyList<CompanyChurnRecord> Churns,
    IReadOnlyList<EngagementChurnRecord> EngagementEnds,
    IReadOnlyList<ListChurnReasons.Item> Reasons);

[Route("companies")]
public sealed class CompaniesPageController : PageController
{
    [HttpGet(""), Authorize(Policies.Read)]
    public async Task<IActionResult> List([FromQuery] string? status, [FromQuery] string? stage, [FromQuery] Guid? csOwnerId, [FromQuery] string? q, CancellationToken ct)
    {
        var filter = new ListCompanies.Query
        {
            Status = string.IsNullOrEmpty(status) ? null : status,
            Stage = string.IsNullOrEmpty(stage) ? null : stage,
            CsOwnerId = csOwnerId,
            Q = q,
            PageSize = PagedQuery.MaxPageSize,
        };
        var page = await Mediator.Send(filter, ct);
        var cs = await Mediator.Send(new ListMembers.Query { Team = "cs", PageSize = PagedQuery.MaxPageSize }, ct);
        var risk = (await Mediator.Send(new Core.Features.Insights.ChurnRisk.Query(), ct)).Companies.ToDictionary(c => c.CompanyId, c => c.Signals);
        return View(new CompanyList(filter, page.Items, page.Total, cs.Items, risk));
    }

    [HttpGet("{id:guid}"), Authorize(Policies.Read)]
    public async Task<IActionResult> Show(Guid id, CancellationToken ct) => View("Show", await Load(id, ct));

    /// <summary>The company churn form: it lists the engagements that would end with the company before anything is recorded.</summary>
    [HttpGet("{id:guid}/churn"), Authorize(Policies.CustomerSuccess)]
    public async Task<IActionResult> Churn(Guid id, CancellationToken ct) => View("Churn", await Load(id, ct));

    [HttpPost("{id:guid}/churn"), Authorize(Policies.CustomerSuccess)]
    public Task<IActionResult> Churn(Guid id, [FromForm] ChurnCompany.Command command, CancellationToken ct) =>
        Submit(command with { CompanyId = id }, "churn", $"/companies/{id}", "Churn", () => Load(id, ct), ct);

    [HttpPost("{id:guid}/satisfaction"), Authorize(Policies.CustomerSuccess)]
    public Task<IActionResult> Satisfaction(Guid id, [FromForm] RecordSatisfaction.Command command, CancellationToken ct) =>
        Submit(command with { CompanyId = id }, "satisfaction", $"/companies/{id}", "Show", () => Load(id, ct), ct);

    [HttpPost("{id:guid}/expansion-leads"), Authorize(Policies.CustomerSuccess)]
    public Task<IActionResult> TossLead(Guid id, [FromForm] TossExpansionLead.Command command, CancellationToken ct) =>
        Submit(command with { CompanyId = id }, "lead", $"/companies/{id}", "Show", () => Load(id, ct), ct);

    /// <summary>The onboarding guide and usage deck for the signed-in member (the API takes keys only).</summary>
    [HttpGet("{id:guid}/documents/onboarding-guide"), Authorize(Policies.Read)]
    public async Task<IActionResult> OnboardingGuide(Guid id, [FromQuery] string? format, [FromQuery] string? lang, CancellationToken ct) =>
        this.Rendered(await Mediator.Send(new Core.Features.Documents.OnboardingGuideDocument.Query(id, format, lang), ct));

    [HttpGet("{id:guid}/documents/usage-deck"), Authorize(Policies.Read)]
    public async Task<IActionResult> UsageDeck(Guid id, [FromQuery] string? format, [FromQuery] string? lang, CancellationToken ct) =>
        this.Rendered(await Mediator.Send(new Core.Features.Documents.UsageDeckDocument.Query(id, format, lang), ct));

    private async Task<CompanyPage> Load(Guid id, CancellationToken ct)
    {
        var company = await Mediator.Send(new GetCompany.Query(id), ct);
        var engagements = await Mediator.Send(new ListEngagements.Query { CompanyId = id, PageSize = PagedQuery.MaxPageSize }, ct);
        var satisfaction = await Mediator.Send(new ListSatisfaction.Query(id), ct);
        var leads = await Mediator.Send(new ListExpansionLeads.Query { CompanyId = id, PageSize = PagedQuery.MaxPageSize }, ct);
        var churns = await Mediator.Send(new ListCompanyChurns.Query { CompanyId = id, PageSize = PagedQuery.MaxPageSize }, ct);
        var ends = await Mediator.Send(new ListEngagementChurns.Query { CompanyId = id, PageSize = PagedQuery.MaxPageSize }, ct);
        var reasons = await Mediator.Send(new ListChurnReasons.Query(), ct);
        return new CompanyPage(company, engagements.Items, satisfaction, leads.Items, churns.Items, ends.Items, reasons);
    }
}
