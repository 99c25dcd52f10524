using Marketplace.Core.Domain;
using Marketplace.Core.Features;
using Marketplace.Core.Features.Timeline;

namespace Marketplace.Web.Infrastructure;

/// <summary>One entry of GET /api/companies/{id}/timeline and /api/workers/{id}/timeline: its summary in the request's language.</summary>
public sealed record TimelineItem(DateTime At, TimelineKind Kind, string Summary, string? By, TimelineRef Ref);

/// <summary>
/// A timeline entry in the reader's words, the same on the pages and in the API: the Core query hands over the facts
/// (words, names, scores, the team's text) and the summary is written here with the UI's own texts, so enum words are
/// always shown by their labels.
/// </summary>
public static class TimelineText
{
    public static IReadOnlyList<TimelineItem> Items(Paged<TimelineEntry> page, UiText text) =>
        page.Items.Select(e => new TimelineItem(e.At, e.Kind, Summary(e, text), e.By, e.Ref)).ToList();

    public static string Summary(TimelineEntry e, UiText T) => e.Kind switch
    {
        TimelineKind.Note => T.Format("【{0}】{1}", T.Word(e.Word), e.Text ?? ""),
        TimelineKind.WorkerStatusChanged => With(e.FromWord is null
            ? T.Format("ステータスを{0}に設定", T.Word(e.Word))
            : T.Format("ステータス: {0} → {1}", T.Word(e.FromWord), T.Word(e.Word)), e.Text),
        TimelineKind.EngagementProposed => T.Format("案件「{0}」を提案（{1}）", e.Title ?? "", e.Counterpart ?? ""),
        TimelineKind.EngagementContracted => T.Format("案件「{0}」を契約（{1}）", e.Title ?? "", e.Counterpart ?? ""),
        TimelineKind.EngagementDeclined => With(T.Format("案件「{0}」は見送り（{1}）", e.Title ?? "", e.Counterpart ?? ""), e.Text),
        TimelineKind.KickoffHeld => T.Format("案件「{0}」のキックオフ（{1}）", e.Title ?? "", e.Counterpart ?? ""),
        TimelineKind.FollowUpHeld => With(e.Score is { } score
            ? T.Format("案件「{0}」の経過面談（{1}）満足度 {2}/5", e.Title ?? "", e.Counterpart ?? "", score)
            : T.Format("案件「{0}」の経過面談（{1}）", e.Title ?? "", e.Counterpart ?? ""), e.Text),
        TimelineKind.SatisfactionSurveyed => With(T.Format("満足度調査 NPS {0}/10", e.Score ?? 0), e.Text),
        TimelineKind.EngagementEnded => With(T.Format("案件「{0}」が終了（{1}）申し出: {2}", e.Title ?? "", e.Counterpart ?? "", T.Word(e.Word)), e.Text),
        TimelineKind.CompanyChurned => With(T["企業が解約"], e.Text),
        TimelineKind.CompanyReactivated => T["企業が再契約"],
        TimelineKind.LeadTossed => T.Format("追加案件をセールスへトス: {0}", e.Text ?? ""),
        TimelineKind.LeadDecided => T.Format("追加案件の結果: {0}（{1}）", T.Word(e.Word), e.Text ?? ""),
        // A task a playbook rule raised says so; Word is the rule.
        TimelineKind.TaskCreated => With(e.Word is null
            ? T.Format("タスク「{0}」（担当: {1}）", e.Title ?? "", e.Counterpart ?? "")
            : T.Format("プレイブックがタスク「{0}」を作成（担当: {1}）", e.Title ?? "", e.Counterpart ?? ""), e.Text),
        TimelineKind.TaskCompleted => With(T.Format("タスク「{0}」が完了（担当: {1}）", e.Title ?? "", e.Counterpart ?? ""), e.Text),
        _ => T.Word(e.Kind),
    };

    /// <summary>The team's own note after the event's words, when there is one.</summary>
    private static string With(string summary, string? text) => string.IsNullOrWhiteSpace(text) ? summary : $"{summary} — {text}";

    /// <summary>Where an entry's record is shown: the engagement's page, the worker's, the company's; null for one shown only here.</summary>
    public static string? Link(TimelineEntry e) => e.Ref.Type switch
    {
        "engagement" => $"/engagements/{e.Ref.Id}",
        "worker" => $"/workers/{e.Ref.Id}",
        _ => null,
    };
}

/// <summary>The timeline section of the company and worker pages: its page size, its pager and its note form.</summary>
public static class TimelinePages
{
    public const int PageSize = 20;
    public const string NoteForm = "note";

    /// <summary>The record's page at another page of its timeline (the rest of the page as it is).</summary>
    public static string Link(string pagePath, int page) => page > 1 ? $"{pagePath}?timelinePage={page}#timeline" : $"{pagePath}#timeline";
}

/// <summary>What the shared timeline partial shows: the page of entries, where the record lives, and where its note form posts (none when the reader may not write).</summary>
public sealed record TimelineSection(Paged<Marketplace.Core.Features.Timeline.TimelineEntry> Entries, string PagePath, string? NoteAction);
