using Marketplace.Core.Documents;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Web.Infrastructure;

public static class DocumentResults
{
    /// <summary>A rendered document as the response, shown inline (the API and the pages answer alike).</summary>
    public static IActionResult Rendered(this ControllerBase controller, RenderedDocument document)
    {
        controller.Response.Headers.ContentDisposition = $"inline; filename=\"{document.FileName}\"";
        return document.Bytes is { } bytes
            ? controller.File(bytes, document.ContentType)
            : controller.Content(document.Text!, document.ContentType);
    }
}
