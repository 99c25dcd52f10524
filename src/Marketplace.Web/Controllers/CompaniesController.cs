using Marketplace.Core.Features;
using Marketplace.Core.Features.Companies;
using Marketplace.Core.Features.Notes;
using Marketplace.Core.Features.Timeline;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Marketplace.Core.Shared;

namespace Marketplace.Web.Controllers;

[Route("api")]
public sealed class CompaniesController : ApiController
{
    [EndpointSummary("Create a company")]
    [ProducesResponseType<CompanyDto>(StatusCodes.Status201Created)]
    [HttpPost("companies"), Authorize(Policies.CustomerSuccess)]
    public async Task<ActionResult<CompanyDto>> Create(CreateCompany.Command command, CancellationToken ct)
    {
        var company = await Mediator.Send(command, ct);
        return Created($"/api/companies/{company.Id}", WithETag(company, company.Version));
    }

    [EndpointSummary("List companies")]
    [HttpGet("companies"), Authorize(Policies.Read)]
    public Task<Paged<CompanyDto>> List([FromQuery] ListCompanies.Query query, CancellationToken ct) => Mediator.Send(query, ct);

    [EndpointSummary("Get a company")]
    [HttpGet("companies/{id}"), Authorize(Policies.Read)]
    public async Task<CompanyDto> Get(Guid id, [FromQuery] DateOnly? asOf, CancellationToken ct)
    {
        var company = await Mediator.Send(new GetCompany.Query(id) { AsOf = asOf }, ct);
        return WithETag(company, company.Version);
    }

    [EndpointSummary("Update a company's details")]
    [ProducesResponseType<CompanyDto>(StatusCodes.Status200OK), ProducesResponseType(StatusCodes.Status428PreconditionRequired)]
    [HttpPut("companies/{id}"), Authorize(Policies.CustomerSuccess)]
    public async Task<CompanyDto> Update(Guid id, UpdateCompany.Command command, CancellationToken ct)
    {
        var company = await Mediator.Send(command with { Id = id, ExpectedVersion = IfMatch() }, ct);
        return WithETag(company, company.Version);
    }

    [EndpointSummary("Set a company's assessment")]
    [HttpPut("companies/{id}/assessment"), Authorize(Policies.CustomerSuccess)]
    public async Task<CompanyDto> Assess(Guid id, SetAssessment.Command command, CancellationToken ct)
    {
        var company = await Mediator.Send(command with { CompanyId = id, ExpectedVersion = IfMatch() }, ct);
        return WithETag(company, company.Version);
    }

    [EndpointSummary("Record that a company churned")]
    [ProducesResponseType<ChurnCompany.Result>(StatusCodes.Status201Created)]
    [HttpPost("companies/{id}/churn"), Authorize(Policies.CustomerSuccess)]
    public async Task<ActionResult<ChurnCompany.Result>> Churn(Guid id, ChurnCompany.Command command, CancellationToken ct)
    {
        var churn = await Mediator.Send(command with { CompanyId = id }, ct);
        return Created($"/api/churn/companies?from={churn.ChurnedOn:yyyy-MM-dd}&to={churn.ChurnedOn:yyyy-MM-dd}", churn);
    }

    [EndpointSummary("Reactivate a churned company")]
    [HttpPost("companies/{id}/reactivate"), Authorize(Policies.CustomerSuccess)]
    public async Task<CompanyDto> Reactivate(Guid id, ReactivateCompany.Command command, CancellationToken ct)
    {
        var company = await Mediator.Send(command with { CompanyId = id }, ct);
        return WithETag(company, company.Version);
    }

    [EndpointSummary("Record a satisfaction survey")]
    [ProducesResponseType<RecordSatisfaction.Result>(StatusCodes.Status201Created)]
    [HttpPost("companies/{id}/satisfaction"), Authorize(Policies.CustomerSuccess)]
    public async Task<ActionResult<RecordSatisfaction.Result>> Satisfaction(Guid id, RecordSatisfaction.Command command, CancellationToken ct)
    {
        var survey = await Mediator.Send(command with { CompanyId = id }, ct);
        return Created($"/api/companies/{id}", survey);
    }

    [EndpointSummary("Toss an expansion lead to sales")]
    [ProducesResponseType<ExpansionLeadDto>(StatusCodes.Status201Created)]
    [HttpPost("companies/{id}/expansion-leads"), Authorize(Policies.CustomerSuccess)]
    public async Task<ActionResult<ExpansionLeadDto>> TossLead(Guid id, TossExpansionLead.Command command, CancellationToken ct)
    {
        var lead = await Mediator.Send(command with { CompanyId = id }, ct);
        return Created($"/api/expansion-leads?companyId={id}", lead);
    }

    [EndpointSummary("List expansion leads")]
    [HttpGet("expansion-leads"), Authorize(Policies.Read)]
    public Task<Paged<ExpansionLeadDto>> Leads([FromQuery] ListExpansionLeads.Query query, CancellationToken ct) => Mediator.Send(query, ct);

    [EndpointSummary("Set an expansion lead's outcome")]
    [HttpPost("expansion-leads/{id}/outcome"), Authorize(Policies.LeadOutcomes)]
    public Task<ExpansionLeadDto> LeadOutcome(Guid id, SetExpansionLeadOutcome.Command command, CancellationToken ct) =>
        Mediator.Send(command with { Id = id }, ct);

    [EndpointSummary("Write a note of a call or meeting with a company")]
    [ProducesResponseType<NoteDto>(StatusCodes.Status201Created)]
    [HttpPost("companies/{id}/notes"), Authorize(Policies.CustomerSuccess)]
    public async Task<ActionResult<NoteDto>> WriteNote(Guid id, WriteNote.Command command, CancellationToken ct)
    {
        var note = await Mediator.Send(command with { CompanyId = id, WorkerId = null }, ct);
        return Created($"/api/companies/{id}/timeline", note);
    }

    [EndpointSummary("A company's timeline, newest first")]
    [HttpGet("companies/{id}/timeline"), Authorize(Policies.Read)]
    public async Task<IReadOnlyList<TimelineItem>> Timeline(Guid id, [FromQuery] int page = 1, [FromQuery] int pageSize = 50, CancellationToken ct = default) =>
        TimelineText.Items(await Mediator.Send(new GetCompanyTimeline.Query(id) { Page = page, PageSize = pageSize }, ct), Text);
}
