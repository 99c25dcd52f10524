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
        foreach (var (field, label) in JapaneseFieldNames) AddTranslation("ja", FieldPrefix + field, label);
    }

    private void Add(string key, string english, string japanese)
    {
        AddTranslation("en", key, english);
        AddTranslation("ja", key, japanese);
    }

    /// <summary>A field as messages name it: its Japanese name for a Japanese reader, else the API's camelCase name.</summary>
    public static string FieldName(string camelCase) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja"
        && ValidatorOptions.Global.LanguageManager.GetString(FieldPrefix + camelCase, CultureInfo.CurrentUICulture) is { Length: > 0 } label
            ? label : camelCase;

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
        ["page"] = "ページ", ["pageSize"] = "表示件数", ["format"] = "形式", ["lang"] = "言語", ["version"] = "版",
    };
}

public static class MessageKeys
{
    /// <summary>The product's message under <paramref name="key"/>, in the request's language when the rule fails.</summary>
    public static IRuleBuilderOptions<T, TProperty> WithMessageKey<T, TProperty>(this IRuleBuilderOptions<T, TProperty> rule, string key) =>
        rule.WithMessage(_ => ValidatorOptions.Global.LanguageManager.GetString(key));
}
