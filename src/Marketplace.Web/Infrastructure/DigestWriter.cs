using System.Globalization;
using System.Net;
using System.Text;
using Marketplace.Core.Features.Notifications;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Infrastructure;

/// <summary>
/// Writes a member's daily digest in their language with the UI's own words (so a signal or a due date reads as on the
/// home page, never as a code): a subject, plain text and HTML for email, and Slack's mrkdwn, each item linking into
/// the app at <c>Notifications:BaseUrl</c>. Names and titles the team typed are escaped for HTML and for Slack.
/// </summary>
public sealed class DigestWriter(IStringLocalizer<SharedText> localizer, Marketplace.Core.Documents.DocumentContent content,
    Marketplace.Core.Pipeline.BusinessTime business, NotificationOptions options) : IDigestWriter
{
    private sealed record Line(string Text, string State, string Link);
    private sealed record Section(string Title, IReadOnlyList<Line> Lines);

    public DigestMessage Write(DigestContent digest, string language)
    {
        var (ui, culture) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        // The localizer follows the current UI culture: the member's language for the time of writing, then back.
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(language == "en" ? "en" : "ja-JP");
        try
        {
            return Write(digest, new UiText(localizer, content, business));
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, culture);
        }
    }

    private DigestMessage Write(DigestContent d, UiText T)
    {
        var root = options.BaseUrl.TrimEnd('/');
        string Due(DateOnly on) => on < d.Day ? T.Format("{0}日超過（期限 {1}）", d.Day.DayNumber - on.DayNumber, Day(on))
            : on == d.Day ? T["今日まで"] : T.Format("期限 {0}", Day(on));
        var sections = new List<Section>
        {
            new(T["タスク|digest"], d.Tasks.Select(t => new Line(
                t.CompanyName is null ? t.Title : T.Format("{0}（{1}）", t.Title, t.CompanyName), Due(t.DueOn),
                t.CompanyId is { } company ? $"{root}/companies/{company}" : $"{root}/#todays-work")).ToList()),
            new(T["経過面談"], d.FollowUps.Select(f => new Line(
                T.Format("{0}・{1}さん「{2}」", f.CompanyName, f.WorkerName, f.Title), Due(f.DueOn), $"{root}/engagements/{f.EngagementId}")).ToList()),
            new(T["今週のキックオフ"], d.Kickoffs.Select(k => new Line(
                T.Format("{0}・{1}さん「{2}」", k.CompanyName, k.WorkerName, k.Title),
                k.StartOn < d.Day ? T.Format("開始日 {0}（未実施）", Day(k.StartOn)) : T.Format("開始日 {0}", Day(k.StartOn)),
                $"{root}/engagements/{k.EngagementId}")).ToList()),
            new(T["新しい解約リスク"], d.Risks.Select(r => new Line(
                r.Name, string.Join(T["、"], r.Signals.Select(s => RiskLabels.Label(T, s))), $"{root}/companies/{r.CompanyId}")).ToList()),
        };
        sections.RemoveAll(s => s.Lines.Count == 0);

        var subject = T.Format("今日の仕事（{0}）", Day(d.Day));
        var greeting = T.Format("{0}さん、今日の仕事をお知らせします。", d.MemberName);
        var footer = T["アプリで開く"];

        var text = new StringBuilder().AppendLine(greeting).AppendLine();
        foreach (var s in sections)
        {
            text.AppendLine(T.Format("■ {0}（{1}件）", s.Title, s.Lines.Count));
            foreach (var l in s.Lines) text.AppendLine($"・{l.Text} — {l.State}").AppendLine($"  {l.Link}");
            text.AppendLine();
        }
        text.AppendLine($"{footer}: {root}/");

        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"").Append(T.Lang).Append("\"><head><meta charset=\"utf-8\"><title>").Append(Html(subject)).Append("</title></head>")
            .Append("<body style=\"font-family:sans-serif;line-height:1.6\"><p>").Append(Html(greeting)).Append("</p>");
        foreach (var s in sections)
        {
            html.Append("<h2 style=\"font-size:1.05em\">").Append(Html(T.Format("{0}（{1}件）", s.Title, s.Lines.Count))).Append("</h2><ul>");
            foreach (var l in s.Lines)
                html.Append("<li><a href=\"").Append(Html(l.Link)).Append("\">").Append(Html(l.Text)).Append("</a> — ").Append(Html(l.State)).Append("</li>");
            html.Append("</ul>");
        }
        html.Append("<p><a href=\"").Append(Html(root + "/")).Append("\">").Append(Html(footer)).Append("</a></p></body></html>");

        var slack = new StringBuilder().Append('*').Append(Mrkdwn(subject)).Append("*\n").Append(Mrkdwn(greeting)).Append('\n');
        foreach (var s in sections)
        {
            slack.Append("\n*").Append(Mrkdwn(T.Format("{0}（{1}件）", s.Title, s.Lines.Count))).Append("*\n");
            foreach (var l in s.Lines) slack.Append("• <").Append(l.Link).Append('|').Append(Mrkdwn(l.Text)).Append("> — ").Append(Mrkdwn(l.State)).Append('\n');
        }
        slack.Append('\n').Append('<').Append(root).Append("/|").Append(Mrkdwn(footer)).Append('>');

        return new DigestMessage(subject, text.ToString(), html.ToString(), slack.ToString());
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Html(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Slack reads &amp;, &lt; and &gt; as its own markup (links, mentions); a team's text shows them as written.</summary>
    private static string Mrkdwn(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
