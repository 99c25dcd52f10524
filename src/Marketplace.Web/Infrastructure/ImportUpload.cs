using Marketplace.Core.Features.Imports;
using Marketplace.Core.Imports;
using Marketplace.Core.Pipeline;
using Microsoft.AspNetCore.Authorization;

namespace Marketplace.Web.Infrastructure;

/// <summary>What the API and the import page share: an uploaded file made into its kind's command, and a report's refusals in the reader's words.</summary>
public static class ImportUpload
{
    /// <summary>Who may import a kind: the team that may write those records on every other route (CS its companies and history, concierge its workers).</summary>
    public static string PolicyOf(string kind) => kind == ImportWorkers.Kind ? Policies.Workers : Policies.CustomerSuccess;

    /// <summary>The kinds the signed-in member may import.</summary>
    public static async Task<IReadOnlyList<string>> AllowedKinds(Microsoft.AspNetCore.Authorization.IAuthorizationService auth, System.Security.Claims.ClaimsPrincipal user)
    {
        var allowed = new List<string>();
        foreach (var kind in ImportKinds.All)
            if ((await auth.AuthorizeAsync(user, PolicyOf(kind))).Succeeded) allowed.Add(kind);
        return allowed;
    }

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
        Errors = report.Errors.Select(p => p.Code is { } code && Refusals.ForCode(code) is { } explained
            ? p with { Message = new Refusals.Explanation(explained.Field, explained.Text, p.Details).In(text) } : p).ToList(),
    };
}
