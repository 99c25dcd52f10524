using Marketplace.Core.Domain;
using Scriban.Runtime;

namespace Marketplace.Core.Documents;

/// <summary>
/// The rendered document as the API returns it: text (Markdown, HTML) or bytes (PDF, PPTX), and the file name people
/// recognise: company_document_day.ext (株式会社サンプル_副業人材活用ガイダンス_2026-12-01.pptx).
/// </summary>
public sealed record RenderedDocument(string ContentType, string FileName, string? Text, byte[]? Bytes)
{
    /// <summary>Asked to be saved rather than shown.</summary>
    public bool Download { get; init; }

    /// <summary>Shown in the browser (HTML, Markdown, PDF) or saved (PPTX, which no browser shows, or when asked).</summary>
    public bool Inline => !Download && !ContentType.StartsWith(DocumentRenderer.PptxType, StringComparison.Ordinal);
}

/// <summary>
/// The one way documents are produced: the current templates (edited in the database or shipped), a model
/// built from the database, the sandboxed engine, and for PDF the Chromium printer. PDF and PPTX are made from the
/// HTML document, so all three have the same slides in the same order.
/// </summary>
public sealed class DocumentRenderer(TemplateStore store, TemplateEngine engine, DocumentModel models, PdfPrinter printer)
{
    public const string PptxType = "application/vnd.openxmlformats-officedocument.presentationml.presentation";

    public static string ContentType(string format) => format switch
    {
        "md" => "text/markdown; charset=utf-8",
        "pdf" => "application/pdf",
        "pptx" => PptxType,
        _ => "text/html; charset=utf-8",
    };

    /// <summary>The template a format renders from: PDF and PPTX are made from the HTML.</summary>
    public static string TemplateFormat(string format) => format is "pdf" or "pptx" ? "html" : format;

    /// <summary>company_title_day.ext, with the characters no file system takes replaced.</summary>
    public static string FileName(string company, string title, string day, string format)
    {
        var name = $"{company}_{title}_{day}";
        var invalid = new HashSet<char>(Path.GetInvalidFileNameChars()) { '\\', '/', ':', '*', '?', '"', '<', '>', '|' };
        return new string(name.Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c).ToArray()).Trim() + "." + format;
    }

    /// <summary>The HTML made into the format asked for: PDF through Chromium, PPTX from its slides; text as it is.</summary>
    public async Task<RenderedDocument> Finish(string text, string format, string fileName, CancellationToken ct) => format switch
    {
        "pdf" => new RenderedDocument(ContentType(format), fileName, null, await printer.Print(text, ct)),
        "pptx" => new RenderedDocument(ContentType(format), fileName, null, PptxWriter.Write(SlideDeck.FromHtml(text))),
        _ => new RenderedDocument(ContentType(format), fileName, text, null),
    };

    private static string FileName(Scriban.Runtime.ScriptObject model, string format, string? day = null)
    {
        static string Of(Scriban.Runtime.ScriptObject? o, string key) => o?[key] as string ?? "";
        var document = model["document"] as Scriban.Runtime.ScriptObject;
        return FileName(Of(model["company"] as Scriban.Runtime.ScriptObject, "name"), Of(document, "title"), day ?? Of(document, "day"), format);
    }

    public async Task<string> RenderText(string templateName, ScriptObject model, CancellationToken ct,
        string? candidateName = null, string? candidateContent = null)
    {
        var templates = await store.Compiled(ct, candidateName, candidateContent);
        return engine.Render(templates, templateName, model, ct);
    }

    public async Task<RenderedDocument> Company(string document, Guid companyId, string format, DocumentLanguage lang, CancellationToken ct, bool allJobTypes = false)
    {
        var model = models.ForCompany(document, lang, await models.CompanyFacts(companyId, ct), allJobTypes);
        return await Render(document, model, format, lang, ct);
    }

    public async Task<RenderedDocument> Checklist(Guid engagementId, string format, DocumentLanguage lang, CancellationToken ct)
    {
        var model = models.ForChecklist(lang, await models.ChecklistFacts(engagementId, ct));
        return await Render(DocumentModel.KickoffChecklist, model, format, lang, ct);
    }

    /// <summary>A document's template run on its model, in the format asked for, named for the company and the day.</summary>
    public async Task<RenderedDocument> Render(string document, Scriban.Runtime.ScriptObject model, string format, DocumentLanguage lang, CancellationToken ct, string? day = null)
    {
        var text = await RenderText(TemplateInfo.NameOf(document, Wire.Name(lang), TemplateFormat(format)), model, ct);
        return await Finish(text, format, FileName(model, format, day), ct);
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
