using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Documents;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;
using Marketplace.Core.Shared;

namespace Marketplace.Core.Features.Documents;

public sealed record TemplateSummaryDto
{
    public string Name { get; init; } = "";
    /// <summary>document or partial.</summary>
    public string Kind { get; init; } = "";
    public string? Document { get; init; }
    public string? Lang { get; init; }
    public string Format { get; init; } = "";
    /// <summary>0 is the default shipped with the app; each save or restore adds one.</summary>
    public long Version { get; init; }
    /// <summary>default or edited.</summary>
    public string Source { get; init; } = "";
    public DateTime? UpdatedAt { get; init; }
    public string? UpdatedBy { get; init; }

    public static TemplateSummaryDto From(TemplateSource source)
    {
        var info = TemplateInfo.Of(source.Name);
        return new TemplateSummaryDto
        {
            Name = source.Name,
            Kind = info.Kind,
            Document = info.Document,
            Lang = info.Lang,
            Format = info.Format,
            Version = source.Version,
            Source = source.IsDefault ? "default" : "edited",
            UpdatedAt = source.UpdatedAt,
            UpdatedBy = source.UpdatedBy,
        };
    }
}

public sealed record TemplateDto
{
    public TemplateSummaryDto Template { get; init; } = new();
    public string Content { get; init; } = "";
    [JsonIgnore] public long Version => Template.Version;
}

public sealed record TemplateVersionDto(long Version, string ContentHash, DateTime? CreatedAt, string? CreatedBy, long? RestoredFrom, bool Current, bool IsDefault);

public static class TemplateRules
{
    /// <summary>The template named in the route: a blank one reaches the request as null, refused naming the field.</summary>
    public static void AddNameRule<T>(this AbstractValidator<T> validator, System.Linq.Expressions.Expression<Func<T, string?>> name) =>
        validator.RuleFor(name).Text(200);
}

public static class ListTemplates
{
    public sealed record Query : IRequest<IReadOnlyList<TemplateSummaryDto>>;

    public sealed class Handler(TemplateStore store) : IRequestHandler<Query, IReadOnlyList<TemplateSummaryDto>>
    {
        public async Task<IReadOnlyList<TemplateSummaryDto>> Handle(Query q, CancellationToken ct) =>
            (await store.Current(ct)).Values.Select(TemplateSummaryDto.From).ToList();
    }
}

public static class GetTemplate
{
    public sealed record Query(string Name) : IRequest<TemplateDto>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => this.AddNameRule(q => q.Name);
    }

    public sealed class Handler(TemplateStore store) : IRequestHandler<Query, TemplateDto>
    {
        public async Task<TemplateDto> Handle(Query q, CancellationToken ct)
        {
            TemplateStore.EnsureExists(q.Name);
            var current = await store.Current(q.Name, ct);
            return new TemplateDto { Template = TemplateSummaryDto.From(current), Content = await store.Content(q.Name, current.Version, ct) };
        }
    }
}

/// <summary>
/// Saves an admin's edit as a new version, after parsing it and rendering every document it takes part in
/// against a sample model: a template that does not parse or render is refused (422 with line and column)
/// and the current version keeps rendering.
/// </summary>
public static class SaveTemplate
{
    public const int MaxLength = 200_000;

    public sealed record Command : ICommand<TemplateDto>
    {
        [JsonIgnore] public string Name { get; init; } = "";
        [JsonIgnore] public long? ExpectedVersion { get; init; }
        public string? Content { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            this.AddNameRule(c => c.Name);
            RuleFor(c => c.Content).NotNull().WithMessageKey(ValidationMessages.Required)
                .Must(c => c is null || c.Trim().Length > 0).WithMessageKey(ValidationMessages.NotBlank)
                .MaximumLength(MaxLength);
        }
    }

    public sealed class Handler(TemplateStore store, DocumentRenderer renderer, Audit audit, IActorAccessor actor, IClock clock)
        : IRequestHandler<Command, TemplateDto>
    {
        public async Task<TemplateDto> Handle(Command c, CancellationToken ct)
        {
            TemplateStore.EnsureExists(c.Name);
            var current = await store.Current(c.Name, ct);
            Versions.CheckRequired(c.ExpectedVersion, current.Version, "template");
            await renderer.Validate(c.Name, c.Content!, ct);
            return await TemplateVersions.Append(store, audit, actor, clock, c.Name, current, c.Content!, null, ct);
        }
    }
}

public static class ListTemplateVersions
{
    public sealed record Query(string Name) : IRequest<IReadOnlyList<TemplateVersionDto>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => this.AddNameRule(q => q.Name);
    }

    public sealed class Handler(TemplateStore store) : IRequestHandler<Query, IReadOnlyList<TemplateVersionDto>>
    {
        public async Task<IReadOnlyList<TemplateVersionDto>> Handle(Query q, CancellationToken ct)
        {
            var versions = await store.Versions(q.Name, ct);
            var current = versions[0].Version;
            return versions.Select(v => new TemplateVersionDto(v.Version, v.Hash, v.UpdatedAt, v.UpdatedBy, v.RestoredFrom, v.Version == current, v.IsDefault)).ToList();
        }
    }
}

/// <summary>Brings back an earlier version (0 = the shipped default) by saving its content as the newest version.</summary>
public static class RestoreTemplateVersion
{
    public sealed record Command(string Name, long Version) : ICommand<TemplateDto>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            this.AddNameRule(c => c.Name);
            RuleFor(c => c.Version).GreaterThanOrEqualTo(0);
        }
    }

    public sealed class Handler(TemplateStore store, DocumentRenderer renderer, Audit audit, IActorAccessor actor, IClock clock)
        : IRequestHandler<Command, TemplateDto>
    {
        public async Task<TemplateDto> Handle(Command c, CancellationToken ct)
        {
            TemplateStore.EnsureExists(c.Name);
            var content = await store.Content(c.Name, c.Version, ct);
            var current = await store.Current(c.Name, ct);
            // The partials or the model may have moved on since that version was saved.
            await renderer.Validate(c.Name, content, ct);
            return await TemplateVersions.Append(store, audit, actor, clock, c.Name, current, content, c.Version, ct);
        }
    }
}

internal static class TemplateVersions
{
    public static async Task<TemplateDto> Append(TemplateStore store, Audit audit, IActorAccessor actor, IClock clock,
        string name, TemplateSource current, string content, long? restoredFrom, CancellationToken ct)
    {
        var version = current.Version + 1;
        await store.Append(name, version, content, restoredFrom, actor.Current.Name, clock.UtcNow, ct);
        await audit.Write(restoredFrom is null ? "update" : "restore", "template", name,
            restoredFrom is null
                ? $"template {name}: version {current.Version} → {version} ({content.Length} characters, sha256 {TemplateEngine.Hash(content)[..12]})"
                : $"template {name}: version {restoredFrom} restored as version {version}", ct);
        var saved = await store.Current(name, ct);
        return new TemplateDto { Template = TemplateSummaryDto.From(saved), Content = content };
    }
}

/// <summary>
/// Renders a template (its current version, or the content in the body before it is saved) for a chosen
/// company; kickoff-checklist templates use the engagement given, or the company's most recent one; review-report
/// templates the last three months.
/// Partials are previewed inside the onboarding guide of their format.
/// </summary>
public static class PreviewTemplate
{
    public sealed record Command : IRequest<RenderedDocument>
    {
        [JsonIgnore] public string Name { get; init; } = "";
        [JsonIgnore] public Guid? CompanyId { get; init; }
        [JsonIgnore] public Guid? EngagementId { get; init; }
        public string? Content { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            this.AddNameRule(c => c.Name);
            RuleFor(c => c.CompanyId).NotNull().WithMessageKey(ValidationMessages.Required);
            RuleFor(c => c.Content).MaximumLength(SaveTemplate.MaxLength);
        }
    }

    public static class Sql
    {
        public const string LatestEngagement = """
            SELECT id FROM engagements WHERE company_id = @companyId AND status <> 'declined'
            ORDER BY start_on DESC, id DESC
            """;
    }

    public sealed class Handler(Data.Db db, DocumentModel models, DocumentRenderer renderer, EngagementView engagements, IClock clock)
        : IRequestHandler<Command, RenderedDocument>
    {
        public async Task<RenderedDocument> Handle(Command c, CancellationToken ct)
        {
            TemplateStore.EnsureExists(c.Name);
            var info = TemplateInfo.Of(c.Name);
            var document = info.Kind == TemplateInfo.DocumentKind ? c.Name
                : TemplateInfo.NameOf(DocumentModel.OnboardingGuide, DocumentRules.DefaultLang, info.Format == "md" ? "md" : "html");
            var d = TemplateInfo.Of(document);
            var lang = Wire.Parse<DocumentLanguage>(d.Lang!);
            var companyId = c.CompanyId!.Value;

            Scriban.Runtime.ScriptObject model;
            if (d.Document == DocumentModel.KickoffChecklist)
            {
                var engagementId = c.EngagementId;
                if (engagementId is { } given)
                {
                    if ((await engagements.Row(given, ct)).CompanyId != companyId)
                        throw Invalid.Because("engagementId", ValidationMessages.OtherCompanysEngagement);
                }
                else
                {
                    await models.CompanyFacts(companyId, ct); // 404 for an unknown company
                    engagementId = (await db.QueryAsync<Guid>(Sql.LatestEngagement, new { companyId }, ct)).FirstOrDefault() is { } latest && latest != Guid.Empty
                        ? latest
                        : throw new BusinessRuleException("no_engagement", "The company has no engagement to preview a kickoff checklist with. Pass engagementId or choose another company.");
                }
                model = models.ForChecklist(lang, await models.ChecklistFacts(engagementId.Value, ct));
            }
            else if (d.Document == DocumentModel.ReviewReport)
            {
                // The last three months up to today.
                var today = clock.Today;
                model = models.ForReport(lang, await models.ReportFacts(companyId, today.AddMonths(-3).AddDays(1), today, lang, ct));
            }
            else
            {
                model = models.ForCompany(d.Document!, lang, await models.CompanyFacts(companyId, ct));
            }
            var text = await renderer.RenderText(document, model, ct, c.Name, c.Content);
            return new RenderedDocument(DocumentRenderer.ContentType(d.Format), document, text, null);
        }
    }
}
