using Marketplace.Core.Pipeline;

namespace Marketplace.Web.Infrastructure;

/// <summary>
/// How the pages explain a rule or a conflict the use case refused: in the reader's words (keys of the UI text),
/// at the field it concerns when there is one. The API gives the same refusals as codes (rule, code).
/// </summary>
public static class Refusals
{
    public const string CheckFields = "入力内容を確認してください。";
    public const string Refused = "この操作は受け付けられませんでした。";

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
        ["first_kickoff_requires_cs"] = ("csAttendeeId", "この企業で最初のキックオフには、CSの同席が必要です。同席したCSを選んでください。"),
        ["cs_attendee_team"] = ("csAttendeeId", "同席したCSには、CSチームのメンバーを選んでください。"),
        ["worker_left"] = (null, "この人材は退会しているため、案件を開始できません。"),
        ["ended_with_company_churn"] = (null, "この案件は企業解約に伴って終了しています。終了の内容は企業解約の修正から直してください。"),
    };

    /// <summary>The field and text for a refusal, or null when the pages have no words of their own for it.</summary>
    public static (string? Field, string Text)? For(DomainException refusal) =>
        (refusal switch
        {
            BusinessRuleException rule => rule.Rule,
            ConflictException conflict => conflict.Code,
            _ => null,
        }) is { } code && ByCode.TryGetValue(code, out var explained) ? explained : null;

    /// <summary>The field and text for a rule or conflict code, or null when the pages have no words of their own for it.</summary>
    public static (string? Field, string Text)? ForCode(string code) => ByCode.TryGetValue(code, out var explained) ? explained : null;

    /// <summary>Every text the refusals show, for the check that each has its English.</summary>
    public static IEnumerable<string> Texts => ByCode.Values.Select(v => v.Text).Append(CheckFields).Append(Refused);
}
