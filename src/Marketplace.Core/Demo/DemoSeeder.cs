using System.Globalization;
using FluentValidation;
using Marketplace.Core.Domain;
using Marketplace.Core.Features.Churn;
using Marketplace.Core.Features.Companies;
using Marketplace.Core.Features.Engagements;
using Marketplace.Core.Features.Members;
using Marketplace.Core.Features.Workers;
using Marketplace.Core.Pipeline;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using J = Marketplace.Core.Domain.JobType;
using P = Marketplace.Core.Domain.Purpose;

namespace Marketplace.Core.Demo;

/// <summary>
/// Loads a realistic Japanese demo dataset (`seed-demo`) through the same MediatR requests the API sends, so
/// every rule, history row and audit entry is produced exactly as in real use. The 18 months before the
/// business day the seeding runs on are played as a timeline of dated events (sign-ons, proposals, kickoffs,
/// follow-ups, endings, churns, surveys, leads) with a fixed random seed: the story is written as of
/// <see cref="WrittenFor"/> and moved as a whole to today, so due and overdue work looks as in a real team
/// and every run on the same day produces the same data.
/// Does nothing when the database already has a company.
/// </summary>
public sealed class DemoSeeder
{
    /// <summary>The day the story's dates below are written for; seeding moves them by today's distance from it.</summary>
    public static readonly DateOnly WrittenFor = new(2026, 11, 1);
    public const int RandomSeed = 20261101;

    private readonly IServiceProvider services;
    private readonly int shift;
    private readonly CompanySeed[] companySeeds;

    public DemoSeeder(IServiceProvider services)
    {
        this.services = services;
        Today = services.GetRequiredService<IClock>().Today;
        shift = Today.DayNumber - WrittenFor.DayNumber;
        companySeeds = [.. CompanySeeds.Select(c => c with
        {
            SignedOn = Moved(c.SignedOn),
            Churn = c.Churn is { } plan ? plan with { On = Moved(plan.On), ReactivateOn = plan.ReactivateOn is { } again ? Moved(again) : null } : null,
        })];
        now = WindowStart.AddDays(-30).ToDateTime(new TimeOnly(1, 0), DateTimeKind.Utc);
    }

    /// <summary>The business day the demo ends on: the day it is seeded.</summary>
    public DateOnly Today { get; }

    public DateOnly WindowStart => Today.AddMonths(-18);

    private DateOnly Moved(DateOnly written) => written.AddDays(shift);

    /// <summary>How a demo member gets in: an API key, and an email and password for the web UI (both shown once).</summary>
    public sealed record IssuedKey(string Member, string Team, string Key, string Email, string Password);

    public sealed record Summary(bool AlreadyHadData, int Members, int Companies, int Workers, int Engagements,
        int EngagementChurns, int CompanyChurns, IReadOnlyList<IssuedKey> Keys);

    private sealed record MemberSeed(string Name, string EmailLocal, Team Team);

    private static readonly MemberSeed[] MemberSeeds =
    [
        new("佐藤 美咲", "misaki.sato", Team.Cs),
        new("高橋 健太", "kenta.takahashi", Team.Cs),
        new("田中 彩", "aya.tanaka", Team.Cs),
        new("伊藤 翔", "sho.ito", Team.Cs),
        new("渡辺 由美", "yumi.watanabe", Team.Cs),
        new("山本 大輔", "daisuke.yamamoto", Team.Cs),
        new("中村 さくら", "sakura.nakamura", Team.Cc),
        new("小林 拓也", "takuya.kobayashi", Team.Cc),
        new("加藤 真由", "mayu.kato", Team.Cc),
        new("吉田 悠斗", "yuto.yoshida", Team.Cc),
        new("山田 奈々", "nana.yamada", Team.Cc),
        new("松本 亮", "ryo.matsumoto", Team.Sales),
        new("井上 千尋", "chihiro.inoue", Team.Sales),
        new("木村 直人", "naoto.kimura", Team.Admin),
    ];

    /// <summary>A company that stops using the service on a given day, and perhaps signs again later.</summary>
    private sealed record ChurnPlan(DateOnly On, string[] Reasons, string Note, bool EndRunning = false, DateOnly? ReactivateOn = null);

    private sealed record CompanySeed(string Name, string Industry, int Employees, long MonthlyFee, DateOnly SignedOn, P[] Purposes, ChurnPlan? Churn = null);

    private static DateOnly D(string date) => DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    // Fictional companies; sizes cover all three touch tiers (≤300, 301–2,999, ≥3,000 employees).
    private static readonly CompanySeed[] CompanySeeds =
    [
        new("株式会社クラウドリンク", "SaaS", 85, 150_000, D("2025-05-08"), [P.ResourceShortage, P.KnowHow]),
        new("株式会社ネクストステップ", "SaaS", 42, 100_000, D("2025-05-20"), [P.ResourceShortage],
            new(D("2025-12-25"), ["low_utilization"], "最初の案件終了後、次に依頼する業務を社内で切り出せず活用が止まった")),
        new("株式会社データフォレスト", "SaaS", 210, 200_000, D("2025-05-26"), [P.KnowHow, P.CoreProductivity]),
        new("株式会社サクラテック", "SaaS", 1_200, 300_000, D("2025-06-02"), [P.ResourceShortage, P.VariableCost]),
        new("株式会社東邦精機", "製造業", 850, 250_000, D("2025-06-16"), [P.KnowHow, P.CoreProductivity]),
        new("株式会社北陸ものづくり工業", "製造業", 120, 120_000, D("2025-07-07"), [P.ResourceShortage, P.KnowHow]),
        new("大和化成株式会社", "製造業", 4_800, 500_000, D("2025-07-22"), [P.CoreProductivity, P.KnowHow]),
        new("株式会社みなと食品", "製造業", 320, 150_000, D("2025-08-04"), [P.VariableCost]),
        new("株式会社ハナミズキ", "小売", 60, 100_000, D("2025-06-10"), [P.ResourceShortage, P.KnowHow],
            new(D("2026-03-31"), ["budget"], "期末の予算見直しで外部人材費を削減")),
        new("株式会社アオバストア", "小売", 2_400, 350_000, D("2025-08-25"), [P.KnowHow, P.CoreProductivity]),
        new("株式会社ライフマート", "小売", 6_500, 500_000, D("2025-09-08"), [P.VariableCost, P.CoreProductivity]),
        new("株式会社フィナンシャルブリッジ", "金融", 150, 200_000, D("2025-09-22"), [P.KnowHow]),
        new("中央キャピタル株式会社", "金融", 1_800, 400_000, D("2025-10-06"), [P.CoreProductivity, P.KnowHow]),
        new("株式会社みらい信販", "金融", 3_200, 450_000, D("2025-10-20"), [P.ResourceShortage, P.CoreProductivity]),
        new("医療法人社団 青葉会", "医療", 480, 150_000, D("2025-11-04"), [P.ResourceShortage]),
        new("株式会社ケアブリッジ", "医療", 95, 120_000, D("2025-11-17"), [P.KnowHow, P.VariableCost]),
        new("株式会社ヘルスケアデザイン", "医療", 35, 100_000, D("2025-07-01"), [P.ResourceShortage],
            new(D("2026-02-28"), ["skill_mismatch", "communication"], "2件続けて期待した成果が出ず、担当者とのやり取りにも不満が残った")),
        new("株式会社キャリアクエスト", "人材", 140, 150_000, D("2025-12-01"), [P.ResourceShortage, P.VariableCost]),
        new("株式会社ワークスタイル研究所", "人材", 25, 100_000, D("2025-05-15"), [P.KnowHow],
            new(D("2025-11-30"), ["hired_in_house"], "正社員の採用で内製化", ReactivateOn: D("2026-06-01"))),
        new("株式会社ピープルパートナーズ", "人材", 650, 250_000, D("2026-01-13"), [P.VariableCost, P.ResourceShortage]),
        new("株式会社アドプラネット", "広告", 75, 120_000, D("2026-01-26"), [P.ResourceShortage, P.VariableCost]),
        new("株式会社クリエイティブハウス", "広告", 18, 80_000, D("2025-08-05"), [P.KnowHow],
            new(D("2026-05-31"), ["progress_invisible", "low_utilization"], "業務の進捗が見えず、社内で活用の手応えが得られなかった")),
        new("株式会社東京広告企画", "広告", 1_100, 300_000, D("2026-02-09"), [P.CoreProductivity]),
        new("株式会社スピード物流", "物流", 540, 200_000, D("2026-02-24"), [P.KnowHow, P.CoreProductivity]),
        new("東和ロジスティクス株式会社", "物流", 8_200, 600_000, D("2026-03-09"), [P.CoreProductivity, P.VariableCost]),
        new("株式会社グリーン配送", "物流", 90, 100_000, D("2025-09-01"), [P.ResourceShortage],
            new(D("2026-07-31"), ["conditions_misaligned"], "稼働時間と業務範囲の認識が最後まで揃わず、契約期間満了で終了", EndRunning: true)),
        new("株式会社すまいる不動産", "不動産", 55, 100_000, D("2026-03-23"), [P.ResourceShortage, P.KnowHow]),
        new("株式会社アーバンレジデンス", "不動産", 760, 250_000, D("2026-04-06"), [P.KnowHow, P.CoreProductivity]),
        new("株式会社まちづくりエステート", "不動産", 3_600, 450_000, D("2026-04-20"), [P.VariableCost, P.CoreProductivity]),
        new("株式会社まなびラボ", "教育", 48, 100_000, D("2026-05-11"), [P.ResourceShortage, P.KnowHow]),
        new("学校法人 みどり学園", "教育", 410, 150_000, D("2026-05-25"), [P.KnowHow]),
        new("株式会社エデュテックジャパン", "教育", 230, 180_000, D("2026-06-08"), [P.KnowHow, P.ResourceShortage]),
        new("株式会社ゆめ観光", "観光・ホテル", 310, 150_000, D("2026-06-22"), [P.VariableCost, P.ResourceShortage]),
        new("株式会社トラベルコネクト", "観光・ホテル", 130, 120_000, D("2025-06-20"), [P.KnowHow],
            new(D("2026-08-31"), ["budget", "other"], "インバウンド需要の変動で事業を縮小")),
        new("株式会社ソラノ飲食ホールディングス", "飲食", 1_500, 300_000, D("2026-09-07"), [P.ResourceShortage, P.VariableCost]),
        new("株式会社グッドエナジー", "エネルギー", 5_100, 500_000, D("2026-10-13"), [P.CoreProductivity, P.KnowHow, P.VariableCost]),
    ];

    /// <summary>The kinds of work each industry tends to ask for first.</summary>
    private static readonly Dictionary<string, J[]> IndustryJobs = new()
    {
        ["SaaS"] = [J.Engineer, J.Engineer, J.Designer, J.Marketer, J.Data, J.Pm],
        ["製造業"] = [J.Engineer, J.Data, J.Marketer, J.Pm, J.Other],
        ["小売"] = [J.Marketer, J.Designer, J.Data, J.Writer],
        ["金融"] = [J.Engineer, J.Data, J.Pm, J.Other],
        ["医療"] = [J.Hr, J.Marketer, J.Writer, J.Engineer],
        ["人材"] = [J.Sales, J.Hr, J.Marketer, J.Writer],
        ["広告"] = [J.Designer, J.Writer, J.Marketer],
        ["物流"] = [J.Engineer, J.Data, J.Pm],
        ["不動産"] = [J.Marketer, J.Sales, J.Designer, J.Writer],
        ["教育"] = [J.Writer, J.Engineer, J.Marketer, J.Hr],
        ["観光・ホテル"] = [J.Marketer, J.Writer, J.Designer],
        ["飲食"] = [J.Marketer, J.Hr, J.Designer],
        ["エネルギー"] = [J.Data, J.Engineer, J.Pm, J.Other],
    };

    private sealed record JobProfile(J Job, int Workers, int HourlyRate, string[] Skills, string[] Titles);

    private static readonly JobProfile[] Jobs =
    [
        new(J.Engineer, 22, 5_000, ["React", "TypeScript", "Next.js", "Go", "Ruby on Rails", "Python", "AWS", "Flutter", "C#", "Kubernetes"],
            ["新規機能のフロントエンド開発", "社内管理画面のAPI開発", "AWS環境の構築・運用改善", "モバイルアプリの改修"]),
        new(J.Marketer, 15, 4_000, ["SEO", "広告運用", "SNS運用", "広報", "コンテンツマーケティング", "Google Analytics", "MA運用"],
            ["SEO戦略の立案と実行", "Web広告の運用改善", "SNSアカウントの運用", "プレスリリースと広報支援"]),
        new(J.Designer, 12, 4_000, ["Figma", "UI/UXデザイン", "Illustrator", "Photoshop", "ブランディング", "LPデザイン"],
            ["サービスLPのデザイン刷新", "アプリUIの改善", "採用サイトのデザイン"]),
        new(J.Pm, 10, 5_500, ["プロジェクト管理", "スクラム", "要件定義", "PMO", "Backlog"],
            ["基幹システム刷新のPMO", "新規事業のプロジェクト推進", "開発チームのスクラム導入支援"]),
        new(J.Data, 10, 5_000, ["SQL", "Python", "BigQuery", "Tableau", "機械学習", "データ分析"],
            ["売上ダッシュボードの構築", "需要予測モデルの検証", "顧客データ分析基盤の整備"]),
        new(J.Writer, 9, 3_000, ["記事執筆", "編集", "コピーライティング", "取材", "SEOライティング"],
            ["オウンドメディアの記事執筆", "導入事例インタビュー記事の作成", "採用ページのライティング"]),
        new(J.Sales, 8, 3_500, ["インサイドセールス", "法人営業", "Salesforce", "事業開発", "カスタマーサクセス"],
            ["インサイドセールスの立ち上げ", "新規開拓の営業支援", "営業資料とトークスクリプトの整備"]),
        new(J.Hr, 8, 3_500, ["採用", "人事制度設計", "労務", "研修設計", "採用広報"],
            ["エンジニア採用の母集団形成", "評価制度の設計支援", "採用広報の立ち上げ"]),
        new(J.Other, 6, 4_000, ["経理", "法務", "財務", "翻訳(英日)", "知財"],
            ["経理業務フローの改善", "契約書レビュー体制の整備", "海外向け資料の翻訳"]),
    ];

    private static readonly (string Kanji, string Romaji)[] FamilyNames =
    [
        ("佐々木", "sasaki"), ("山口", "yamaguchi"), ("松田", "matsuda"), ("石川", "ishikawa"), ("前田", "maeda"), ("藤田", "fujita"),
        ("岡田", "okada"), ("後藤", "goto"), ("長谷川", "hasegawa"), ("村上", "murakami"), ("近藤", "kondo"), ("石井", "ishii"),
        ("坂本", "sakamoto"), ("遠藤", "endo"), ("青木", "aoki"), ("藤井", "fujii"), ("西村", "nishimura"), ("福田", "fukuda"),
        ("太田", "ota"), ("三浦", "miura"), ("藤原", "fujiwara"), ("岡本", "okamoto"), ("松井", "matsui"), ("中島", "nakajima"),
        ("中野", "nakano"), ("原田", "harada"), ("小野", "ono"), ("竹内", "takeuchi"), ("金子", "kaneko"), ("和田", "wada"),
        ("森", "mori"), ("池田", "ikeda"), ("橋本", "hashimoto"), ("清水", "shimizu"), ("林", "hayashi"), ("斎藤", "saito"),
    ];

    private static readonly (string Kanji, string Romaji)[] GivenNames =
    [
        ("翔太", "shota"), ("大輝", "daiki"), ("健一", "kenichi"), ("直樹", "naoki"), ("達也", "tatsuya"), ("拓海", "takumi"),
        ("悠真", "yuma"), ("陽介", "yosuke"), ("誠", "makoto"), ("亮介", "ryosuke"), ("和也", "kazuya"), ("祐介", "yusuke"),
        ("智也", "tomoya"), ("航", "wataru"), ("隼人", "hayato"), ("美穂", "miho"), ("愛", "ai"), ("彩花", "ayaka"),
        ("優子", "yuko"), ("恵", "megumi"), ("麻衣", "mai"), ("千夏", "chinatsu"), ("香織", "kaori"), ("沙織", "saori"),
        ("理沙", "risa"), ("真理子", "mariko"), ("葵", "aoi"), ("結衣", "yui"), ("遥", "haruka"), ("明日香", "asuka"),
        ("瑞希", "mizuki"), ("玲奈", "reina"),
    ];

    private static readonly (MainJobStyle Style, int Weight)[] MainJobStyles =
        [(MainJobStyle.Employee, 62), (MainJobStyle.Freelancer, 20), (MainJobStyle.Executive, 7), (MainJobStyle.Student, 4), (MainJobStyle.Other, 7)];

    private static readonly string[] DeclineNotes =
        ["先方で予算確保が間に合わず見送り", "稼働可能な曜日・時間帯が合わず辞退", "他の候補者で決定", "要件の再整理のため一旦見送り"];

    private sealed record Ending(ChurnInitiator InitiatedBy, string[] Reasons, string Note);

    private static readonly (Ending Ending, int Weight)[] GoodEndings =
    [
        (new(ChurnInitiator.Mutual, ["project_completed"], "予定していた業務が完了し、円満に終了"), 45),
        (new(ChurnInitiator.Company, ["budget"], "来期の予算見直しに伴い終了"), 18),
        (new(ChurnInitiator.Company, ["hired_in_house"], "社内で担当者を採用できたため、引き継ぎのうえ終了"), 10),
        (new(ChurnInitiator.Worker, ["worker_main_job"], "本業の繁忙で稼働時間の確保が難しくなったため終了"), 20),
        (new(ChurnInitiator.Company, ["other"], "事業方針の変更に伴い終了"), 7),
    ];

    // The four negative reasons that apply to both kinds of churn, each with the story CS would write down.
    private static readonly (Ending Ending, int Weight)[] BadEndings =
    [
        (new(ChurnInitiator.Company, ["skill_mismatch"], "求めていた技術レベルと差があり、期待した成果が出なかった"), 30),
        (new(ChurnInitiator.Company, ["progress_invisible"], "進捗報告が少なく、企業側から業務の状況が見えなかった"), 25),
        (new(ChurnInitiator.Worker, ["communication"], "連絡の頻度・手段が合わず、認識の齟齬が続いた"), 15),
        (new(ChurnInitiator.Mutual, ["conditions_misaligned"], "稼働時間や業務範囲のすり合わせが不十分で、双方の期待がずれた"), 20),
        (new(ChurnInitiator.Company, ["skill_mismatch", "communication"], "成果物の質とやり取りの両方に不満があり、交代ではなく終了を選択"), 10),
    ];

    private static readonly string[] FollowUpNotes =
    [
        "期待と成果に大きな差。交代も含めて検討が必要",
        "進捗の見え方に不満あり。CCからワーカーへ報告頻度の改善を依頼",
        "概ね問題なし。稼働時間の使い方を次回までに整理",
        "順調。業務範囲を少し広げたいとの要望あり",
        "期待以上の成果。定例での報告も丁寧で、追加依頼も検討中",
    ];

    private static readonly string[] LeadDescriptions =
    [
        "マーケティング領域でも副業人材を活用したいとの相談",
        "人事部から採用支援でも依頼したいとの話があった",
        "現行案件が好調のため、同じ職種でもう1名追加したい",
        "データ分析の内製化に向けた支援の相談",
        "新規事業の立ち上げに伴いPM人材を探している",
    ];

    private sealed record Member(Guid Id, string Name, Team Team);

    private sealed class Company(CompanySeed seed, Guid id, Member owner, double goodOdds)
    {
        public CompanySeed Seed => seed;
        public Guid Id => id;
        public Member Owner => owner;
        /// <summary>Chance that an engagement here goes well; companies heading for a negative churn have worse luck.</summary>
        public double GoodOdds => goodOdds;
        public bool Active { get; set; } = true;
        public bool NeedsCsAtKickoff { get; set; } = true;
        public int LastSatisfaction { get; set; } = 4;
        public List<Engagement> Engagements { get; } = [];
        public int Open => Engagements.Count(e => e.Status is EngagementStatus.Proposed or EngagementStatus.Contracted or EngagementStatus.Active);
        public int MaxOpen => seed.Employees >= 3_000 ? 5 : seed.Employees > 300 ? 3 : 2;
    }

    private sealed class Worker(Guid id, string name, J job, int weeklyHours, Member concierge)
    {
        public Guid Id => id;
        public string Name => name;
        public J Job => job;
        public int WeeklyHours => weeklyHours;
        public Member Concierge => concierge;
        public WorkerStatus Status { get; set; } = WorkerStatus.Registered;
    }

    private sealed class Engagement(Guid id, Company company, Worker worker, DateOnly startOn)
    {
        public Guid Id => id;
        public Company Company => company;
        public Worker Worker => worker;
        public DateOnly StartOn => startOn;
        public EngagementStatus Status { get; set; } = EngagementStatus.Proposed;
        public bool GoesWell { get; set; }
    }

    private readonly Random rng = new(RandomSeed);
    private readonly PriorityQueue<Func<Task>, (DateOnly On, int Order)> agenda = new();
    private int scheduled;
    private readonly List<Member> members = [];
    private readonly List<Company> companies = [];
    private readonly List<Worker> workers = [];
    private readonly List<IssuedKey> keys = [];
    private Dictionary<string, ListChurnReasons.Item> catalog = [];
    private int engagements, engagementChurns, companyChurns;
    private const int OverdueWindowDays = 40, KeptOverdue = 2;
    private int keptOverdue, keptDue;
    private CancellationToken ct;
    // When the event being replayed happened; workers and members were there before the window opened.
    private DateTime now;

    public async Task<Summary> Run(CancellationToken cancellationToken = default)
    {
        ct = cancellationToken;
        if ((await Send(new ListCompanies.Query { PageSize = 1 })).Total > 0)
            return new Summary(true, 0, 0, 0, 0, 0, 0, []);

        catalog = (await Send(new ListChurnReasons.Query())).ToDictionary(r => r.Code);
        await AddMembers();
        await AddWorkers();
        foreach (var seed in companySeeds)
            At(seed.SignedOn, on => SignOn(seed, on));
        while (agenda.TryDequeue(out var step, out var when))
        {
            // Office hours in Japan (10:00 JST), the order of the day's events kept by the seconds.
            now = when.On.ToDateTime(new TimeOnly(1, 0), DateTimeKind.Utc).AddSeconds(when.Order % 3600);
            await step();
        }
        now = Today.ToDateTime(new TimeOnly(1, 0), DateTimeKind.Utc);
        await AddAssessments();

        return new Summary(false, members.Count, companies.Count, workers.Count, engagements, engagementChurns, companyChurns, keys);
    }

    /// <summary>Schedules a step of the timeline; what would happen after <see cref="Today"/> has not happened yet.</summary>
    private void At(DateOnly on, Func<DateOnly, Task> step)
    {
        if (on <= Today) agenda.Enqueue(() => step(on), (on, scheduled++));
    }

    private async Task<T> Send<T>(IRequest<T> request)
    {
        // A scope per request, as for an HTTP request: its own Db, so each command commits on its own.
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestClock>().Set(now);
        scope.ServiceProvider.GetRequiredService<WorkActor>().Actor = Actor.System;
        try
        {
            return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, ct);
        }
        catch (Exception ex) when (ex is DomainException or ValidationException)
        {
            throw new InvalidOperationException($"Demo seeding stopped: {request.GetType().FullName} was refused: {ex.Message}", ex);
        }
    }

    private async Task AddMembers()
    {
        foreach (var seed in MemberSeeds)
        {
            var member = await Send(new CreateMember.Command { Name = seed.Name, Email = $"{seed.EmailLocal}@demo.example.jp", Team = seed.Team });
            members.Add(new Member(member.Id, member.Name, seed.Team));
            var key = await Send(new IssueApiKey.Command(member.Id));
            var password = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)).Replace('+', '-').Replace('/', '_');
            await Send(new SetPassword.Command { MemberId = member.Id, Password = password });
            keys.Add(new IssuedKey(member.Name, member.Team, key.Key, member.Email, password));
        }
    }

    private IReadOnlyList<Member> TeamMembers(Team team) => members.Where(m => m.Team == team).ToList();

    private async Task AddWorkers()
    {
        var concierges = TeamMembers(Team.Cc);
        var jobs = Jobs.SelectMany(p => Enumerable.Repeat(p, p.Workers)).OrderBy(_ => rng.Next()).ToList();
        var emails = new HashSet<string>();
        for (var i = 0; i < jobs.Count; i++)
        {
            var profile = jobs[i];
            (string Kanji, string Romaji) family, given;
            string email;
            do
            {
                family = Pick(FamilyNames);
                given = Pick(GivenNames);
                email = $"{given.Romaji}.{family.Romaji}@demo.example.jp";
            } while (!emails.Add(email));

            var dto = await Send(new RegisterWorker.Command
            {
                Name = $"{family.Kanji} {given.Kanji}",
                Email = email,
                JobType = profile.Job,
                Skills = profile.Skills.OrderBy(_ => rng.Next()).Take(rng.Next(2, 5)).ToList(),
                MainJobStyle = Weighted(MainJobStyles),
                WeeklyHours = rng.Next(5, 21),
                ConciergeId = Pick(concierges).Id,
            });
            var worker = new Worker(dto.Id, dto.Name, profile.Job, dto.WeeklyHours, concierges.Single(c => c.Id == dto.ConciergeId));
            workers.Add(worker);

            // The last few signed up recently and are still being screened.
            if (i >= jobs.Count - 4) continue;
            await MoveWorker(worker, WorkerStatus.Screening, "スキル面談を調整中");
            if (i >= jobs.Count - 8) continue;
            await MoveWorker(worker, WorkerStatus.Available, "スキル面談完了。稼働可能");
        }
    }

    private async Task MoveWorker(Worker worker, WorkerStatus to, string note)
    {
        await Send(new ChangeWorkerStatus.Command { WorkerId = worker.Id, Status = to, Note = note });
        worker.Status = to;
    }

    private async Task SignOn(CompanySeed seed, DateOnly on)
    {
        var owner = Pick(TeamMembers(Team.Cs));
        var dto = await Send(new CreateCompany.Command
        {
            Name = seed.Name,
            Industry = seed.Industry,
            EmployeeCount = seed.Employees,
            MonthlyFee = seed.MonthlyFee,
            CsOwnerId = owner.Id,
            SignedOn = on,
            Purposes = seed.Purposes,
        });
        var troubled = seed.Churn is { } plan && plan.Reasons.Any(r => catalog[r].Negative);
        var company = new Company(seed, dto.Id, owner, troubled ? 0.35 : 0.8);
        companies.Add(company);

        // Bigger companies start with more than one piece of work in mind.
        At(on.AddDays(rng.Next(7, 29)), d => Propose(company, d));
        for (var i = 1; i < company.MaxOpen - 1; i++)
            At(on.AddDays(rng.Next(30, 121)), d => Propose(company, d));
        At(on.AddDays(rng.Next(60, 91)), d => Survey(company, d));
        if (seed.Churn is { } churn)
        {
            At(churn.On, d => Churn(company, churn, d));
            if (churn.ReactivateOn is { } again) At(again, d => Reactivate(company, d));
        }
    }

    private async Task Propose(Company company, DateOnly on, Guid? leadId = null)
    {
        if (!company.Active)
        {
            if (leadId is { } lost) await Send(new SetExpansionLeadOutcome.Command { Id = lost, Status = LeadStatus.Lost });
            return;
        }
        // A lead that Sales closed is worked on even when the company is already busy.
        if (leadId is null && company.Open >= company.MaxOpen) return;

        var worker = AvailableWorker(Pick(IndustryJobs[company.Seed.Industry])) ?? AvailableWorker(null);
        if (worker is null)
        {
            At(on.AddDays(14), d => Propose(company, d, leadId));
            return;
        }
        var profile = Jobs.Single(p => p.Job == worker.Job);
        var hours = Math.Clamp(worker.WeeklyHours * 4, 20, 80);
        var dto = await Send(new ProposeEngagement.Command
        {
            CompanyId = company.Id,
            WorkerId = worker.Id,
            Title = Pick(profile.Titles),
            JobType = worker.Job,
            StartOn = on.AddDays(rng.Next(14, 31)),
            MonthlyHours = hours,
            MonthlyFee = (long)Math.Round(hours * profile.HourlyRate / 10_000.0) * 10_000,
        });
        worker.Status = WorkerStatus.Proposed; // proposing moves an available worker to proposed
        var engagement = new Engagement(dto.Id, company, worker, dto.StartOn);
        company.Engagements.Add(engagement);
        engagements++;
        if (leadId is { } converted)
            await Send(new SetExpansionLeadOutcome.Command { Id = converted, Status = LeadStatus.Converted, EngagementId = dto.Id });
        At(on.AddDays(rng.Next(5, 15)), d => Decide(engagement, d));
    }

    private Worker? AvailableWorker(J? job)
    {
        var candidates = workers.Where(w => w.Status == WorkerStatus.Available && (job is null || w.Job == job)).ToList();
        return candidates.Count == 0 ? null : Pick(candidates);
    }

    private async Task Decide(Engagement e, DateOnly on)
    {
        if (e.Status != EngagementStatus.Proposed) return;
        if (rng.NextDouble() < 0.13)
        {
            await Decline(e, Pick(DeclineNotes));
            At(on.AddDays(rng.Next(7, 22)), d => Propose(e.Company, d));
            return;
        }
        await Send(new ContractEngagement.Command { EngagementId = e.Id, ContractedOn = on });
        e.Status = EngagementStatus.Contracted;
        // One kickoff about a month before the seeding day is held a few days after its start, so a follow-up falls due
        // in the coming week whatever the day.
        var kickoffOn = e.StartOn;
        var dueThisWeek = Today.AddMonths(-1).AddDays(2);
        if (keptDue < 1 && kickoffOn < dueThisWeek && kickoffOn >= dueThisWeek.AddDays(-14) && on <= dueThisWeek)
        {
            keptDue++;
            kickoffOn = dueThisWeek;
        }
        At(kickoffOn, d => Kickoff(e, d));
    }

    private async Task Decline(Engagement e, string note)
    {
        await Send(new DeclineEngagement.Command { EngagementId = e.Id, Note = note });
        e.Status = EngagementStatus.Declined;
        // Declining puts a worker with nothing else open back in the pool.
        if (e.Worker.Status == WorkerStatus.Proposed) e.Worker.Status = WorkerStatus.Available;
    }

    private async Task Kickoff(Engagement e, DateOnly on)
    {
        var company = e.Company;
        if (e.Status != EngagementStatus.Contracted || !company.Active) return;
        var withCs = company.NeedsCsAtKickoff || rng.NextDouble() < 0.35;
        List<string> attendees = [$"{company.Seed.Name} ご担当者", e.Worker.Name, e.Worker.Concierge.Name];
        if (withCs) attendees.Add(company.Owner.Name);
        await Send(new RecordKickoff.Command { EngagementId = e.Id, HeldOn = on, CsAttendeeId = withCs ? company.Owner.Id : null, Attendees = attendees });
        company.NeedsCsAtKickoff = false;
        e.Status = EngagementStatus.Active;
        e.Worker.Status = WorkerStatus.Active;

        // With CS in the room the whole checklist is walked through; without, some items stay open.
        await Send(new UpdateKickoffChecklist.Command
        {
            EngagementId = e.Id,
            Items = KickoffChecklist.Keys.Select(k => new UpdateKickoffChecklist.Item { Key = k, Done = withCs || rng.NextDouble() < 0.7 }).ToList(),
        });

        e.GoesWell = rng.NextDouble() < company.GoodOdds;
        var due = EngagementLifecycle.FollowUpDue(on);
        var heldOn = FollowUpHeldOn(due);
        var endOn = on.AddDays(e.GoesWell ? rng.Next(90, 421) : rng.Next(30, 151));
        // The due list always has work on the seeding day, whatever the day: the first few follow-ups falling due in the
        // last weeks are still waiting (overdue), and none due in the coming week has been held early.
        if (due < Today && due >= Today.AddDays(-OverdueWindowDays) && keptOverdue < KeptOverdue)
        {
            keptOverdue++;
            heldOn = Today.AddDays(1);
            endOn = Later(endOn, Today.AddDays(1));
        }
        else if (due >= Today && due <= Today.AddDays(7))
        {
            heldOn = Later(heldOn, Today.AddDays(1));
            endOn = Later(endOn, Today.AddDays(1));
        }
        At(heldOn, d => FollowUp(e, d));
        At(endOn, d => End(e, d));
        // Land and expand: a company that is happy with its worker soon asks for another one.
        if (rng.NextDouble() < (e.GoesWell ? 0.6 : 0.2))
            At(on.AddDays(rng.Next(30, 91)), d => Propose(company, d));
    }

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    /// <summary>Most follow-ups happen around the due date; some slip by weeks, which is what the due list is for.</summary>
    private DateOnly FollowUpHeldOn(DateOnly due)
    {
        var r = rng.NextDouble();
        return due.AddDays(r < 0.65 ? rng.Next(-3, 8) : r < 0.85 ? rng.Next(10, 21) : rng.Next(25, 46));
    }

    private async Task FollowUp(Engagement e, DateOnly on)
    {
        if (e.Status != EngagementStatus.Active) return;
        var satisfaction = e.GoesWell ? Weighted([(3, 20), (4, 45), (5, 35)]) : Weighted([(1, 25), (2, 45), (3, 30)]);
        await Send(new RecordFollowUp.Command
        {
            EngagementId = e.Id,
            HeldOn = on,
            CompanySatisfaction = satisfaction,
            WorkerEvaluation = Math.Clamp(satisfaction + rng.Next(-1, 2), 1, 5),
            Note = FollowUpNotes[satisfaction - 1],
        });
        e.Company.LastSatisfaction = satisfaction;
        if (satisfaction >= 4 && rng.NextDouble() < 0.3)
            At(on.AddDays(rng.Next(3, 15)), d => TossLead(e.Company, d));
        At(on.AddDays(rng.Next(80, 111)), d => FollowUp(e, d));
    }

    private async Task End(Engagement e, DateOnly on)
    {
        if (e.Status != EngagementStatus.Active) return;
        // This company's engagements all run until its contract ends; its churn ends them.
        if (e.Company.Seed.Churn is { EndRunning: true } plan && on < plan.On) return;
        var ending = e.GoesWell ? Weighted(GoodEndings) : Weighted(BadEndings);
        var pause = ending.Reasons.Contains("worker_main_job") && rng.NextDouble() < 0.5;
        await EndEngagement(e, on, ending);
        // Busy at the main job: once nothing else is running the concierge pauses the worker (only an available worker pauses).
        if (pause && e.Worker.Status == WorkerStatus.Available)
            await MoveWorker(e.Worker, WorkerStatus.Paused, "本業の繁忙期のため一時休止");
        if (e.Company.Active && rng.NextDouble() < (e.GoesWell ? 0.75 : 0.5))
            At(on.AddDays(rng.Next(14, 46)), d => Propose(e.Company, d));
        if (e.Worker.Status == WorkerStatus.Available && rng.NextDouble() < 0.06)
            At(on.AddDays(rng.Next(7, 31)), d => Leave(e.Worker));
    }

    private async Task EndEngagement(Engagement e, DateOnly on, Ending ending)
    {
        await Send(new EndEngagement.Command { EngagementId = e.Id, EndedOn = on, InitiatedBy = ending.InitiatedBy, Reasons = ending.Reasons, Note = ending.Note });
        engagementChurns++;
        AfterEnded(e);
    }

    /// <summary>Mirrors what ending does to the worker (one engagement at a time here): back to available unless paused or gone.</summary>
    private static void AfterEnded(Engagement e)
    {
        e.Status = EngagementStatus.Ended;
        if (e.Worker.Status is WorkerStatus.Active or WorkerStatus.Proposed)
            e.Worker.Status = WorkerStatus.Available;
    }

    private async Task Leave(Worker worker)
    {
        if (worker.Status == WorkerStatus.Available)
            await MoveWorker(worker, WorkerStatus.Left, "本業に専念するため退会");
    }

    private async Task Churn(Company company, ChurnPlan plan, DateOnly on)
    {
        if (!company.Active) return;
        foreach (var proposal in company.Engagements.Where(e => e.Status == EngagementStatus.Proposed).ToList())
            await Decline(proposal, "企業解約のため提案を取り下げ");

        var open = company.Engagements.Where(e => e.Status is EngagementStatus.Contracted or EngagementStatus.Active).ToList();
        if (!plan.EndRunning)
        {
            // CS winds the engagements down first, each with its own reason, and then records the company churn.
            var reasons = plan.Reasons.Where(r => catalog[r].AppliesTo != Wire.Name(ReasonScope.Company)).ToArray();
            var ending = new Ending(ChurnInitiator.Company, reasons.Length > 0 ? reasons : ["other"], "企業解約に先立ち終了");
            foreach (var e in open)
                await EndEngagement(e, on, ending);
        }
        var result = await Send(new ChurnCompany.Command { CompanyId = company.Id, ChurnedOn = on, Reasons = plan.Reasons, Note = plan.Note, EndActiveEngagements = plan.EndRunning });
        companyChurns++;
        engagementChurns += result.EndedEngagements.Count;
        foreach (var e in open.Where(e => result.EndedEngagements.Any(x => x.EngagementId == e.Id)))
            AfterEnded(e);
        company.Active = false;
    }

    private async Task Reactivate(Company company, DateOnly on)
    {
        if (company.Active) return;
        await Send(new ReactivateCompany.Command { CompanyId = company.Id, SignedOn = on });
        company.Active = true;
        // A new term starts with CS at the kickoff again, even though the rule only demands it the first time ever.
        company.NeedsCsAtKickoff = true;
        At(on.AddDays(rng.Next(7, 22)), d => Propose(company, d));
    }

    private async Task Survey(Company company, DateOnly on)
    {
        if (company.Active)
        {
            var score = Math.Clamp(company.LastSatisfaction * 2 + rng.Next(-2, 2), 0, 10);
            await Send(new RecordSatisfaction.Command
            {
                CompanyId = company.Id,
                SurveyedOn = on,
                Score = score,
                Comment = score >= 9 ? "担当CSのフォローが手厚く、社内でも薦めたい"
                    : score >= 7 ? "満足しているが、人材提案までのスピードを上げてほしい"
                    : "副業人材の活用イメージがまだ社内に浸透していない",
            });
        }
        At(on.AddDays(rng.Next(80, 101)), d => Survey(company, d));
    }

    private async Task TossLead(Company company, DateOnly on)
    {
        if (!company.Active) return;
        var lead = await Send(new TossExpansionLead.Command { CompanyId = company.Id, TossedOn = on, Description = Pick(LeadDescriptions) });
        At(on.AddDays(rng.Next(10, 41)), d => LeadOutcome(company, lead.Id, d));
    }

    private async Task LeadOutcome(Company company, Guid leadId, DateOnly on)
    {
        var r = rng.NextDouble();
        if (company.Active && r < 0.5)
            await Propose(company, on, leadId);
        else if (!company.Active || r < 0.8)
            await Send(new SetExpansionLeadOutcome.Command { Id = leadId, Status = LeadStatus.Lost });
        // Otherwise Sales is still talking to the company: the lead stays open.
    }

    /// <summary>
    /// CS owners assess most active companies; mostly they agree with the computed stage (HRMOS saw 85%),
    /// sometimes they see it one stage off.
    /// </summary>
    private async Task AddAssessments()
    {
        foreach (var company in companies.Where(c => c.Active))
        {
            if (rng.NextDouble() < 0.12) continue;
            var computed = (await Send(new GetCompany.Query(company.Id))).Stage;
            var believed = rng.NextDouble() < 0.85 ? computed
                : (Stage)Math.Clamp((int)computed + (rng.Next(2) == 0 ? -1 : 1), (int)Stage.Entry, (int)Stage.Loyal);
            var rank = believed switch
            {
                Stage.Loyal => Weighted([(Rank.S, 50), (Rank.A, 50)]),
                Stage.Active => Weighted([(Rank.A, 50), (Rank.B, 50)]),
                Stage.Onboard => Weighted([(Rank.B, 60), (Rank.C, 40)]),
                _ => Weighted([(Rank.B, 30), (Rank.C, 70)]),
            };
            await Send(new SetAssessment.Command { CompanyId = company.Id, Rank = rank, Stage = believed });
        }
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    private T Weighted<T>(IReadOnlyList<(T Value, int Weight)> choices)
    {
        var roll = rng.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if (roll < weight) return value;
            roll -= weight;
        }
        throw new InvalidOperationException("Weights must be positive.");
    }
}
