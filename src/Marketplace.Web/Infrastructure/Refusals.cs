using System.Globalization;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;

namespace Marketplace.Web.Infrastructure;

/// <summary>
/// How the pages explain a rule, a conflict or a version check the use case refused: in the reader's words (keys of the UI text),
/// at the field it concerns when there is one. The API gives the same refusals as codes (rule, code).
/// </summary>
public static class Refusals
{
    public const string CheckFields = "入力内容を確認してください。";
    public const string Refused = "この操作は受け付けられませんでした。";

    /// <summary>An update that did not name the version it was based on (428); a stale version (412) reads as <see cref="ConflictCodes.Stale"/>.</summary>
    private const string VersionRequired = "version_required";

    private static readonly Dictionary<string, (string? Field, string Text)> ByCode = new()
    {
        [ConflictCodes.Stale] = (null, "ほかの人が先に更新しました。ページを読み込み直してから、もう一度お試しください。"),
        [ConflictCodes.EmailTaken] = ("email", "このメールアドレスはすでに登録されています。"),
        [ConflictCodes.StatusMove] = ("status", "今のステータスからは、選んだステータスに変更できません。"),
        [ConflictCodes.AlreadyChurned] = (null, "この企業はすでに解約済みです。再契約した場合は、先に再契約を記録してください。"),
        [ConflictCodes.NotChurned] = (null, "この企業は契約中のため、再契約は記録できません。"),
        [ConflictCodes.ActiveEngagements] = ("endActiveEngagements", "稼働中の案件が残っています。先に終了するか、稼働中の案件もあわせて終了するにチェックを入れてください。"),
        [ConflictCodes.CompanyChurned] = ("companyId", "この企業は解約済みです。再契約を記録してから提案してください。"),
        [ConflictCodes.CompanyReadOnly] = (null, "この企業は解約済みのため変更できません。再契約を記録すると、また編集できます。"),
        [ConflictCodes.NotProposable] = ("workerId", "この人材は今のステータスでは提案できません。提案できるのは稼働可能・提案中・稼働中の人材です。"),
        [ConflictCodes.EngagementStatus] = (null, "この案件は今「{engagementStatus}」のため、この操作はできません。ページを読み込み直して、案件の状態を確認してください。"),
        [ConflictCodes.CompanyNotActive] = (null, "解約済みの企業の追加案件はトスできません。再契約を記録してからトスしてください。"),
        [ConflictCodes.ReasonCodeTaken] = ("code", "このコードの解約理由はすでにあります。別のコードにしてください。"),
        [ConflictCodes.NoKickoff] = (null, "この案件にはまだキックオフの記録がないため、修正できません。先にキックオフを記録してください。"),
        [ConflictCodes.NotEnded] = (null, "この案件はまだ終了していないため、終了の記録を修正できません。"),
        [ConflictCodes.FollowUpNotHeld] = (null, "この経過面談はまだ実施の記録がないため、修正できません。実施した場合は、経過面談として記録してください。"),
        [VersionRequired] = (null, "どの版をもとに編集したかが分からないため、保存しませんでした。ページを読み込み直してから、もう一度お試しください。"),
        ["first_kickoff_requires_cs"] = ("csAttendeeId", "この企業で最初のキックオフには、CSの同席が必要です。同席したCSを選んでください。"),
        ["cs_attendee_team"] = ("csAttendeeId", "同席したCSには、CSチームのメンバーを選んでください。"),
        ["worker_left"] = (null, "この人材は退会しているため、案件を開始できません。"),
        ["ended_with_company_churn"] = (null, "この案件は企業解約に伴って終了しています。終了の内容は企業解約の修正から直してください。"),
        ["template_syntax"] = ("content", "テンプレートの{line}行目、{column}文字目に書き方の誤りがあります。（詳細: {engineMessage}）"),
        ["template_render"] = ("content", "テンプレート「{template}」の{line}行目、{column}文字目で差し込みに失敗しました。（詳細: {engineMessage}）"),
        ["template_timeout"] = ("content", "テンプレートの処理に時間がかかりすぎたため、途中で止めました。繰り返しの範囲を見直してください。"),
        ["no_engagement"] = ("companyId", "この企業にはまだ案件がないため、キックオフチェックリストをプレビューできません。別の企業を選んでください。"),
    };

    /// <summary>The field and text for a refusal, or null when the pages have no words of their own for it.</summary>
    public static Explanation? For(DomainException refusal) =>
        (refusal switch
        {
            BusinessRuleException rule => rule.Rule,
            ConflictException conflict => conflict.Code,
            PreconditionFailedException => ConflictCodes.Stale,
            PreconditionRequiredException => VersionRequired,
            _ => null,
        }) is { } code && ByCode.TryGetValue(code, out var explained) ? new Explanation(explained.Field, explained.Text, refusal.Details) : null;

    private const string NothingFound = "指定のデータが見つかりません。";

    /// <summary>What a 404 names (NotFoundException's entity), in the reader's words.</summary>
    private static readonly Dictionary<string, string> NotFoundByEntity = new(StringComparer.Ordinal)
    {
        ["company"] = "指定の企業が見つかりません。",
        ["worker"] = "指定の人材が見つかりません。",
        ["engagement"] = "指定の案件が見つかりません。",
        ["member"] = "指定のメンバーが見つかりません。",
        ["task"] = "指定のタスクが見つかりません。",
        ["churn reason"] = "指定の解約理由が見つかりません。",
        ["company churn"] = "指定の企業解約の記録が見つかりません。",
        ["expansion lead"] = "指定の追加案件のトスが見つかりません。",
        ["playbook"] = "指定のプレイブックが見つかりません。",
        ["template"] = "指定のテンプレートが見つかりません。",
        ["api key"] = "指定のAPIキーが見つかりません。",
        ["import kind"] = "その種類の取り込みはありません。",
    };

    /// <summary>A 404's text (a key of the UI text) for the entity it names.</summary>
    public static string NotFound(NotFoundException missing) => NotFoundByEntity.GetValueOrDefault(missing.Entity, NothingFound);

    /// <summary>The field and text for a rule or conflict code, or null when the pages have no words of their own for it.</summary>
    public static (string? Field, string Text)? ForCode(string code) => ByCode.TryGetValue(code, out var explained) ? explained : null;

    /// <summary>Every text the refusals show, for the check that each has its English.</summary>
    public static IEnumerable<string> Texts => ByCode.Values.Select(v => v.Text).Concat(NotFoundByEntity.Values).Append(NothingFound).Append(CheckFields).Append(Refused);

    /// <summary>
    /// A refusal's text (a key of the UI text) at its field. A {name} in the text is the refusal's detail of that name
    /// (a template's line, an engagement's status), put in after the text is read in the reader's language.
    /// </summary>
    public sealed record Explanation(string? Field, string Text, IReadOnlyDictionary<string, object?> Details)
    {
        public string In(UiText t)
        {
            var text = t[Text];
            foreach (var (name, value) in Details)
                text = text.Replace("{" + name + "}", value switch
                {
                    Enum word => t.Word(Wire.NameOf(word)),
                    _ => Convert.ToString(value, CultureInfo.InvariantCulture),
                });
            return text;
        }
    }
}
