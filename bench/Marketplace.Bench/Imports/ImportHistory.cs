using System.Globalization;
using System.Text;
using Marketplace.Core.Domain;

namespace Marketplace.Bench.Imports;

/// <summary>A member the import sheets name by email; made through the API before the sheets are sent.</summary>
public sealed record HistoryMember(string Name, string Email, Team Team);

public sealed record HistoryCompany(string Name, string Industry, int EmployeeCount, long MonthlyFee, string CsOwnerEmail, DateOnly SignedOn, Purpose Purpose);

public sealed record HistoryWorker(string Name, string Email, JobType JobType, string Skills, MainJobStyle Style, int WeeklyHours, string ConciergeEmail);

/// <summary>One engagement of the history, as a team's sheet writes it: its terms and how far it went.</summary>
public sealed record HistoryEngagement(int Company, int Worker, string Title, JobType JobType, DateOnly StartOn, int MonthlyHours, long MonthlyFee,
    DateOnly ContractedOn, DateOnly KickoffOn, string CsAttendeeEmail, DateOnly? FollowUpOn, int? CompanySatisfaction, int? WorkerEvaluation,
    DateOnly? EndedOn, ChurnInitiator? InitiatedBy, IReadOnlyList<string> EndReasons);

/// <summary>
/// A team's spreadsheets, made in memory for the import benchmark: the customer master, the worker roster and an
/// engagement history over them. Every engagement is contracted and kicked off with a CS member present; most are
/// followed up a month on; about a third have ended, each with one or two reasons. Deterministic for a seed.
/// </summary>
public sealed class ImportHistory
{
    private static readonly string[] Industries = ["SaaS", "製造業", "小売", "金融", "不動産", "医療", "人材", "広告", "物流", "教育"];
    private static readonly string[] FamilyNames = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤"];
    private static readonly string[] GivenNames = ["太郎", "花子", "一郎", "美咲", "健太", "陽子", "翔", "愛", "大輔", "由美"];
    private static readonly string[] Titles = ["基幹システム改修", "LP制作", "広告運用", "採用支援", "営業資料作成", "データ分析基盤", "PMO支援", "記事制作"];
    private static readonly string[] NegativeReasons = ["skill_mismatch", "communication", "progress_invisible", "conditions_misaligned"];
    private static readonly string[] OtherReasons = ["project_completed", "budget", "hired_in_house", "worker_main_job", "other"];
    // The sheets write reasons by their Japanese labels, as a team does (ImportLookups reads code, Japanese or English).
    private static readonly Dictionary<string, string> ReasonLabels = new()
    {
        ["skill_mismatch"] = "スキルミスマッチ", ["communication"] = "コミュニケーション", ["progress_invisible"] = "業務の進捗が見えない",
        ["conditions_misaligned"] = "条件・稼働のすり合わせ不足", ["project_completed"] = "業務完了", ["budget"] = "予算都合",
        ["hired_in_house"] = "社内で採用・内製化", ["worker_main_job"] = "本業都合", ["other"] = "その他",
    };

    public IReadOnlyList<HistoryMember> Members { get; }
    public IReadOnlyList<HistoryCompany> Companies { get; }
    public IReadOnlyList<HistoryWorker> Workers { get; }
    public IReadOnlyList<HistoryEngagement> Engagements { get; }

    /// <summary>The history's proportions: twenty engagements per company and four per worker, each worker's one after another.</summary>
    public ImportHistory(int engagements, int seed, string tag)
    {
        var rng = new Random(seed);
        var companies = Math.Max(5, engagements / 20);
        var workers = Math.Max(10, engagements / 4);
        var cs = Enumerable.Range(1, 5).Select(i => new HistoryMember($"CS担当{i}", $"bench-cs{i}-{tag}@example.jp", Team.Cs)).ToList();
        var cc = Enumerable.Range(1, 3).Select(i => new HistoryMember($"コンシェルジュ{i}", $"bench-cc{i}-{tag}@example.jp", Team.Cc)).ToList();
        Members = [.. cs, .. cc];

        var first = new DateOnly(2021, 1, 4);
        Companies = Enumerable.Range(0, companies).Select(i => new HistoryCompany(
            $"株式会社ベンチ{i:00000}", Industries[rng.Next(Industries.Length)], 20 + rng.Next(2_000), 50_000 + rng.Next(40) * 5_000,
            cs[i % cs.Count].Email, first.AddDays(rng.Next(700)), (Purpose)rng.Next(4))).ToList();
        Workers = Enumerable.Range(0, workers).Select(i => new HistoryWorker(
            $"{FamilyNames[rng.Next(FamilyNames.Length)]} {GivenNames[rng.Next(GivenNames.Length)]}", $"bench-worker{i:000000}-{tag}@example.jp",
            (JobType)rng.Next(Enum.GetValues<JobType>().Length), "Excel、SQL", (MainJobStyle)rng.Next(Enum.GetValues<MainJobStyle>().Length),
            5 + rng.Next(30), cc[i % cc.Count].Email)).ToList();

        // Worker w's k-th engagement starts a quarter or so after their previous one, so (company, worker, start) never repeats.
        var next = new DateOnly[workers];
        var list = new List<HistoryEngagement>(engagements);
        for (var i = 0; i < engagements; i++)
        {
            var w = i % workers;
            var c = rng.Next(companies);
            var company = Companies[c];
            var earliest = company.SignedOn.AddDays(7);
            var start = (next[w] > earliest ? next[w] : earliest).AddDays(rng.Next(60));
            next[w] = start.AddDays(90);
            var contracted = start.AddDays(-rng.Next(1, 15));
            var followed = rng.NextDouble() < 0.8;
            var ended = rng.NextDouble() < 0.33;
            DateOnly? followUpOn = followed ? start.AddDays(28 + rng.Next(7)) : null;
            DateOnly? endedOn = ended ? (followUpOn ?? start).AddDays(30 + rng.Next(300)) : null;
            IReadOnlyList<string> reasons = !ended ? []
                : rng.NextDouble() < 0.4 ? [NegativeReasons[rng.Next(NegativeReasons.Length)]]
                : rng.NextDouble() < 0.5 ? [OtherReasons[rng.Next(OtherReasons.Length)]]
                : [NegativeReasons[rng.Next(NegativeReasons.Length)], OtherReasons[rng.Next(OtherReasons.Length)]];
            var worker = Workers[w];
            list.Add(new HistoryEngagement(c, w, Titles[rng.Next(Titles.Length)], worker.JobType, start, 20 + rng.Next(13) * 10, 100_000 + rng.Next(30) * 10_000,
                contracted, start, cs[rng.Next(cs.Count)].Email, followUpOn, followed ? 1 + rng.Next(5) : null, followed ? 1 + rng.Next(5) : null,
                endedOn, ended ? (ChurnInitiator)rng.Next(3) : null, reasons));
        }
        Engagements = list;
    }

    public static readonly string[] CompanyHeader = ["企業名", "業界", "従業員数", "月額", "CS担当メール", "契約日", "目的"];
    public static readonly string[] WorkerHeader = ["氏名", "メール", "職種", "スキル", "本業", "週稼働時間", "担当コンシェルジュメール", "ステータス"];
    public static readonly string[] EngagementHeader =
        ["企業名", "人材メール", "案件名", "職種", "開始日", "月稼働時間", "月額", "契約日", "キックオフ日", "同席CSメール", "経過面談日", "企業満足度", "人材評価", "終了日", "申し出", "終了理由"];

    public byte[] CompaniesCsv() => Csv(CompanyHeader, Companies.Select(c => new[]
    {
        c.Name, c.Industry, N(c.EmployeeCount), N(c.MonthlyFee), c.CsOwnerEmail, D(c.SignedOn), WordLabels.JapaneseOf(c.Purpose),
    }));

    public byte[] WorkersCsv() => Csv(WorkerHeader, Workers.Select(w => new[]
    {
        // 稼働中 makes a new worker available, ready for the history to make them proposed and active.
        w.Name, w.Email, WordLabels.JapaneseOf(w.JobType), w.Skills, WordLabels.JapaneseOf(w.Style), N(w.WeeklyHours), w.ConciergeEmail, "稼働中",
    }));

    /// <summary>The engagement history sheet, its first <paramref name="take"/> rows (all by default).</summary>
    public byte[] EngagementsCsv(int? take = null) => Csv(EngagementHeader, Engagements.Take(take ?? Engagements.Count).Select(e => new[]
    {
        Companies[e.Company].Name, Workers[e.Worker].Email, e.Title, WordLabels.JapaneseOf(e.JobType), D(e.StartOn), N(e.MonthlyHours), N(e.MonthlyFee),
        D(e.ContractedOn), D(e.KickoffOn), e.CsAttendeeEmail, D(e.FollowUpOn), N(e.CompanySatisfaction), N(e.WorkerEvaluation), D(e.EndedOn),
        e.InitiatedBy is { } by ? WordLabels.JapaneseOf(by) : "", string.Join("、", e.EndReasons.Select(r => ReasonLabels[r])),
    }));

    private static string D(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
    private static string N(long? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>UTF-8 with a BOM, as Excel saves a CSV that keeps its Japanese; no cell here needs quoting.</summary>
    private static byte[] Csv(string[] header, IEnumerable<string[]> rows)
    {
        var text = new StringBuilder();
        text.Append(string.Join(",", header)).Append("\r\n");
        foreach (var row in rows) text.Append(string.Join(",", row)).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }
}
