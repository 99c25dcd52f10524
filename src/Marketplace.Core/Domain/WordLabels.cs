using System.Diagnostics.CodeAnalysis;

namespace Marketplace.Core.Domain;

/// <summary>
/// The Japanese label of each enum word, as the screens show it and as a team's spreadsheet writes it: the one
/// table the UI's words (translated to English by its resources) and the imports' readers both use.
/// </summary>
public static class WordLabels
{
    public static readonly IReadOnlyDictionary<string, string> Japanese = new Dictionary<string, string>
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
        // who a playbook rule's task goes to ("sales" and "admin" are above)
        ["cs_owner"] = "CS担当", ["concierge"] = "担当コンシェルジュ",
        // what an import did with a row
        ["created"] = "新規", ["updated"] = "更新", ["unchanged"] = "変更なし", ["error"] = "問題あり",
        // document languages
        ["ja"] = "日本語", ["en"] = "英語",
        // note kinds ("other" is above)
        ["call"] = "電話", ["meeting"] = "面談", ["email"] = "メール", ["chat"] = "チャット",
        // timeline entries
        ["note"] = "メモ", ["worker_status_changed"] = "ステータスの変更", ["engagement_proposed"] = "案件の提案",
        ["engagement_contracted"] = "案件の契約", ["engagement_declined"] = "案件の見送り", ["kickoff_held"] = "キックオフ",
        ["follow_up_held"] = "経過面談", ["satisfaction_surveyed"] = "満足度調査", ["engagement_ended"] = "案件の終了",
        ["company_churned"] = "企業解約", ["company_reactivated"] = "企業の再契約", ["lead_tossed"] = "追加案件のトス",
        ["lead_decided"] = "追加案件の結果", ["task_created"] = "タスク", ["task_completed"] = "タスク完了",
    };


    /// <summary>Where one word means different things by type (a company's "active" is its contract, a stage's its use of the service).</summary>
    private static readonly Dictionary<(Type, string), string> ByType = new()
    {
        [(typeof(CompanyStatus), "active")] = "契約中",
        [(typeof(Stage), "active")] = "活用期",
    };

    /// <summary>The Japanese label of an enum value (the word itself when it has none).</summary>
    public static string JapaneseOf<T>(T value) where T : struct, Enum
    {
        var word = Wire.Name(value);
        return ByType.TryGetValue((typeof(T), word), out var label) ? label : Japanese.TryGetValue(word, out label) ? label : word;
    }

    /// <summary>Reads a value written as its word (any case) or its Japanese label, as people type them in a sheet.</summary>
    public static bool TryRead<T>(string? text, [NotNullWhen(true)] out T? value) where T : struct, Enum
    {
        var trimmed = text?.Trim();
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(Wire.Name(candidate), trimmed, StringComparison.OrdinalIgnoreCase) || JapaneseOf(candidate) == trimmed)
            {
                value = candidate;
                return true;
            }
        }
        value = null;
        return false;
    }
}
