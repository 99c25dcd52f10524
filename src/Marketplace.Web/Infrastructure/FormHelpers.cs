using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Marketplace.Web.Infrastructure;

public static class FormHelpers
{
    /// <summary>The errors of one field (named as the API names it, e.g. "heldOn"), shown beside it.</summary>
    public static IHtmlContent ErrorFor(this IHtmlHelper html, string field)
    {
        var text = html.ViewContext.HttpContext.RequestServices.GetRequiredService<UiText>();
        var messages = html.ViewContext.ModelState
            .Where(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase) || e.Key.EndsWith("." + field, StringComparison.OrdinalIgnoreCase)
                || e.Key.StartsWith(field + "[", StringComparison.OrdinalIgnoreCase))
            .SelectMany(e => e.Value!.Errors.Select(x => x.ErrorMessage is { Length: > 0 } m ? m : text["値が正しくありません。"]))
            .Distinct()
            .ToList();
        if (messages.Count == 0) return HtmlString.Empty;
        var encoder = HtmlEncoder.Default;
        return new HtmlString($"<span class=\"field-error\" role=\"alert\" data-field=\"{encoder.Encode(field)}\">{encoder.Encode(string.Join(" ", messages))}</span>");
    }

    /// <summary>The value the user typed, kept when a refused form is shown again.</summary>
    public static string Posted(this IHtmlHelper html, string field, string? fallback = null) =>
        html.ViewContext.HttpContext.Request.HasFormContentType && html.ViewContext.HttpContext.Request.Form.TryGetValue(field, out var v)
            ? v.ToString() : fallback ?? "";

    /// <summary>A list typed in one box (skills, attendees): one entry per line or comma, Japanese 、 included.</summary>
    public static string[] ListOf(string? typed) =>
        (typed ?? "").Split(['\n', ',', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Whether the signed-in member's team may use the policy's forms: a page hides the forms it would refuse.</summary>
    public static async Task<bool> May(this IHtmlHelper html, string policy)
    {
        var http = html.ViewContext.HttpContext;
        return (await http.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(http.User, policy)).Succeeded;
    }

    /// <summary>
    /// The members a select offers, plus each current choice that is not among them (an admin owner is not in the
    /// CS team's list), so the stored value stays selectable.
    /// </summary>
    public static IReadOnlyList<(Guid Id, string Name)> MemberChoices(IEnumerable<Core.Features.Members.MemberDto> members, params (Guid? Id, string? Name)[] current)
    {
        var choices = members.Select(m => (m.Id, m.Name)).ToList();
        foreach (var (id, name) in current)
            if (id is { } known && choices.All(c => c.Id != known)) choices.Add((known, name ?? ""));
        return choices;
    }
}
