using Marketplace.Core.Domain;

namespace Marketplace.Web.Infrastructure;

/// <summary>
/// The UI speaks Japanese first; a cookie set by the language switch turns it to English. Views write each
/// text in both languages side by side (<c>@T["ホーム", "Home"]</c>) so a screen reads whole in either.
/// </summary>
public sealed class UiText(IHttpContextAccessor http, Marketplace.Core.Documents.DocumentContent content, Marketplace.Core.Pipeline.BusinessTime business)
{
    public const string Cookie = "mcs.lang";

    public bool English => http.HttpContext?.Request.Cookies[Cookie] == "en";
    public string Lang => English ? "en" : "ja";

    public string this[string ja, string en] => English ? en : ja;

    /// <summary>A stored (UTC) time as the team reads it: in the business time zone, with the zone named.</summary>
    public string Time(DateTime utc) => $"{business.LocalOf(utc):yyyy-MM-dd HH:mm} {business.Abbreviation(utc)}";

    private static readonly Dictionary<string, (string Ja, string En)> Words = new()
    {
        // worker status
        ["registered"] = ("登録", "Registered"), ["screening"] = ("面談中", "Screening"), ["available"] = ("稼働可能", "Available"),
        ["proposed"] = ("提案中", "Proposed"), ["active"] = ("稼働中", "Active"), ["paused"] = ("休止", "Paused"), ["left"] = ("退会", "Left"),
        // engagement status
        ["contracted"] = ("契約済", "Contracted"), ["ended"] = ("終了", "Ended"), ["declined"] = ("見送り", "Declined"),
        // company status, stage, tier
        ["churned"] = ("解約", "Churned"), ["entry"] = ("導入前", "Entry"), ["onboard"] = ("オンボード", "Onboard"), ["loyal"] = ("ロイヤル", "Loyal"),
        ["low"] = ("ロータッチ", "Low touch"), ["mid"] = ("ミドルタッチ", "Mid touch"), ["high"] = ("ハイタッチ", "High touch"),
        // job types
        ["engineer"] = ("エンジニア", "Engineer"), ["designer"] = ("デザイナー", "Designer"), ["marketer"] = ("マーケター", "Marketer"),
        ["sales"] = ("営業", "Sales"), ["writer"] = ("ライター", "Writer"), ["pm"] = ("PM", "PM"), ["data"] = ("データ", "Data"),
        ["hr"] = ("人事", "HR"), ["other"] = ("その他", "Other"),
        // purposes
        ["resource_shortage"] = ("リソース不足", "Resource shortage"), ["variable_cost"] = ("人件費の変動費化", "Variable labour cost"),
        ["know_how"] = ("ノウハウ不足", "Missing know-how"), ["core_productivity"] = ("コア業務の生産性向上", "Core-work productivity"),
        // main-job styles ("other" is above)
        ["employee"] = ("会社員", "Employee"), ["freelancer"] = ("フリーランス", "Freelancer"), ["executive"] = ("経営者・役員", "Executive"),
        ["student"] = ("学生", "Student"),
        // expansion lead outcomes
        ["open"] = ("対応中", "Open"), ["converted"] = ("案件化", "Converted"), ["lost"] = ("失注", "Lost"),
        // initiators
        ["company"] = ("企業", "Company"), ["worker"] = ("人材", "Worker"), ["mutual"] = ("双方", "Mutual"),
        // follow-up state
        ["due"] = ("予定", "Due"), ["overdue"] = ("期限超過", "Overdue"),
        // teams
        ["cc"] = ("コンシェルジュ", "Concierge"), ["cs"] = ("カスタマーサクセス", "Customer Success"), ["admin"] = ("管理者", "Admin"),
    };

    /// <summary>The label of one of the API's enum words (a status, job type, purpose…).</summary>
    public string Word(string? word) =>
        word is not null && Words.TryGetValue(word, out var label) ? (English ? label.En : label.Ja) : word ?? "";

    public string Word<T>(T value) where T : struct, Enum => Word(Wire.Name(value));

    /// <summary>A kickoff checklist item, worded as on the printable checklist (the documents' content data).</summary>
    public string ChecklistItem(string key) =>
        content.Entry(English ? Marketplace.Core.Documents.DocumentLanguage.En : Marketplace.Core.Documents.DocumentLanguage.Ja, "kickoff_agenda", key)
            .GetProperty("title").GetString() ?? key;

    public string Reason(Core.Features.Churn.ListChurnReasons.Item reason) => English ? reason.LabelEn : reason.LabelJa;
}
