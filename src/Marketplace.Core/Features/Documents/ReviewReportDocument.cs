using FluentValidation;
using Marketplace.Core.Documents;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Documents;

/// <summary>
/// The periodic review report (報告資料) of a company for the days from..to, both included: its engagements and their
/// status, hours and fees, follow-ups and satisfaction on both sides, endings with reasons, tasks done, expansion leads
/// and next steps, as 16:9 HTML slides, PDF or PowerPoint (GET /api/companies/{id}/review-report).
/// </summary>
public static class ReviewReportDocument
{
    public sealed record Query(Guid CompanyId, DateOnly? From, DateOnly? To, string? Format, string? Lang) : IRequest<RenderedDocument>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            this.AddFormatAndLang(q => q.Format, q => q.Lang, DocumentRules.SlideFormats);
            RuleFor(q => q.From).NotNull().WithMessageKey(ValidationMessages.Required).BusinessDate();
            RuleFor(q => q.To).NotNull().WithMessageKey(ValidationMessages.Required).BusinessDate();
            RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null)
                .WithMessageKey(ValidationMessages.ToBeforeFrom);
        }
    }

    public sealed class Handler(DocumentModel models, DocumentRenderer renderer) : IRequestHandler<Query, RenderedDocument>
    {
        public async Task<RenderedDocument> Handle(Query q, CancellationToken ct)
        {
            var lang = DocumentRules.Lang(q.Lang);
            var model = models.ForReport(lang, await models.ReportFacts(q.CompanyId, q.From!.Value, q.To!.Value, lang, ct));
            // Named for the period it reports on: 株式会社サンプル_ご利用状況 報告資料_2026-10-01_2026-11-30.pptx
            return await renderer.Render(DocumentModel.ReviewReport, model, q.Format ?? "html", lang, ct,
                day: string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{q.From.Value:yyyy-MM-dd}_{q.To.Value:yyyy-MM-dd}"));
        }
    }
}
