using Marketplace.Core.Features;
using Marketplace.Core.Features.Churn;
using Marketplace.Core.Features.Companies;
using Marketplace.Core.Features.Documents;
using Marketplace.Core.Features.Members;
using Marketplace.Core.Shared;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Web.Controllers.Pages;

/// <summary>A page of the members (by team, then name) and the pager under them.</summary>
public sealed record MembersPage(Paged<MemberDto> Page)
{
    public const int PageSize = 50;

    public IReadOnlyList<MemberDto> Members => Page.Items;
    public int Total => Page.Total;

    public static string Link(int page) => page > 1 ? $"/admin/members?page={page}" : "/admin/members";
}

/// <summary>One member: <paramref name="NewKey"/> is set only on the answer to issuing it, the one time the key is shown.</summary>
public sealed record MemberPage(MemberDto Member, IReadOnlyList<ListApiKeys.Item> Keys, IssueApiKey.Result? NewKey, bool PasswordSet);

public sealed record TemplatePage(TemplateDto Template, IReadOnlyList<TemplateVersionDto> Versions, IReadOnlyList<CompanyDto> Companies);

/// <summary>The admin's screens: members and their sign-in, document templates, the churn-reason catalog.</summary>
[Route("admin")]
public sealed class AdminPageController : PageController
{
    private const string ViewMembers = "~/Views/Admin/Members.cshtml";
    private const string ViewMember = "~/Views/Admin/Member.cshtml";
    private const string ViewTemplates = "~/Views/Admin/Templates.cshtml";
    private const string ViewTemplate = "~/Views/Admin/Template.cshtml";
    private const string ViewReasons = "~/Views/Admin/ChurnReasons.cshtml";
    private const string ReasonsPage = "/admin/churn-reasons";

    [HttpGet("members"), Authorize(Policies.Admin)]
    public async Task<IActionResult> Members([FromQuery] int page = 1, CancellationToken ct = default) => View(ViewMembers, await LoadMembers(ct, page));

    [HttpPost("members"), Authorize(Policies.Admin)]
    public async Task<IActionResult> CreateMember([FromForm] CreateMember.Command command, CancellationToken ct)
    {
        if (BoundCleanly("member") && await TrySend(command, ct, "member") is { Ok: true, Value: { } member })
            return Redirect($"/admin/members/{member.Id}");
        return View(ViewMembers, await LoadMembers(ct));
    }

    [HttpGet("members/{id:guid}"), Authorize(Policies.Admin)]
    public async Task<IActionResult> Member(Guid id, [FromQuery] string? saved, CancellationToken ct) =>
        View(ViewMember, await LoadMember(id, null, saved == "password", ct));

    [HttpPost("members/{id:guid}/password"), Authorize(Policies.Admin)]
    public Task<IActionResult> SetPassword(Guid id, [FromForm] SetPassword.Command command, CancellationToken ct) =>
        Submit(command with { MemberId = id }, "password", $"/admin/members/{id}?saved=password", ViewMember, () => LoadMember(id, null, false, ct), ct);

    /// <summary>The new key is shown on this answer only (never stored in the clear), so it is not a redirect.</summary>
    [HttpPost("members/{id:guid}/api-keys"), Authorize(Policies.Admin)]
    public async Task<IActionResult> IssueKey(Guid id, CancellationToken ct)
    {
        var sent = await TrySend(new IssueApiKey.Command(id), ct, "issue-key");
        // The page holds the key in the clear: no cache may keep a copy of it.
        Response.Headers.CacheControl = "no-store";
        return View(ViewMember, await LoadMember(id, sent.Value, false, ct));
    }

    [HttpPost("members/{id:guid}/api-keys/{keyId:guid}/revoke"), Authorize(Policies.Admin)]
    public Task<IActionResult> RevokeKey(Guid id, Guid keyId, CancellationToken ct) =>
        Submit(new RevokeApiKey.Command(keyId), "revoke", $"/admin/members/{id}#keys", ViewMember, () => LoadMember(id, null, false, ct), ct);

    [HttpGet("templates"), Authorize(Policies.Admin)]
    public async Task<IActionResult> Templates(CancellationToken ct) => View(ViewTemplates, await Mediator.Send(new ListTemplates.Query(), ct));

    [HttpGet("templates/{name}"), Authorize(Policies.Admin)]
    public async Task<IActionResult> Template(string name, CancellationToken ct) => View(ViewTemplate, await LoadTemplate(name, ct));

    /// <summary>Saves the edit as a new version, based on the version the form was opened at.</summary>
    [HttpPost("templates/{name}"), Authorize(Policies.Admin)]
    public Task<IActionResult> SaveTemplate(string name, [FromForm] long? expectedVersion, [FromForm] string? content, CancellationToken ct) =>
        Submit(new SaveTemplate.Command { Name = name, ExpectedVersion = expectedVersion, Content = content }, "template",
            $"/admin/templates/{Uri.EscapeDataString(name)}", ViewTemplate, () => LoadTemplate(name, ct), ct);

    /// <summary>Renders the edited (unsaved) content for a company, sandboxed like every rendered document.</summary>
    [HttpPost("templates/{name}/preview"), Authorize(Policies.Admin)]
    public async Task<IActionResult> PreviewTemplate(string name, [FromForm] Guid? companyId, [FromForm] string? content, CancellationToken ct)
    {
        var sent = await TrySend(new PreviewTemplate.Command { Name = name, CompanyId = companyId, Content = content }, ct, "template");
        return sent is { Ok: true, Value: { } document } ? this.Rendered(document) : View(ViewTemplate, await LoadTemplate(name, ct));
    }

    [HttpPost("templates/{name}/versions/{version:long}/restore"), Authorize(Policies.Admin)]
    public Task<IActionResult> RestoreTemplate(string name, long version, CancellationToken ct) =>
        Submit(new RestoreTemplateVersion.Command(name, version), "restore", $"/admin/templates/{Uri.EscapeDataString(name)}", ViewTemplate,
            () => LoadTemplate(name, ct), ct);

    [HttpGet("churn-reasons"), Authorize(Policies.Admin)]
    public async Task<IActionResult> ChurnReasons(CancellationToken ct) => View(ViewReasons, await LoadReasons(ct));

    [HttpPost("churn-reasons"), Authorize(Policies.Admin)]
    public Task<IActionResult> AddReason([FromForm] AddChurnReason.Command command, CancellationToken ct) =>
        Submit(command, "reason", ReasonsPage, ViewReasons, () => LoadReasons(ct), ct);

    [HttpPost("churn-reasons/{code}/labels"), Authorize(Policies.Admin)]
    public Task<IActionResult> RelabelReason(string code, [FromForm] long? expectedVersion, [FromForm] string? labelJa, [FromForm] string? labelEn, CancellationToken ct) =>
        Submit(new RelabelChurnReason.Command { Code = code, ExpectedVersion = expectedVersion, LabelJa = labelJa, LabelEn = labelEn },
            $"labels-{code}", $"{ReasonsPage}#reason-{code}", ViewReasons, () => LoadReasons(ct), ct);

    [HttpPost("churn-reasons/{code}/negative"), Authorize(Policies.Admin)]
    public Task<IActionResult> SetReasonNegative(string code, [FromForm] long? expectedVersion, [FromForm] bool? negative, CancellationToken ct) =>
        Submit(new SetChurnReasonNegative.Command { Code = code, ExpectedVersion = expectedVersion, Negative = negative },
            $"negative-{code}", $"{ReasonsPage}#reason-{code}", ViewReasons, () => LoadReasons(ct), ct);

    [HttpPost("churn-reasons/{code}/retire"), Authorize(Policies.Admin)]
    public Task<IActionResult> RetireReason(string code, [FromForm] long? expectedVersion, CancellationToken ct) =>
        Submit(new RetireChurnReason.Command { Code = code, ExpectedVersion = expectedVersion },
            $"retire-{code}", $"{ReasonsPage}#reason-{code}", ViewReasons, () => LoadReasons(ct), ct);

    private Task<IReadOnlyList<ListChurnReasons.Item>> LoadReasons(CancellationToken ct) => Mediator.Send(new ListChurnReasons.Query(), ct);

    private const string ViewPlaybooks = "~/Views/Admin/Playbooks.cshtml";

    [HttpGet("playbooks"), Authorize(Policies.Admin)]
    public async Task<IActionResult> Playbooks(CancellationToken ct) => View(ViewPlaybooks, await Mediator.Send(new Core.Features.Playbooks.ListPlaybooks.Query(), ct));

    [HttpPost("playbooks/{rule}"), Authorize(Policies.Admin)]
    public Task<IActionResult> UpdatePlaybook(string rule, [FromForm] Core.Features.Playbooks.UpdatePlaybook.Command command, [FromForm] long? expectedVersion, CancellationToken ct) =>
        Submit(command with { Rule = rule, ExpectedVersion = expectedVersion }, $"playbook-{rule}", $"/admin/playbooks#playbook-{rule}", ViewPlaybooks,
            () => Mediator.Send(new Core.Features.Playbooks.ListPlaybooks.Query(), ct), ct);

    private async Task<MembersPage> LoadMembers(CancellationToken ct, int page = 1)
    {
        var first = new ListMembers.Query { PageSize = MembersPage.PageSize };
        // A page number the list refuses is shown at the pager, above the first page.
        return new MembersPage(await TryRead(first with { Page = page }, ct) ?? await Mediator.Send(first, ct));
    }

    private async Task<MemberPage> LoadMember(Guid id, IssueApiKey.Result? newKey, bool passwordSet, CancellationToken ct) =>
        new(await Mediator.Send(new GetMember.Query(id), ct), await Mediator.Send(new ListApiKeys.Query(id), ct), newKey, passwordSet);

    private async Task<TemplatePage> LoadTemplate(string name, CancellationToken ct)
    {
        var template = await Mediator.Send(new GetTemplate.Query(name), ct);
        var versions = await Mediator.Send(new ListTemplateVersions.Query(name), ct);
        var companies = await Mediator.Send(new ListCompanies.Query { PageSize = PagedQuery.MaxPageSize }, ct);
        return new TemplatePage(template, versions, companies.Items);
    }
}
