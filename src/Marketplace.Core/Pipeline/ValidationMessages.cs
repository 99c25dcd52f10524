using System.Globalization;
using FluentValidation;
using FluentValidation.Resources;

namespace Marketplace.Core.Pipeline;

/// <summary>
/// Validation speaks the request's language through FluentValidation's own language manager, which follows the
/// current UI culture: its built-in messages come in Japanese already, and the product's own are added here in
/// English (the API's default) and Japanese, with the Japanese names of the fields. Error keys never change.
/// </summary>
public sealed class ValidationMessages : LanguageManager
{
    public const string Required = "mcs.required";
    public const string ControlCharacters = "mcs.control_characters";
    public const string AtMost = "mcs.at_most";
    public const string OneOf = "mcs.one_of";
    public const string DateRange = "mcs.date_range";
    public const string MonthRange = "mcs.month_range";
    public const string Month = "mcs.month";
    public const string ToBeforeFrom = "mcs.to_before_from";
    public const string SomeReason = "mcs.some_reason";
    public const string Repeated = "mcs.repeated";

    public const string NotBeforeSigned = "mcs.not_before_signed";
    public const string NotAfterSignedAgain = "mcs.not_after_signed_again";
    public const string NotBeforeTermEnd = "mcs.not_before_term_end";
    public const string NotBeforeLastChurn = "mcs.not_before_last_churn";
    public const string NotAfterCompanyChurn = "mcs.not_after_company_churn";
    public const string NotAfterEnd = "mcs.not_after_end";
    public const string NotAfterFirstFollowUp = "mcs.not_after_first_follow_up";
    public const string NotBeforeContract = "mcs.not_before_contract";
    public const string NotBeforeTheContract = "mcs.not_before_the_contract";
    public const string NotBeforeKickoff = "mcs.not_before_kickoff";
    public const string NotBeforeLastFollowUp = "mcs.not_before_last_follow_up";
    public const string UnknownMember = "mcs.unknown_member";
    public const string UnknownCompany = "mcs.unknown_company";
    public const string UnknownWorker = "mcs.unknown_worker";
    public const string UnknownEngagement = "mcs.unknown_engagement";
    public const string OtherCompanysEngagement = "mcs.other_companys_engagement";
    public const string OtherEngagementsWorker = "mcs.other_engagements_worker";
    public const string CsOwnerTeam = "mcs.cs_owner_team";
    public const string ConciergeTeam = "mcs.concierge_team";

    public const string ReasonCode = "mcs.reason_code";
    public const string PurposesRequired = "mcs.purposes_required";
    public const string EngagementOnlyWhenConverted = "mcs.engagement_only_when_converted";
    public const string NotBlank = "mcs.not_blank";
    public const string KeyTwice = "mcs.key_twice";
    public const string KindRequired = "mcs.kind_required";
    public const string KindOneOf = "mcs.kind_one_of";
    public const string PeriodAtMost = "mcs.period_at_most";

    // Imports: problems at a row and column of the team's file ({Column} is the header as the file writes it).
    public const string ImportUnreadable = "mcs.import.unreadable";
    public const string ImportNoSheet = "mcs.import.no_sheet";
    public const string ImportUnknownColumn = "mcs.import.unknown_column";
    public const string ImportRepeatedColumn = "mcs.import.repeated_column";
    public const string ImportMissingColumn = "mcs.import.missing_column";
    public const string ImportRequired = "mcs.import.required";
    public const string ImportNotNumber = "mcs.import.not_number";
    public const string ImportNotDate = "mcs.import.not_date";
    public const string ImportNotWord = "mcs.import.not_word";
    public const string ImportNoMember = "mcs.import.no_member";
    public const string ImportNoCompany = "mcs.import.no_company";
    public const string ImportNoWorker = "mcs.import.no_worker";
    public const string ImportNoReason = "mcs.import.no_reason";
    public const string ImportRowTwice = "mcs.import.row_twice";
    public const string ImportHistoryNeedsEnd = "mcs.import.history_needs_end";
    public const string ImportNoEmptyFile = "mcs.import.no_rows";
    public const string ImportStatusMove = "mcs.import.status_move";
    public const string ImportTooLong = "mcs.import.too_long";
    public const string ImportAmbiguous = "mcs.import.ambiguous";
    public const string UnknownReason = "mcs.unknown_reason";
    public const string ReasonNotForEngagements = "mcs.reason_not_for_engagements";
    public const string ReasonNotForCompanies = "mcs.reason_not_for_companies";
    public const string RetiredReason = "mcs.retired_reason";
    public const string BoardPage = "mcs.board_page";
    public const string OneOfShown = "mcs.one_of_shown";
    public const string NotADate = "mcs.not_a_date";
    public const string NotAnId = "mcs.not_an_id";
    public const string NotAWholeNumber = "mcs.not_a_whole_number";
    public const string NotABoolean = "mcs.not_a_boolean";
    public const string WrongType = "mcs.wrong_type";
    public const string WordOneOf = "mcs.word_one_of";
    public const string IfMatch = "mcs.if_match";
    public const string UnreadableJson = "mcs.unreadable_json";
    public const string ChecklistItem = "mcs.checklist_item";
    public const string ClockTime = "mcs.clock_time";
    public const string WebhookUrl = "mcs.webhook_url";

    private const string FieldPrefix = "mcs.field.";

    public ValidationMessages()
    {
        Add(Required, "{PropertyPath} is required.", "{PropertyName}を入力してください。");
        Add(ControlCharacters, "{PropertyPath} must not contain control characters.", "{PropertyName}に制御文字は使えません。");
        Add(AtMost, "{PropertyPath} may list at most {Max} entries.", "{PropertyName}は{Max}件までです。");
        Add(OneOf, "{PropertyName} must be one of: {Words}.", "{PropertyName}の値が正しくありません。");
        Add(DateRange, "{PropertyPath} must be a date from {Earliest} to {Latest}.", "{PropertyName}は{Earliest}から{Latest}までの日付にしてください。");
        Add(MonthRange, "{PropertyPath} must be a month from {Earliest} to {Latest}.", "{PropertyName}は{Earliest}から{Latest}までの月にしてください。");
        Add(Month, "{PropertyName} must be a month as yyyy-MM.", "{PropertyName}は年月（例: 2026-04）で入力してください。");
        Add(ToBeforeFrom, "to must not be before from.", "終了は開始より前にできません。");
        Add(SomeReason, "reasons must name at least one reason code.", "理由を1つ以上選んでください。");
        Add(Repeated, "{PropertyPath} must not repeat an entry.", "{PropertyName}に同じものが重複しています。");
        Add(NotBeforeSigned, "{Field} must not be before the company signed on ({Day}).", "{Field}は企業の契約日（{Day}）より前にできません。");
        Add(NotAfterSignedAgain, "{Field} must not be after the company signed again ({Day}).", "{Field}は再契約の日（{Day}）より後にできません。");
        Add(NotBeforeTermEnd, "{Field} must not be before an engagement of this term ended ({Day}).", "{Field}は、この契約期間の案件が終了した日（{Day}）より前にできません。");
        Add(NotBeforeLastChurn, "{Field} must not be before the last churn ({Day}).", "{Field}は前回の解約日（{Day}）より前にできません。");
        Add(NotAfterCompanyChurn, "{Field} must not be after the company churned ({Day}).", "{Field}は企業の解約日（{Day}）より後にできません。");
        Add(NotAfterEnd, "{Field} must not be after the engagement ended ({Day}).", "{Field}は案件の終了日（{Day}）より後にできません。");
        Add(NotAfterFirstFollowUp, "{Field} must not be after the first follow-up held ({Day}).", "{Field}は最初の経過面談の日（{Day}）より後にできません。");
        Add(NotBeforeContract, "{Field} must not be before the contract date ({Day}).", "{Field}は契約日（{Day}）より前にできません。");
        Add(NotBeforeTheContract, "{Field} must not be before the contract ({Day}).", "{Field}は契約日（{Day}）より前にできません。");
        Add(NotBeforeKickoff, "{Field} must not be before the kickoff ({Day}).", "{Field}はキックオフの日（{Day}）より前にできません。");
        Add(NotBeforeLastFollowUp, "{Field} must not be before the last follow-up held ({Day}).", "{Field}は最後の経過面談の日（{Day}）より前にできません。");
        Add(UnknownMember, "No member has id '{Id}'.", "選んだメンバーが見つかりません。");
        Add(UnknownCompany, "No company has id '{Id}'.", "選んだ企業が見つかりません。");
        Add(UnknownWorker, "No worker has id '{Id}'.", "選んだ人材が見つかりません。");
        Add(UnknownEngagement, "No engagement has id '{Id}'.", "選んだ案件が見つかりません。");
        Add(OtherCompanysEngagement, "The engagement belongs to another company.", "その案件は別の企業のものです。");
        Add(OtherEngagementsWorker, "The engagement is another worker's.", "その案件は別の人材のものです。");
        Add(CsOwnerTeam, "The CS owner must be a member of the cs team, not {Team}.", "CS担当にはCSチームのメンバーを選んでください。");
        Add(ConciergeTeam, "The concierge must be a member of the cc team, not {Team}.", "担当コンシェルジュにはコンシェルジュチームのメンバーを選んでください。");
        Add(ReasonCode, "code must be lowercase letters, digits and underscores, starting with a letter.", "{PropertyName}は英小文字で始め、英小文字・数字・アンダースコアだけで入力してください。");
        Add(PurposesRequired, "purposes is required (it may be an empty list).", "{PropertyName}を選んでください（なしでもかまいません）。");
        Add(EngagementOnlyWhenConverted, "engagementId is only given when the lead was converted.", "案件は、案件化した場合にだけ選べます。");
        Add(NotBlank, "{PropertyPath} must not be blank.", "{PropertyName}が空です。");
        Add(KeyTwice, "items must not name a key twice.", "同じチェック項目が2回含まれています。");
        Add(KindRequired, "kind is required: company or engagement.", "解約の種類（企業または案件）を選んでください。");
        Add(KindOneOf, "kind must be one of: company, engagement.", "解約の種類は企業または案件です。");
        Add(PeriodAtMost, "The period may span at most {Max} months.", "期間は最長{Max}か月です。");
        AddImportMessages();
        Add(UnknownReason, "'{Code}' is not a known churn reason.", "「{Label}」は解約理由の一覧にありません。");
        Add(ReasonNotForEngagements, "'{Code}' does not apply to an engagement churn.", "「{Label}」は案件終了の理由には選べません。");
        Add(ReasonNotForCompanies, "'{Code}' does not apply to a company churn.", "「{Label}」は企業解約の理由には選べません。");
        Add(RetiredReason, "'{Code}' is a retired churn reason and can no longer be chosen.", "「{Label}」は廃止された理由のため、選べません。");
        Add(BoardPage, "page[status] takes a worker status and a page number from 1.", "ページは人材のステータスごとに、1以上の番号で指定してください。");
        Add(OneOfShown, "{PropertyName} must be one of: {Words}.", "{PropertyName}は {Words} のいずれかを指定してください。");
        Add(NotADate, "{Field} must be a date as yyyy-MM-dd.", "{Field}は年月日（例: 2026-04-01）で入力してください。");
        Add(NotAnId, "{Field} must be an id (GUID).", "{Field}の ID の形式が正しくありません。");
        Add(NotAWholeNumber, "{Field} must be a whole number.", "{Field}は整数で入力してください。");
        Add(NotABoolean, "{Field} must be true or false.", "{Field}は true か false で指定してください。");
        Add(WrongType, "{Field} has a value of the wrong type.", "{Field}の値の種類が正しくありません。");
        Add(WordOneOf, "{Field} must be one of: {Words}.", "{Field}は {Words} のいずれかを指定してください。");
        Add(IfMatch, "If-Match must be an ETag this API returned, such as \"3\".", "If-Match には、この API が返した ETag（例: \"3\"）を指定してください。");
        Add(UnreadableJson, "{Reason}", "本文を JSON として読み取れませんでした（{Reason}）。");
        Add(ChecklistItem, "'{PropertyValue}' is not a checklist item. Items: {Items}.", "「{PropertyValue}」はキックオフのチェック項目にありません。");
        Add(ClockTime, "{PropertyName} must be a time of day as HH:mm, from 00:00 to 23:59.", "{PropertyName}は 00:00 から 23:59 までの時刻（例: 08:30）で入力してください。");
        Add(WebhookUrl, "{PropertyName} must be a Slack incoming webhook (https://hooks.slack.com/…).", "{PropertyName}には Slack の Incoming Webhook の URL（https://hooks.slack.com/…）を入力してください。");
        foreach (var (field, label) in JapaneseFieldNames) AddTranslation("ja", FieldPrefix + field, label);
    }

    private void AddImportMessages()
    {
        Add(ImportUnreadable, "The file could not be read: send a CSV (UTF-8 or Shift_JIS) or an XLSX workbook with a header row.", "ファイルを読み込めませんでした。見出し行のあるCSV（UTF-8またはShift_JIS）かExcelファイル（XLSX）を選んでください。");
        Add(ImportNoSheet, "The workbook has no sheet named \"{Sheet}\".", "ブックに「{Sheet}」という名前のシートがありません。");
        Add(ImportUnknownColumn, "\"{Column}\" is not a column of this import; rename it as in the template or remove it.", "「{Column}」は取り込めない列です。テンプレートの列名にそろえるか、列を削除してください。");
        Add(ImportRepeatedColumn, "The column \"{Column}\" appears twice.", "「{Column}」の列が2つあります。");
        Add(ImportMissingColumn, "The column \"{Column}\" is missing.", "「{Column}」の列がありません。");
        Add(ImportRequired, "{Column} is required.", "{Column}を入力してください。");
        Add(ImportNotNumber, "{Column}: \"{Value}\" is not a whole number.", "{Column}の「{Value}」は数値として読めません。");
        Add(ImportNotDate, "{Column}: \"{Value}\" is not a date (write 2026-04-01 or 2026/4/1).", "{Column}の「{Value}」は日付として読めません（例: 2026-04-01、2026/4/1）。");
        Add(ImportNotWord, "{Column}: \"{Value}\" is not one of: {Words}.", "{Column}の「{Value}」は使えません。次のいずれかを入力してください: {Words}");
        Add(ImportNoMember, "{Column}: no member has the email \"{Value}\".", "{Column}の「{Value}」というメンバーが見つかりません。");
        Add(ImportNoCompany, "{Column}: no company is \"{Value}\"; import the companies first.", "{Column}の「{Value}」という企業が見つかりません。先に企業を取り込んでください。");
        Add(ImportNoWorker, "{Column}: no worker has the email \"{Value}\"; import the workers first.", "{Column}の「{Value}」という人材が見つかりません。先に人材を取り込んでください。");
        Add(ImportNoReason, "{Column}: \"{Value}\" is not a reason of the catalog.", "{Column}の「{Value}」という理由はありません。理由の一覧にある名前かコードを入力してください。");
        Add(ImportRowTwice, "Row {Row} is for the same {Key} already.", "{Row}行目と同じ{Key}の行です。1行にまとめてください。");
        Add(ImportHistoryNeedsEnd, "The company churned on {Day}: its engagement needs an end on or before that day.", "この企業は{Day}に解約しています。案件には解約日までの終了日を入れてください。");
        Add(ImportTooLong, "{Column} may be at most {Max} characters.", "{Column}は{Max}文字以内で入力してください。");
        Add(ImportAmbiguous, "{Column}: more than one record is \"{Value}\"; name it by its external id.", "{Column}の「{Value}」に当たる記録が複数あります。外部IDで指定してください。");
        Add(ImportStatusMove, "The worker can't move from {From} to {To}.", "この人材は「{From}」から「{To}」には変更できません。");
        Add(ImportNoEmptyFile, "The file has a header row but no data rows.", "見出し行のほかにデータの行がありません。");
    }

    private void Add(string key, string english, string japanese)
    {
        AddTranslation("en", key, english);
        AddTranslation("ja", key, japanese);
    }

    /// <summary>
    /// A field whose name reads differently in one request than the field of the same name elsewhere (a task's title is
    /// not an engagement's 案件名): named by <paramref name="japaneseKey"/> for a Japanese reader, by the field otherwise.
    /// </summary>
    public static string FieldName(string camelCase, string japaneseKey) =>
        FieldName(japaneseKey) is var name && name != japaneseKey ? name : camelCase;

    /// <summary>A field as messages name it: its Japanese name for a Japanese reader, else the API's camelCase name.</summary>
    public static string FieldName(string camelCase) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja"
        && ValidatorOptions.Global.LanguageManager.GetString(FieldPrefix + camelCase, CultureInfo.CurrentUICulture) is { Length: > 0 } label
            ? label : camelCase;

    /// <summary>
    /// A message a handler finds (a date against the record's history, an id naming nothing) in the request's
    /// language: {Field} is the field's name, each value replaces its {Name}; days are written yyyy-MM-dd.
    /// </summary>
    public static string Text(string key, string field, params (string Name, object? Value)[] values)
    {
        var text = ValidatorOptions.Global.LanguageManager.GetString(key).Replace("{Field}", FieldName(field));
        foreach (var (name, value) in values)
            text = text.Replace("{" + name + "}", value is DateOnly day ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Convert.ToString(value, CultureInfo.InvariantCulture));
        return text;
    }

    private static readonly Dictionary<string, string> JapaneseFieldNames = new()
    {
        ["name"] = "名前", ["email"] = "メールアドレス", ["team"] = "チーム", ["password"] = "パスワード",
        ["industry"] = "業種", ["employeeCount"] = "従業員数", ["monthlyFee"] = "月額", ["csOwnerId"] = "CS担当",
        ["signedOn"] = "契約日", ["purposes"] = "導入目的", ["jobType"] = "職種", ["skills"] = "スキル",
        ["mainJobStyle"] = "本業の働き方", ["weeklyHours"] = "週の稼働時間", ["conciergeId"] = "担当コンシェルジュ",
        ["status"] = "ステータス", ["note"] = "メモ", ["companyId"] = "企業", ["workerId"] = "人材", ["title"] = "案件名",
        ["startOn"] = "開始日", ["monthlyHours"] = "月の稼働時間", ["contractedOn"] = "契約日", ["heldOn"] = "実施日",
        ["csAttendeeId"] = "同席したCS", ["attendees"] = "参加者", ["companySatisfaction"] = "企業の満足度",
        ["workerEvaluation"] = "企業から人材への評価", ["workerSatisfaction"] = "人材の満足度", ["endedOn"] = "終了日",
        ["initiatedBy"] = "申し出た側", ["reasons"] = "理由", ["churnedOn"] = "解約日", ["rank"] = "ランク",
        ["believedStage"] = "見立てのステージ", ["score"] = "スコア", ["surveyedOn"] = "回答日", ["comment"] = "コメント",
        ["tossedOn"] = "トス日", ["description"] = "内容", ["engagementId"] = "案件", ["items"] = "チェック項目",
        ["key"] = "項目", ["content"] = "本文", ["from"] = "開始", ["to"] = "終了", ["asOf"] = "基準日",
        ["page"] = "ページ", ["pageSize"] = "表示件数", ["sort"] = "並び順", ["format"] = "形式", ["lang"] = "言語", ["version"] = "版", ["by"] = "集計の切り口",
        ["file"] = "ファイル", ["fileName"] = "ファイル名", ["sheet"] = "シート",
        ["dueOn"] = "期日", ["assigneeId"] = "担当", ["enabled"] = "有効", ["assignee"] = "担当", ["dueInBusinessDays"] = "期日（営業日）",
        ["thresholdDays"] = "日数", ["taskTitle"] = "タスク名",
        ["kind"] = "種類", ["body"] = "本文",
        ["kickoffOn"] = "キックオフ日", ["followUpOn"] = "経過面談日", ["endReasons"] = "終了理由",
        ["digestTime"] = "配信時刻", ["slackWebhookUrl"] = "Slack の Webhook URL", ["language"] = "言語", ["day"] = "日付",
    };
}

public static class MessageKeys
{
    /// <summary>The product's message under <paramref name="key"/>, in the request's language when the rule fails.</summary>
    public static IRuleBuilderOptions<T, TProperty> WithMessageKey<T, TProperty>(this IRuleBuilderOptions<T, TProperty> rule, string key) =>
        rule.WithMessage(_ => ValidatorOptions.Global.LanguageManager.GetString(key));

    /// <summary>
    /// A rule whose message under <paramref name="key"/> names a value (a limit, the allowed words): the value joins
    /// the message's arguments as {<paramref name="name"/>} when the rule fails.
    /// </summary>
    public static IRuleBuilderOptions<T, TProperty> MustNaming<T, TProperty>(this IRuleBuilder<T, TProperty> rule,
        Func<T, TProperty, bool> holds, string key, string name, object value) =>
        rule.MustNaming(holds, key, name, (_, _) => value);

    /// <summary>The same, with a value that depends on the request (the words one field allows given another).</summary>
    public static IRuleBuilderOptions<T, TProperty> MustNaming<T, TProperty>(this IRuleBuilder<T, TProperty> rule,
        Func<T, TProperty, bool> holds, string key, string name, Func<T, TProperty, object> value) =>
        rule.Must((root, property, context) =>
        {
            if (holds(root, property)) return true;
            context.MessageFormatter.AppendArgument(name, value(root, property));
            return false;
        }).WithMessageKey(key);
}
