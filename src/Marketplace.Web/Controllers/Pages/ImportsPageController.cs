using FluentValidation;
using Marketplace.Core.Features.Imports;
using Marketplace.Core.Imports;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Memory;

namespace Marketplace.Web.Controllers.Pages;

/// <summary>The import page: the kind, its templates and the upload; then the preview (a dry run), and the result of the commit.</summary>
public sealed record ImportPage(string Kind, IReadOnlyList<ImportColumn> Columns, ImportReport? Report = null, string? Upload = null);

/// <summary>
/// Moving a team's sheet in, in two steps: upload → preview (nothing stored) → 取り込む (the same file, all or nothing).
/// Between the two steps the file waits on this server for <see cref="Held"/> (an instance behind a load balancer
/// needs sticky sessions for the two posts; the API takes the file with each call instead).
/// </summary>
[Route("imports")]
public sealed class ImportsPageController(IMemoryCache uploads) : PageController
{
    private static readonly TimeSpan Held = TimeSpan.FromMinutes(30);

    private sealed record HeldFile(string MemberName, string FileName, byte[] Content, string? Sheet);

    [HttpGet(""), Authorize(Policies.Imports)]
    public IActionResult Index([FromQuery] string? kind) => View("Index", Page(kind ?? ImportCompanies.Kind));

    [HttpGet("templates/{kind}"), Authorize(Policies.Imports)]
    public async Task<IActionResult> Template(string kind, [FromQuery] string? format, CancellationToken ct)
    {
        var template = await Mediator.Send(new GetImportTemplate.Query(kind, format), ct);
        return File(template.Content, template.ContentType, template.FileName);
    }

    [HttpPost("{kind}/preview"), Authorize(Policies.Imports)]
    public async Task<IActionResult> Preview(string kind, IFormFile? file, [FromForm] string? sheet, CancellationToken ct)
    {
        var page = Page(kind);
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
        if (await TrySend(command, ct, "upload") is not { Ok: true, Value: { } report }) return View("Index", page);
        var token = Guid.NewGuid().ToString("N");
        uploads.Set(token, new HeldFile(User.Identity!.Name!, command.FileName!, command.Content, command.Sheet), Held);
        return View("Index", page with { Report = ImportUpload.Explained(report, T), Upload = report.Errors.Count == 0 ? token : null });
    }

    [HttpPost("{kind}/commit"), Authorize(Policies.Imports)]
    public async Task<IActionResult> Commit(string kind, [FromForm] string? upload, CancellationToken ct)
    {
        var page = Page(kind);
        if (upload is null || !uploads.TryGetValue(upload, out HeldFile? held) || held!.MemberName != User.Identity!.Name)
        {
            ViewData[FormError] = T["アップロードしたファイルの保持期限が切れました。もう一度アップロードしてください。"];
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Index", page);
        }
        var command = ImportKinds.Command(kind, held.FileName, held.Content, dryRun: false, held.Sheet)!;
        if (await TrySend(command, ct, "upload") is not { Ok: true, Value: { } report }) return View("Index", page);
        if (report.Committed) uploads.Remove(upload);
        else Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Index", page with { Report = ImportUpload.Explained(report, T) });
    }

    private ImportPage Page(string kind) =>
        GetImportTemplate.ColumnsByKind.TryGetValue(kind, out var columns) ? new ImportPage(kind, columns)
            : throw new Marketplace.Core.Pipeline.NotFoundException("import kind", kind);
}
