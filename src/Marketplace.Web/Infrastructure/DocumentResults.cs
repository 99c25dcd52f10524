using Marketplace.Core.Documents;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Web.Infrastructure;

public static class DocumentResults
{
    /// <summary>A rendered document as the response, shown inline (the API and the pages answer alike).</summary>
    public static IActionResult Rendered(this ControllerBase controller, RenderedDocument document)
    {
        // The name people recognise (株式会社サンプル_副業人材活用ガイダンス_2026-12-01.pptx) as filename* in UTF-8 (RFC 5987),
        // with an ASCII filename for clients that read no other.
        var disposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue(document.Inline ? "inline" : "attachment");
        disposition.SetHttpFileName(document.FileName);
        controller.Response.Headers.ContentDisposition = disposition.ToString();
        // Templates are admin-edited: whatever they contain runs sandboxed, with no script and no requests,
        // on the same origin as the signed-in pages.
        // It may be framed by the app's own pages only (the company page previews documents in place).
        controller.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";
        controller.Response.Headers.XFrameOptions = "SAMEORIGIN";
        controller.Response.Headers.XContentTypeOptions = "nosniff";
        return document.Bytes is { } bytes
            ? controller.File(bytes, document.ContentType)
            : controller.Content(document.Text!, document.ContentType);
    }
}
