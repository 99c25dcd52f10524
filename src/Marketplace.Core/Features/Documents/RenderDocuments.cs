using FluentValidation;
using Marketplace.Core.Documents;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Documents;

/// <summary>format and lang of a document request: each document names the formats it comes in; lang is ja or en.</summary>
public static class DocumentRules
{
    public const string DefaultLang = "ja";

    /// <summary>The formats of the slide documents (usage deck, review report): HTML first, the default.</summary>
    public static readonly string[] SlideFormats = ["html", "pdf", "pptx"];

    public static void AddFormatAndLang<T>(this AbstractValidator<T> validator, Func<T, string?> format, Func<T, string?> lang, params string[] formats)
    {
        validator.RuleFor(q => format(q))
            .MustNaming((_, f) => f is null || formats.Contains(f), ValidationMessages.OneOfShown, "Words", string.Join(", ", formats))
            .WithName(_ => ValidationMessages.FieldName("format")).OverridePropertyName("format");
        validator.RuleFor(q => lang(q))
            .MustNaming((_, l) => l is null || Wire.TryParse<DocumentLanguage>(l, out DocumentLanguage _), ValidationMessages.OneOfShown, "Words", Wire.Words<DocumentLanguage>())
            .WithName(_ => ValidationMessages.FieldName("lang")).OverridePropertyName("lang");
    }

    public static DocumentLanguage Lang(string? lang) => Wire.Parse<DocumentLanguage>(lang ?? DefaultLang);
}

/// <summary>The kickoff checklist of one engagement, with the items ticked so far (GET /api/engagements/{id}/kickoff-checklist).</summary>
public static class KickoffChecklistDocument
{
    public sealed record Query(Guid EngagementId, string? Format, string? Lang) : IRequest<RenderedDocument>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => this.AddFormatAndLang(q => q.Format, q => q.Lang, "md", "html");
    }

    public sealed class Handler(DocumentRenderer renderer) : IRequestHandler<Query, RenderedDocument>
    {
        public Task<RenderedDocument> Handle(Query q, CancellationToken ct) =>
            renderer.Checklist(q.EngagementId, q.Format ?? "html", DocumentRules.Lang(q.Lang), ct);
    }
}

/// <summary>How to work with side-job workers, tailored to the company (GET /api/companies/{id}/onboarding-guide).</summary>
public static class OnboardingGuideDocument
{
    public sealed record Query(Guid CompanyId, string? Format, string? Lang) : IRequest<RenderedDocument>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => this.AddFormatAndLang(q => q.Format, q => q.Lang, "md", "html");
    }

    public sealed class Handler(DocumentRenderer renderer) : IRequestHandler<Query, RenderedDocument>
    {
        public Task<RenderedDocument> Handle(Query q, CancellationToken ct) =>
            renderer.Company(DocumentModel.OnboardingGuide, q.CompanyId, q.Format ?? "html", DocumentRules.Lang(q.Lang), ct);
    }
}

/// <summary>
/// The usage-guide deck (副業人材活用ガイダンス) as 16:9 HTML slides, PDF or editable PowerPoint
/// (GET /api/companies/{id}/usage-deck): the company's purposes and job types only, unless every job type is asked for.
/// </summary>
public static class UsageDeckDocument
{
    public sealed record Query(Guid CompanyId, string? Format, string? Lang, bool AllJobTypes = false) : IRequest<RenderedDocument>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => this.AddFormatAndLang(q => q.Format, q => q.Lang, DocumentRules.SlideFormats);
    }

    public sealed class Handler(DocumentRenderer renderer) : IRequestHandler<Query, RenderedDocument>
    {
        public Task<RenderedDocument> Handle(Query q, CancellationToken ct) =>
            renderer.Company(DocumentModel.UsageDeck, q.CompanyId, q.Format ?? "html", DocumentRules.Lang(q.Lang), ct, q.AllJobTypes);
    }
}
