using Marketplace.Core.Features;
using Marketplace.Core.Features.Churn;
using Marketplace.Core.Features.Companies;
using Marketplace.Core.Features.Engagements;
using Marketplace.Core.Features.Members;
using Marketplace.Core.Features.Notes;
using Marketplace.Core.Features.Timeline;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Marketplace.Core.Shared;

namespace Marketplace.Web.Controllers.Pages;

public sealed record CompanyList(ListCompanies.Query Filter, Paged<CompanyDto> Page,
    IReadOnlyList<MemberDto> CsMembers, IReadOnlyDictionary<Guid, IReadOnlyList<string>> Risk)
{
    public const int PageSize = 50;

    public IReadOnlyList<CompanyDto> Companies => Page.Items;
    public int Total => Page.Total;

    /// <summary>The list with the same filters, on another page or in another order (which starts again at the first page).</summary>
    public string Link(int page, string? sort)
    {
        var query = new Dictionary<string, string?>
        {
            ["q"] = Filter.Q, ["status"] = Filter.Status, ["stage"] = Filter.Stage, ["csOwnerId"] = Filter.CsOwnerId?.ToString(),
            ["sort"] = sort, ["page"] = page > 1 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/companies", query.Where(q => !string.IsNullOrEmpty(q.Value)));
    }

    /// <summary>The direction the list is sorted by this key in, if it is.</summary>
    public string? AriaSort(string key) =>
        SortOrders.KeyOf(Filter.Sort ?? ListCompanies.Sql.Orders.Default) != key ? null
        : SortOrders.IsDescending(Filter.Sort) ? "descending" : "ascending";

    /// <summary>
    /// The header's link: the other direction when the list is sorted by this key already, else the key's first
    /// direction (names from A, counts and dates from the largest and latest).
    /// </summary>
    public string SortLink(string key, bool descendingFirst = false)
    {
        var descending = AriaSort(key) switch { "ascending" => true, "descending" => false, _ => descendingFirst };
        var sort = descending ? "-" + key : key;
        return Link(1, sort == ListCompanies.Sql.Orders.Default ? null : sort);
    }
}

public sealed record CompanyPage(
    CompanyDto Company,
    IReadOnlyList<EngagementDto> Engagements,
    IReadOnlyList<RecordSatisfaction.Result> Satisfaction,
    IReadOnlyList<ExpansionLeadDto> Leads,
    IReadOnlyList<CompanyChurnRecord> Churns,
    IReadOnlyList<EngagementChurnRecord> EngagementEnds,
    IReadOnlyList<ListChurnReasons.Item> Reasons,
    IReadOnlyList<string> RiskSignals,
    Paged<TimelineEntry> Timeline);

/// <summary>The company form, empty to register one or filled with the company (and its version) to edit it.</summary>
public sealed record CompanyForm(CompanyDto? Company, IReadOnlyList<MemberDto> CsMembers);

[Route("companies")]
public sealed class CompaniesPageController : PageController
{
    [HttpGet(""), Authorize(Policies.Read)]
    public async Task<IActionResult> List([FromQuery] string? status, [FromQuery] string? stage, [FromQuery] Guid? csOwnerId, [FromQuery] string? q,
        [FromQuery] string? sort, [FromQuery] int page = 1, CancellationToken ct = default)
    {
        var filter = new ListCompanies.Query
        {
            Status = string.IsNullOrEmpty(status) ? null : status,
            Stage = string.IsNullOrEmpty(stage) ? null : stage,
            CsOwnerId = csOwnerId,
            Q = q,
            Sort = string.IsNullOrEmpty(sort) ? null : sort,
            Page = page,
            PageSize = CompanyList.PageSize,
        };
        // A filter the list refuses is shown at its field, above every company by name.
        var companies = await TryRead(filter, ct) ?? await Mediator.Send(filter = new ListCompanies.Query { PageSize = CompanyList.PageSize }, ct);
        var cs = await Mediator.Send(new ListMembers.Query { Team = "cs", PageSize = PagedQuery.MaxPageSize }, ct);
        var risk = (await Mediator.Send(new Core.Features.Insights.ChurnRisk.Query(), ct)).Companies.ToDictionary(c => c.CompanyId, c => c.Signals);
        return View(new CompanyList(filter, companies, cs.Items, risk));
    }

    [HttpGet("new"), Authorize(Policies.CustomerSuccess)]
    public async Task<IActionResult> New(CancellationToken ct) => View("Edit", await LoadForm(null, ct));

    [HttpPost("new"), Authorize(Policies.CustomerSuccess)]
    public async Task<IActionResult> Create([FromForm] CreateCompany.Command command, CancellationToken ct)
    {
        if (BoundCleanly("company") && await TrySend(command with { Purposes = command.Purposes ?? [] }, ct, "company") is { Ok: true, Value: { } created })
            return Redirect($"/companies/{created.Id}");
        return View("Edit", await LoadForm(null, ct));
    }

    [HttpGet("{id:guid}"), Authorize(Policies.Read)]
    public async Task<IActionResult> Show(Guid id, [FromQuery] int timelinePage = 1, CancellationToken ct = default) =>
        View("Show", await Load(id, ct, timelinePage));

    [HttpGet("{id:guid}/edit"), Authorize(Policies.CustomerSuccess)]
    public async Task<IActionResult> Edit(Guid id, CancellationToken ct) => View("Edit", await LoadForm(id, ct));

    /// <summary>The form carries the version it was read at, as the API's If-Match: someone else's save in between is a conflict.</summary>
    [HttpPost("{id:guid}/edit"), Authorize(Policies.CustomerSuccess)]
    public Task<IActionResult> Update(Guid id, [FromForm] UpdateCompany.Command command, [FromForm] long? version, CancellationToken ct) =>
        Submit(command with { Id = id, ExpectedVersion = version, Purposes = command.Purposes ?? [] }, "company", $"/companies/{id}", "Edit", () => LoadForm(id, ct), ct);

    [HttpPost("{id:guid}/assessment"), Authorize(Policies.CustomerSuccess)]
    public Task<IActionResult> Assess(Guid id, [FromForm] SetAssessment.Command command, [FromForm] long? version, CancellationToken ct) =>
        Submit(command with { CompanyId = id, ExpectedVersion = version }, "assessment", $"/companies/{id}#assessment", "Show", () => Load(id, ct), ct);

    [HttpPost("{id:guid}/reactivate"), Authorize(Policies.CustomerSuccess)]
    public Task<IActionResult> Reactivate(Guid id, [FromForm] ReactivateCompany.Command command, CancellationToken ct) =>
        Submit(command with { CompanyId = id }, "reactivate", $"/companies/{id}", "Show", () => Load(id, ct), ct);

    [HttpPost("{id:guid}/churns/{churnId:guid}/correction"), Authorize(Policies.CustomerSuccess)]
    public Task<IActionResult> CorrectChurn(Guid id, Guid churnId, [FromForm] CorrectCompanyChurn.Command command, CancellationToken ct) =>
        Submit(command with { ChurnId = churnId }, $"correct-churn-{churnId}", $"/companies/{id}#correct-churn-{churnId}", "Show", () => Load(id, ct), ct);

    /// <summary>The company churn form: it lists the engagements that would end with the company before anything is recorded.</summary>
    [HttpGet("{id:guid}/churn"), Authorize(Policies.CustomerSuccess)]
    public async Task<IActionResult> Churn(Guid id, CancellationToken ct) => View("Churn", await Load(id, ct));

    [HttpPost("{id:guid}/churn"), Authorize(Policies.CustomerSuccess)]
    public Task<IActionResult> Churn(Guid id, [FromForm] ChurnCompany.Command command, CancellationToken ct) =>
        Submit(command with { CompanyId = id }, "churn", $"/companies/{id}", "Churn", () => Load(id, ct), ct);

    [HttpPost("{id:guid}/satisfaction"), Authorize(Policies.CustomerSuccess)]
    public Task<IActionResult> Satisfaction(Guid id, [FromForm] RecordSatisfaction.Command command, CancellationToken ct) =>
        Submit(command with { CompanyId = id }, "satisfaction", $"/companies/{id}", "Show", () => Load(id, ct), ct);

    /// <summary>Allowed on a churned company too (an exit call is worth keeping): see WriteNote.</summary>
    [HttpPost("{id:guid}/notes"), Authorize(Policies.CustomerSuccess)]
    public Task<IActionResult> WriteNote(Guid id, [FromForm] WriteNote.Command command, CancellationToken ct) =>
        Submit(command with { CompanyId = id, WorkerId = null }, TimelinePages.NoteForm, $"/companies/{id}#timeline", "Show", () => Load(id, ct), ct);

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

    /// <summary>
    /// The company page's document form: the document, format and language chosen (the report's period, every job
    /// type for the deck), shown in the page's preview frame, or saved when download is asked.
    /// </summary>
    [HttpGet("{id:guid}/documents/open"), Authorize(Policies.Read)]
    public async Task<IActionResult> OpenDocument(Guid id, [FromQuery] string? document, [FromQuery] string? format, [FromQuery] string? lang,
        [FromQuery] DateOnly? from, [FromQuery] DateOnly? to, [FromQuery] bool? allJobTypes, [FromQuery] bool? download, CancellationToken ct)
    {
        MediatR.IRequest<Core.Documents.RenderedDocument> query = document switch
        {
            Core.Documents.DocumentModel.OnboardingGuide => new Core.Features.Documents.OnboardingGuideDocument.Query(id, format, lang),
            Core.Documents.DocumentModel.ReviewReport => new Core.Features.Documents.ReviewReportDocument.Query(id, from, to, format, lang),
            _ => new Core.Features.Documents.UsageDeckDocument.Query(id, format, lang, allJobTypes ?? false),
        };
        var rendered = await Mediator.Send(query, ct);
        return this.Rendered(rendered with { Download = download ?? false });
    }

    private async Task<CompanyPage> Load(Guid id, CancellationToken ct, int timelinePage = 1)
    {
        var company = await Mediator.Send(new GetCompany.Query(id), ct);
        var engagements = await Mediator.Send(new ListEngagements.Query { CompanyId = id, PageSize = PagedQuery.MaxPageSize }, ct);
        var satisfaction = await Mediator.Send(new ListSatisfaction.Query(id), ct);
        var leads = await Mediator.Send(new ListExpansionLeads.Query { CompanyId = id, PageSize = PagedQuery.MaxPageSize }, ct);
        var churns = await Mediator.Send(new ListCompanyChurns.Query { CompanyId = id, PageSize = PagedQuery.MaxPageSize }, ct);
        var ends = await Mediator.Send(new ListEngagementChurns.Query { CompanyId = id, PageSize = PagedQuery.MaxPageSize }, ct);
        var reasons = await Mediator.Send(new ListChurnReasons.Query(), ct);
        var risk = (await Mediator.Send(new Core.Features.Insights.ChurnRisk.Query(), ct)).Companies.FirstOrDefault(r => r.CompanyId == id);
        var timeline = await Mediator.Send(new GetCompanyTimeline.Query(id) { Page = Math.Max(1, timelinePage), PageSize = TimelinePages.PageSize }, ct);
        return new CompanyPage(company, engagements.Items, satisfaction, leads.Items, churns.Items, ends.Items, reasons, risk?.Signals ?? [], timeline);
    }

    private async Task<CompanyForm> LoadForm(Guid? id, CancellationToken ct)
    {
        var company = id is { } known ? await Mediator.Send(new GetCompany.Query(known), ct) : null;
        var cs = await Mediator.Send(new ListMembers.Query { Team = "cs", PageSize = PagedQuery.MaxPageSize }, ct);
        return new CompanyForm(company, cs.Items);
    }
}
