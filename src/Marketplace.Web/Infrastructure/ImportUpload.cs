using Marketplace.Core.Features.Imports;
using Marketplace.Core.Imports;
using Marketplace.Core.Pipeline;

namespace Marketplace.Web.Infrastructure;

/// <summary>What the API and the import page share: an uploaded file made into its kind's command, and a report's refusals in the reader's words.</summary>
public static class ImportUpload
{
    public static async Task<ImportCommand> Command(string kind, IFormFile? file, bool dryRun, string? sheet, CancellationToken ct)
    {
        if (!ImportKinds.All.Contains(kind)) throw new NotFoundException("import kind", kind);
        if (file is null || file.Length == 0) throw Invalid.Because("file", ValidationMessages.Required);
        using var content = new MemoryStream((int)file.Length);
        await file.CopyToAsync(content, ct);
        return ImportKinds.Command(kind, Path.GetFileName(file.FileName), content.ToArray(), dryRun, string.IsNullOrWhiteSpace(sheet) ? null : sheet.Trim())!;
    }

    /// <summary>A use case's refusal (a rule or conflict code) reads as the pages explain it, in the request's language.</summary>
    public static ImportReport Explained(ImportReport report, UiText text) => report with
    {
        Errors = report.Errors.Select(p => p.Code is { } code && Refusals.ForCode(code) is { } explained ? p with { Message = text[explained.Text] } : p).ToList(),
    };
}
