using System.Security.Claims;
using FluentValidation;
using Marketplace.Core.Features.Imports;
using Marketplace.Core.Imports;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Memory;

namespace Marketplace.Web.Controllers.Pages;

/// <summary>The import page: the kind, its templates and the upload; then the preview (a dry run), and the result of the commit.</summary>
public sealed record ImportPage(string Kind, IReadOnlyList<ImportColumn> Columns, IReadOnlyList<string> Kinds, ImportReport? Report = null, string? Upload = null);

/// <summary>
/// Moving a team's sheet in, in two steps: upload → preview (nothing stored) → 取り込む (the same file, all or nothing).
/// Between the two steps the file waits on this server for <see cref="Held"/> (an instance behind a load balancer
/// needs sticky sessions for the two posts; the API takes the file with each call instead).
/// </summary>
[Route("imports")]
public sealed class ImportsPageController(IMemoryCache uploads, IAuthorizationService auth) : PageController
{
    private static readonly TimeSpan Held = TimeSpan.FromMinutes(30);

    /// <summary>A previewed file without problems, waiting for its commit: one per member, for the kind it was checked as.</summary>
    private sealed record HeldFile(string Token, string Kind, string FileName, byte[] Content, string? Sheet);

    private string HeldKey => "import:" + User.FindFirstValue(ClaimNames.MemberId);

    [HttpGet(""), Authorize(Policies.Imports)]
    public async Task<IActionResult> Index([FromQuery] string? kind)
    {
        var kinds = await ImportUpload.AllowedKinds(auth, User);
        return View("Index", Page(kind is not null && kinds.Contains(kind) ? kind : kinds.FirstOrDefault() ?? ImportCompanies.Kind, kinds));
    }

    [HttpGet("templates/{kind}"), Authorize(Policies.Imports)]
    public async Task<IActionResult> Template(string kind, [FromQuery] string? format, CancellationToken ct)
    {
        var template = await Mediator.Send(new GetImportTemplate.Query(kind, format), ct);
        return File(template.Content, template.ContentType, template.FileName);
    }

    [HttpPost("{kind}/preview"), Authorize(Policies.Imports)]
    public async Task<IActionResult> Preview(string kind, IFormFile? file, [FromForm] string? sheet, CancellationToken ct)
    {
        if (await Refused(kind) is { } refused) return refused;
        var page = Page(kind, await ImportUpload.AllowedKinds(auth, User));
        ImportCommand command;
        try
        {
            command = await ImportUpload.Command(kind, file, dryRun: true, sheet, ct);
        }
        catch (ValidationException e)
        {
            Refused(e, T[Refusals.CheckFields]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Index", page);
        }
        uploads.Remove(HeldKey);
        if (await TrySend(command, ct, "upload") is not { Ok: true, Value: { } report }) return View("Index", page);
        string? token = null;
        // Only a file without problems can be committed, so only such a file is kept for the commit.
        if (report.Errors.Count == 0)
        {
            token = Guid.NewGuid().ToString("N");
            uploads.Set(HeldKey, new HeldFile(token, kind, command.FileName!, command.Content, command.Sheet), Held);
        }
        return View("Index", page with { Report = ImportUpload.Explained(report, T), Upload = token });
    }

    [HttpPost("{kind}/commit"), Authorize(Policies.Imports)]
    public async Task<IActionResult> Commit(string kind, [FromForm] string? upload, CancellationToken ct)
    {
        if (await Refused(kind) is { } refused) return refused;
        var page = Page(kind, await ImportUpload.AllowedKinds(auth, User));
        // Taken before it is applied, so a second click of the button cannot apply the file twice.
        if (!uploads.TryGetValue(HeldKey, out HeldFile? held) || held!.Token != upload || held.Kind != kind)
        {
            ViewData[FormError] = T["アップロードしたファイルの保持期限が切れました。もう一度アップロードしてください。"];
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Index", page);
        }
        uploads.Remove(HeldKey);
        var command = ImportKinds.Command(kind, held.FileName, held.Content, dryRun: false, held.Sheet)!;
        if (await TrySend(command, ct, "upload") is not { Ok: true, Value: { } report }) return View("Index", page);
        if (!report.Committed) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Index", page with { Report = ImportUpload.Explained(report, T) });
    }

    /// <summary>The kind must be one the member's team may write (CS: companies and history; concierge: workers).</summary>
    private async Task<IActionResult?> Refused(string kind)
    {
        if (ImportKinds.ColumnsOf(kind) is null) throw new Marketplace.Core.Pipeline.NotFoundException("import kind", kind);
        return (await auth.AuthorizeAsync(User, ImportUpload.PolicyOf(kind))).Succeeded ? null : Forbid();
    }

    private static ImportPage Page(string kind, IReadOnlyList<string> kinds) =>
        ImportKinds.ColumnsOf(kind) is { } columns ? new ImportPage(kind, columns, kinds)
            : throw new Marketplace.Core.Pipeline.NotFoundException("import kind", kind);
}
