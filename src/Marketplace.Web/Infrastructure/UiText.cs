using System.Globalization;
using Marketplace.Core.Domain;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Infrastructure;

/// <summary>
/// The UI speaks Japanese first: views write the Japanese text (<c>@T["ホーム"]</c>), which is the key of
/// <c>Resources/SharedText.en.resx</c>, and request localization (the language switch's cookie, then
/// Accept-Language) picks the culture. A Japanese word that reads differently in English by context carries the
/// context after a bar (<c>@T["企業|list"]</c>); Japanese shows the part before it.
/// </summary>
public sealed class UiText(IStringLocalizer<SharedText> text, Marketplace.Core.Documents.DocumentContent content, Marketplace.Core.Pipeline.BusinessTime business)
{
    public const string Cookie = "mcs.lang";

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
    public string Lang => English ? "en" : "ja";

    public string this[string key] => text[key] is { ResourceNotFound: false } found ? found.Value : JapaneseOf(key);

    /// <summary>A text with values put in its {0}, {1}… places, in the reader's language.</summary>
    public string Format(string key, params object[] values) => string.Format(CultureInfo.CurrentCulture, this[key], values);

    /// <summary>A label the data itself holds in both languages (the reason catalog).</summary>
    public string Stored(string ja, string en) => English ? en : ja;

    private static string JapaneseOf(string key) => key.IndexOf('|') is var bar and >= 0 ? key[..bar] : key;

    /// <summary>A stored (UTC) time as the team reads it: in the business time zone, with the zone named.</summary>
    public string Time(DateTime utc) => $"{business.LocalOf(utc):yyyy-MM-dd HH:mm} {business.Abbreviation(utc)}";

    private static readonly Dictionary<string, string> Words = new()
    {
        // worker status
        ["registered"] = "登録", ["screening"] = "面談中", ["available"] = "稼働可能",
        ["proposed"] = "提案中", ["active"] = "稼働中", ["paused"] = "休止", ["left"] = "退会",
        // engagement status
        ["contracted"] = "契約済", ["ended"] = "終了", ["declined"] = "見送り",
        // company status, stage, tier
        ["churned"] = "解約", ["entry"] = "導入前", ["onboard"] = "オンボード", ["loyal"] = "ロイヤル",
        ["low"] = "ロータッチ", ["mid"] = "ミドルタッチ", ["high"] = "ハイタッチ",
        // job types
        ["engineer"] = "エンジニア", ["designer"] = "デザイナー", ["marketer"] = "マーケター",
        ["sales"] = "営業", ["writer"] = "ライター", ["pm"] = "PM", ["data"] = "データ",
        ["hr"] = "人事", ["other"] = "その他",
        // purposes
        ["resource_shortage"] = "リソース不足", ["variable_cost"] = "人件費の変動費化",
        ["know_how"] = "ノウハウ不足", ["core_productivity"] = "コア業務の生産性向上",
        // main-job styles ("other" is above)
        ["employee"] = "会社員", ["freelancer"] = "フリーランス", ["executive"] = "経営者・役員",
        ["student"] = "学生",
        // expansion lead outcomes
        ["open"] = "対応中", ["converted"] = "案件化", ["lost"] = "失注",
        // initiators
        ["company"] = "企業", ["worker"] = "人材", ["mutual"] = "双方",
        // follow-up state
        ["due"] = "予定", ["overdue"] = "期限超過",
        // teams
        ["cc"] = "コンシェルジュ", ["cs"] = "カスタマーサクセス", ["admin"] = "管理者",
        // churn-reason scope ("company" is above)
        ["both"] = "企業解約・案件終了の両方", ["engagement"] = "案件終了",
        // document templates: kind and source
        ["document"] = "資料", ["partial"] = "部品", ["default"] = "既定", ["edited"] = "編集済み",
        // document languages
        ["ja"] = "日本語", ["en"] = "英語",
    };

    /// <summary>The label of one of the API's enum words (a status, job type, purpose…).</summary>
    public string Word(string? word) =>
        word is not null && Words.TryGetValue(word, out var label) ? this[label] : word ?? "";

    /// <summary>
    /// An enum's label; where one word means different things by type (a company's "active" is its contract, a
    /// stage's "active" its use of the service), the type's own label.
    /// </summary>
    public string Word<T>(T value) where T : struct, Enum =>
        ByType.TryGetValue((typeof(T), Wire.Name(value)), out var label) ? this[label] : Word(Wire.Name(value));

    private static readonly Dictionary<(Type, string), string> ByType = new()
    {
        [(typeof(CompanyStatus), "active")] = "契約中",
        [(typeof(Stage), "active")] = "活用期",
    };

    /// <summary>A kickoff checklist item, worded as on the printable checklist (the documents' content data).</summary>
    public string ChecklistItem(string key) =>
        content.Entry(English ? Marketplace.Core.Documents.DocumentLanguage.En : Marketplace.Core.Documents.DocumentLanguage.Ja, "kickoff_agenda", key)
            .GetProperty("title").GetString() ?? key;

    public string Reason(Core.Features.Churn.ListChurnReasons.Item reason) => Stored(reason.LabelJa, reason.LabelEn);
}
