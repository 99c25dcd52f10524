using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Companies;

public sealed record ExpansionLeadDto
{
    public Guid Id { get; init; }
    public Guid CompanyId { get; init; }
    public string CompanyName { get; init; } = "";
    public DateOnly TossedOn { get; init; }
    public string Description { get; init; } = "";
    public string Status { get; init; } = "";
    public Guid? TossedBy { get; init; }
    public Guid? EngagementId { get; init; }
}

internal static class ExpansionLeadSql
{
    public const string Select = """
        SELECT l.id, l.company_id, c.name AS company_name, l.tossed_on, l.description, l.status, l.tossed_by, l.engagement_id
        FROM expansion_leads l JOIN companies c ON c.id = l.company_id
        """;
}

/// <summary>CS tosses a lead for an additional engagement (追加案件トス) to Sales.</summary>
public static class TossExpansionLead
{
    public sealed record Command : ICommand<ExpansionLeadDto>
    {
        [JsonIgnore] public Guid CompanyId { get; init; }
        public DateOnly? TossedOn { get; init; }
        public string? Description { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.TossedOn).Required().BusinessDate();
            RuleFor(c => c.Description).Text(4000);
        }
    }

    public static class Sql
    {
        public const string CompanyStatus = "SELECT status FROM companies WHERE id = @id";
        public const string Insert = """
            INSERT INTO expansion_leads (id, company_id, tossed_on, description, status, tossed_by, created_at, updated_at, version)
            VALUES (@id, @companyId, @tossedOn, @description, 'open', @by, @at, @at, 1)
            """;
        public const string ById = ExpansionLeadSql.Select + " WHERE l.id = @id";
    }

    public sealed class Handler(Db db, Audit audit, IActorAccessor actor, IClock clock, Events.DomainEvents events) : IRequestHandler<Command, ExpansionLeadDto>
    {
        public async Task<ExpansionLeadDto> Handle(Command c, CancellationToken ct)
        {
            var status = await db.QuerySingleOrDefaultAsync<string>(Sql.CompanyStatus, new { id = c.CompanyId }, ct)
                ?? throw new NotFoundException("company", c.CompanyId);
            if (status != Wire.Name(CompanyStatus.Active))
                throw new ConflictException("Expansion leads can only be tossed for an active company.", code: ConflictCodes.CompanyNotActive);
            var id = Guid.NewGuid();
            await db.ExecuteAsync(Sql.Insert, new { id, companyId = c.CompanyId, tossedOn = c.TossedOn!.Value, description = c.Description!.Trim(), by = actor.Current.MemberId, at = clock.UtcNow }, ct);
            await audit.Write("create", "expansion_lead", id, $"lead for company {c.CompanyId} tossed on {c.TossedOn:yyyy-MM-dd}", ct);
            events.Raise(new Events.ExpansionLeadTossed(c.CompanyId, id, c.TossedOn!.Value));
            return (await db.QuerySingleOrDefaultAsync<ExpansionLeadDto>(Sql.ById, new { id }, ct))!;
        }
    }
}

/// <summary>Sales records what became of a lead: converted (into an engagement) or lost.</summary>
public static class SetExpansionLeadOutcome
{
    public sealed record Command : ICommand<ExpansionLeadDto>
    {
        [JsonIgnore] public Guid Id { get; init; }
        public LeadStatus? Status { get; init; }
        public Guid? EngagementId { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Status).Required();
            RuleFor(c => c.EngagementId).Null().When(c => c.Status != LeadStatus.Converted)
                .WithMessageKey(ValidationMessages.EngagementOnlyWhenConverted);
        }
    }

    public static class Sql
    {
        public const string Lead = "SELECT company_id AS CompanyId, version AS Version FROM expansion_leads WHERE id = @id";
        public const string EngagementCompany = "SELECT company_id FROM engagements WHERE id = @id";
        public const string Update = """
            UPDATE expansion_leads SET status = @status, engagement_id = @engagementId, updated_at = @at, version = version + 1
            WHERE id = @id AND version = @version
            """;
    }

    private sealed record LeadRow
    {
        public Guid CompanyId { get; init; }
        public long Version { get; init; }
    }

    public sealed class Handler(Db db, Audit audit, IClock clock) : IRequestHandler<Command, ExpansionLeadDto>
    {
        public async Task<ExpansionLeadDto> Handle(Command c, CancellationToken ct)
        {
            var lead = await db.QuerySingleOrDefaultAsync<LeadRow>(Sql.Lead, new { id = c.Id }, ct) ?? throw new NotFoundException("expansion lead", c.Id);
            if (c.EngagementId is { } engagementId)
            {
                var company = await db.QuerySingleOrDefaultAsync<Guid?>(Sql.EngagementCompany, new { id = engagementId }, ct);
                if (company is null) throw Invalid.Because("engagementId", ValidationMessages.UnknownEngagement, ("Id", engagementId));
                if (company != lead.CompanyId) throw Invalid.Because("engagementId", ValidationMessages.OtherCompanysEngagement);
            }
            var status = Wire.Name(c.Status!.Value);
            if (await db.ExecuteAsync(Sql.Update, new { id = c.Id, version = lead.Version, status, engagementId = c.EngagementId, at = clock.UtcNow }, ct) == 0)
                throw ConflictException.Stale("The lead was changed by someone else meanwhile. Reload and try again.");
            await audit.Write("status_change", "expansion_lead", c.Id, $"lead is now {status}", ct);
            return (await db.QuerySingleOrDefaultAsync<ExpansionLeadDto>(TossExpansionLead.Sql.ById, new { id = c.Id }, ct))!;
        }
    }
}

public static class ListExpansionLeads
{
    public sealed record Query : PagedQuery, IRequest<Paged<ExpansionLeadDto>>
    {
        public string? Status { get; init; }
        public Guid? CompanyId { get; init; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            this.AddPagingRules();
            RuleFor(q => q.Status).OneOf<Query, LeadStatus>();
        }
    }

    public static class Sql
    {
        private const string Where = " WHERE (@status IS NULL OR l.status = @status) AND (@companyId IS NULL OR l.company_id = @companyId)";
        public const string Count = "SELECT COUNT(*) FROM expansion_leads l" + Where;
        public const string Page = ExpansionLeadSql.Select + Where + " ORDER BY l.tossed_on DESC, l.id " + SqlDialect.Paging;
    }

    public sealed class Handler(Db db) : IRequestHandler<Query, Paged<ExpansionLeadDto>>
    {
        public async Task<Paged<ExpansionLeadDto>> Handle(Query q, CancellationToken ct)
        {
            return await db.PageAsync<ExpansionLeadDto>(q, Sql.Count, Sql.Page, new { status = q.Status, companyId = q.CompanyId }, ct);
        }
    }
}
