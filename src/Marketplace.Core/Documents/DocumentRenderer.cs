using Marketplace.Core.Domain;
using Scriban.Runtime;

namespace Marketplace.Core.Documents;

/// <summary>The rendered document as the API returns it: text (Markdown, HTML) or bytes (PDF).</summary>
public sealed record RenderedDocument(string ContentType, string FileName, string? Text, byte[]? Bytes);

/// <summary>
/// The one way documents are produced: the current templates (edited in the database or shipped), a model
/// built from the database, the sandboxed engine, and for PDF the Chromium printer.
/// </summary>
public sealed class DocumentRenderer(TemplateStore store, TemplateEngine engine, DocumentModel models, PdfPrinter printer)
{
    public static string ContentType(string format) => format switch
    {
        "md" => "text/markdown; charset=utf-8",
        "pdf" => "application/pdf",
        _ => "text/html; charset=utf-8",
    };

    public async Task<string> RenderText(string templateName, ScriptObject model, CancellationToken ct,
        string? candidateName = null, string? candidateContent = null)
    {
        var templates = await store.Compiled(ct, candidateName, candidateContent);
        return engine.Render(templates, templateName, model, ct);
    }

    public async Task<RenderedDocument> Company(string document, Guid companyId, string format, DocumentLanguage lang, CancellationToken ct)
    {
        var model = models.ForCompany(document, lang, await models.CompanyFacts(companyId, ct));
        var html = await RenderText(TemplateInfo.NameOf(document, Wire.Name(lang), format == "pdf" ? "html" : format), model, ct);
        var file = $"{document}-{companyId:N}.{Wire.Name(lang)}.{format}";
        return format == "pdf"
            ? new RenderedDocument(ContentType(format), file, null, await printer.Print(html, ct))
            : new RenderedDocument(ContentType(format), file, html, null);
    }

    public async Task<RenderedDocument> Checklist(Guid engagementId, string format, DocumentLanguage lang, CancellationToken ct)
    {
        var model = models.ForChecklist(lang, await models.ChecklistFacts(engagementId, ct));
        var text = await RenderText(TemplateInfo.NameOf(DocumentModel.KickoffChecklist, Wire.Name(lang), format), model, ct);
        return new RenderedDocument(ContentType(format), $"{DocumentModel.KickoffChecklist}-{engagementId:N}.{Wire.Name(lang)}.{format}", text, null);
    }

    /// <summary>
    /// Parses a candidate template and renders, against the sample model, every document it takes part in:
    /// itself when it is a document, or each document of its format when it is a partial.
    /// </summary>
    public async Task Validate(string name, string content, CancellationToken ct)
    {
        engine.Compile(name, content, cache: false);
        var info = TemplateInfo.Of(name);
        var documents = info.Kind == TemplateInfo.DocumentKind
            ? [name]
            : TemplateDefaults.All.Keys.Where(n => TemplateInfo.Of(n) is { Kind: TemplateInfo.DocumentKind } d
                && (d.Format == info.Format || info.Format == "css" && d.Format == "html")).Order(StringComparer.Ordinal).ToList();
        var templates = await store.Compiled(ct, name, content);
        foreach (var document in documents)
        {
            var d = TemplateInfo.Of(document);
            var lang = Wire.Parse<DocumentLanguage>(d.Lang!);
            engine.Render(templates, document, models.SampleFor(d.Document!, lang), ct);
        }
    }
}
