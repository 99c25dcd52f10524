using System.Net;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using static Marketplace.Tests.Imports.ImportFiles;

namespace Marketplace.Tests.Imports;

public class ImportsApiTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly Scenario given = new(app);

    private async Task<string> MemberWithEmail(string team)
    {
        var email = $"{team}-{Guid.NewGuid():N}@example.jp";
        await given.Admin.PostCreated("/api/members", new { name = $"{team} 担当", email, team });
        return email;
    }

    private async Task<(HttpStatusCode Status, JsonNode Report)> Import(string kind, byte[] content, string fileName, bool dryRun, string? language = "ja", string? sheet = null)
    {
        var url = $"/api/imports/{kind}?dryRun={(dryRun ? "true" : "false")}" + (sheet is null ? "" : $"&sheet={Uri.EscapeDataString(sheet)}");
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Upload(content, fileName) };
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        var response = await given.Admin.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text)!);
    }

    private static string[] CompanyHeader => ["企業名", "業界", "従業員数", "月額", "CS担当メール", "契約日", "目的", "外部ID", "解約日", "解約理由"];

    [Fact]
    public async Task Companies_from_a_shift_jis_csv_preview_then_commit_and_a_second_import_changes_nothing()
    {
        var cs = await MemberWithEmail("cs");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var csv = Csv(CompanyHeader,
            [$"株式会社テスト{tag}", "製造業", "1,200", "¥150,000", cs, "2025/4/1", "リソース不足、ノウハウ不足", $"X-{tag}", "", ""],
            [$"合同会社サンプル{tag}", "小売", "80", "90000", cs, "2025年5月1日", "variable_cost", "", "2026-03-31", "予算都合"]);
        var before = given.Snapshot();

        var (status, preview) = await Import("companies", ShiftJis(csv), "顧客マスタ.csv", dryRun: true);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("csv-shift_jis", preview["format"]!.GetValue<string>());
        Assert.Equal(2, preview["rows"]!.GetValue<int>());
        Assert.True(2 == preview["created"]!.GetValue<int>(), preview.ToJsonString());
        Assert.Empty(preview["errors"]!.AsArray());
        Assert.False(preview["committed"]!.GetValue<bool>());
        Assert.Equal(before, given.Snapshot());

        var (_, committed) = await Import("companies", ShiftJis(csv), "顧客マスタ.csv", dryRun: false);
        Assert.True(committed["committed"]!.GetValue<bool>(), committed.ToJsonString());
        var companies = (await given.Admin.GetOk($"/api/companies?q={tag}&pageSize=10"))["items"]!.AsArray();
        var test = Assert.Single(companies, c => c!["name"]!.GetValue<string>() == $"株式会社テスト{tag}")!;
        Assert.Equal(1200, test["employeeCount"]!.GetValue<int>());
        Assert.Equal(150000, test["monthlyFee"]!.GetValue<long>());
        Assert.Equal("2025-04-01", test["signedOn"]!.GetValue<string>());
        Assert.Equal(["resource_shortage", "know_how"], test["purposes"]!.AsArray().Select(p => p!.GetValue<string>()));
        var churned = Assert.Single(companies, c => c!["name"]!.GetValue<string>() == $"合同会社サンプル{tag}")!;
        Assert.Equal("churned", churned["status"]!.GetValue<string>());

        var audit = (await given.Admin.GetOk($"/api/audit?entity=company&entityId={test["id"]}"))["items"]!.AsArray();
        Assert.Contains(audit, e => e!["action"]!.GetValue<string>() == "import" && e["summary"]!.GetValue<string>().Contains("顧客マスタ.csv row 2"));

        var again = given.Snapshot();
        var (_, second) = await Import("companies", Utf8Bom(csv), "顧客マスタ.csv", dryRun: false);
        Assert.Equal(2, second["unchanged"]!.GetValue<int>());
        Assert.Equal(0, second["created"]!.GetValue<int>() + second["updated"]!.GetValue<int>());
        Assert.Equal(again, given.Snapshot());
    }

    [Fact]
    public async Task A_row_with_problems_is_reported_at_its_column_in_Japanese_and_nothing_is_stored()
    {
        var cs = await MemberWithEmail("cs");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var before = given.Snapshot();
        var csv = Csv(CompanyHeader,
            [$"良い会社{tag}", "製造業", "100", "100000", cs, "2025-04-01", "", "", "", ""],
            [$"悪い会社{tag}", "製造業", "百", "100000", "nobody@example.jp", "2025-13-01", "", "", "", ""]);
        var (status, report) = await Import("companies", Utf8(csv), "companies.csv", dryRun: false);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.False(report["committed"]!.GetValue<bool>());
        var errors = report["errors"]!.AsArray();
        Assert.All(errors, e => Assert.Equal(3, e!["row"]!.GetValue<int>()));
        Assert.Contains(errors, e => e!["column"]!.GetValue<string>() == "従業員数" && e["message"]!.GetValue<string>().Contains("「百」は数値として読めません"));
        Assert.Contains(errors, e => e!["column"]!.GetValue<string>() == "CS担当メール" && e["message"]!.GetValue<string>().Contains("nobody@example.jp"));
        Assert.Contains(errors, e => e!["column"]!.GetValue<string>() == "契約日" && e["message"]!.GetValue<string>().Contains("日付として読めません"));
        Assert.Equal(before, given.Snapshot());
    }

    [Fact]
    public async Task An_unknown_column_is_reported_and_an_oversized_file_is_413()
    {
        var cs = await MemberWithEmail("cs");
        var csv = Csv([.. CompanyHeader, "備考"], ["会社", "製造業", "100", "100000", cs, "2025-04-01", "", "", "", "", "メモ"]);
        var (status, report) = await Import("companies", Utf8(csv), "companies.csv", dryRun: true);
        Assert.Equal(HttpStatusCode.OK, status);
        var error = Assert.Single(report["errors"]!.AsArray())!;
        Assert.Equal(1, error["row"]!.GetValue<int>());
        Assert.Equal("備考", error["column"]!.GetValue<string>());

        var (tooBig, _) = await Import("companies", new byte[20 * 1024 * 1024 + 70 * 1024], "big.csv", dryRun: true);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig);
    }

    [Fact]
    public async Task Workers_from_xlsx_and_engagement_history_replay_through_the_use_cases()
    {
        var cs = await MemberWithEmail("cs");
        var cc = await MemberWithEmail("cc");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var companyName = $"履歴の会社{tag}";
        var (s1, companies) = await Import("companies", Utf8Bom(Csv(CompanyHeader, [companyName, "SaaS", "300", "120000", cs, "2025-01-10", "リソース不足", "", "", ""])), "c.csv", false);
        Assert.True(companies["committed"]!.GetValue<bool>(), companies.ToJsonString());

        var alice = $"alice-{tag}@example.jp";
        var bob = $"bob-{tag}@example.jp";
        var workers = Xlsx([
            ["氏名", "メール", "職種", "スキル", "本業", "週稼働時間", "担当コンシェルジュメール", "ステータス"],
            ["有栖 アリス", alice, "エンジニア", "C#、SQL", "会社員", "10", cc, "稼働中"],
            ["坊 ボブ", bob, "デザイナー", "Figma", "フリーランス", "20", cc, "退会"],
        ]);
        var (s2, workerReport) = await Import("workers", workers, "人材.xlsx", false);
        Assert.True(workerReport["committed"]!.GetValue<bool>(), workerReport.ToJsonString());
        Assert.Equal("xlsx", workerReport["format"]!.GetValue<string>());

        string[] header = ["企業名", "人材メール", "案件名", "職種", "開始日", "月稼働時間", "月額", "契約日", "キックオフ日", "同席CSメール", "経過面談日", "企業満足度", "人材評価", "終了日", "申し出", "終了理由"];
        var history = Csv(header,
            [companyName, alice, "基幹改修", "エンジニア", "2025-02-01", "40", "200000", "2025-01-20", "2025-02-01", cs, "2025-03-01", "4", "4", "", "", ""],
            [companyName, bob, "LP制作", "デザイナー", "2025-02-15", "20", "100000", "", "2025-02-15", cs, "2025-03-15", "2", "3", "2025-05-31", "企業", "スキルミスマッチ"]);
        var (s3, engagements) = await Import("engagements", Utf8Bom(history), "案件履歴.csv", false);
        Assert.True(engagements["committed"]!.GetValue<bool>(), engagements.ToJsonString());
        Assert.Equal(2, engagements["created"]!.GetValue<int>());

        var list = (await given.Admin.GetOk($"/api/engagements?pageSize=50&q={tag}"))["items"];
        var ended = (await given.Admin.GetOk("/api/churn/engagements?from=2025-05-31&to=2025-05-31&pageSize=200"))["items"]!.AsArray();
        var bobEnd = Assert.Single(ended, e => e!["workerName"]!.GetValue<string>() == "坊 ボブ")!;
        Assert.True(bobEnd["negative"]!.GetValue<bool>());
        Assert.Equal(["skill_mismatch"], bobEnd["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
        var workersNow = (await given.Admin.GetOk($"/api/workers?q={tag}&pageSize=10"))["items"]!.AsArray();
        Assert.Equal("active", Assert.Single(workersNow, w => w!["email"]!.GetValue<string>() == alice)!["status"]!.GetValue<string>());
        Assert.Equal("left", Assert.Single(workersNow, w => w!["email"]!.GetValue<string>() == bob)!["status"]!.GetValue<string>());

        var again = given.Snapshot();
        var (_, second) = await Import("engagements", Utf8Bom(history), "案件履歴.csv", false);
        Assert.Equal(2, second["unchanged"]!.GetValue<int>());
        Assert.Equal(again, given.Snapshot());
    }

    [Fact]
    public async Task A_formula_cell_is_read_as_its_value_text_is_kept_verbatim_and_a_named_sheet_is_read()
    {
        var cs = await MemberWithEmail("cs");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var name = $"=1+2 商事{tag}";
        var workbook = Xlsx([CompanyHeader, [name, "=SUM(A1)", "300", "100000", cs, "2025-04-01", "", "", "", ""]], sheetName: "顧客");
        workbook = WithFormula(workbook, "300", "100*3");

        var (noSuchSheet, refused) = await Import("companies", workbook, "master.xlsx", dryRun: true, sheet: "ありません");
        Assert.Equal(HttpStatusCode.BadRequest, noSuchSheet);
        Assert.Contains("「ありません」", refused["errors"]!["sheet"]![0]!.GetValue<string>());

        var (status, report) = await Import("companies", workbook, "master.xlsx", dryRun: false, sheet: "顧客");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(report["committed"]!.GetValue<bool>(), report.ToJsonString());
        var company = (await given.Admin.GetOk($"/api/companies?q={tag}"))["items"]![0]!;
        Assert.Equal(name, company["name"]!.GetValue<string>());
        Assert.Equal("=SUM(A1)", company["industry"]!.GetValue<string>());
        Assert.Equal(300, company["employeeCount"]!.GetValue<int>());

        // The export still neutralises the text a spreadsheet would run.
        var csv = await (await given.Admin.Get("/api/insights/churn-rates?kind=company&from=2025-04&to=2025-05&by=industry&format=csv")).Content.ReadAsStringAsync();
        Assert.Contains("=SUM(A1)", csv);
        Assert.DoesNotContain(",=SUM(A1)", csv);
    }

    /// <summary>The workbook with the cell holding <paramref name="value"/> made a formula whose cached result it is, as Excel saves one.</summary>
    private static byte[] WithFormula(byte[] workbook, string value, string formula)
    {
        using var stream = new MemoryStream();
        stream.Write(workbook);
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.Entries.Single(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal));
            string xml;
            using (var reader = new StreamReader(entry.Open())) xml = reader.ReadToEnd();
            var changed = System.Text.RegularExpressions.Regex.Replace(xml, $"<((?:\\w+:)?)v>{value}</(?:\\w+:)?v>", m => $"<{m.Groups[1].Value}f>{formula}</{m.Groups[1].Value}f><{m.Groups[1].Value}v>{value}</{m.Groups[1].Value}v>", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            Assert.NotEqual(xml, changed);
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(entry.FullName).Open());
            writer.Write(changed);
        }
        return stream.ToArray();
    }

    /// <summary>A company and an available worker imported for engagement rows to name; the worker's sheet has English headers and codes, in another order.</summary>
    private async Task<(string Cs, string Tag, string Company, string Worker)> CompanyAndWorker(string prefix)
    {
        var cs = await MemberWithEmail("cs");
        var cc = await MemberWithEmail("cc");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var company = $"{prefix}の会社{tag}";
        await Import("companies", Utf8(Csv(CompanyHeader, [company, "SaaS", "100", "100000", cs, "2025-01-10", "", "", "", ""])), "c.csv", false);
        var worker = $"{tag}@example.jp";
        var (_, workers) = await Import("workers", Utf8(Csv(
            ["email", "name", "jobType", "mainJobStyle", "weeklyHours", "conciergeEmail", "status"],
            [worker, $"{prefix} 太郎", "engineer", "freelancer", "15", cc, "available"])), "w.csv", false);
        Assert.True(workers["committed"]!.GetValue<bool>(), workers.ToJsonString());
        return (cs, tag, company, worker);
    }

    [Fact]
    public async Task Engagement_rows_that_break_the_rules_are_reported_at_their_columns_and_English_headers_work()
    {
        var (cs, tag, company, worker) = await CompanyAndWorker("規則");

        string[] header = ["企業名", "人材メール", "案件名", "職種", "開始日", "月稼働時間", "月額", "キックオフ日", "同席CSメール", "終了日", "申し出", "終了理由"];
        var before = given.Snapshot();
        var (status, report) = await Import("engagements", Utf8(Csv(header,
            [company, worker, "終了が先", "エンジニア", "2025-03-01", "40", "200000", "2025-03-01", cs, "2025-02-01", "企業", "予算都合"],
            [company, worker, "理由違い", "エンジニア", "2025-04-01", "40", "200000", "2025-04-01", cs, "2025-05-31", "企業", "活用しきれていない"],
            [company, worker, "理由違い", "エンジニア", "2025-04-01", "40", "200000", "2025-04-01", cs, "", "", ""],
            [company, $"nobody-{tag}@example.jp", "不明な人材", "エンジニア", "2025-05-01", "40", "200000", "", "", "", "", ""])), "e.csv", false);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var errors = report["errors"]!.AsArray().Select(e => (Row: e!["row"]!.GetValue<int>(), Column: e["column"]!.GetValue<string>(), Message: e["message"]!.GetValue<string>())).ToList();
        Assert.Contains(errors, e => e is { Row: 2, Column: "終了日" });
        Assert.Contains(errors, e => e.Row == 3 && e.Column == "終了理由" && e.Message.Contains("案件終了の理由には選べません"));
        Assert.Contains(errors, e => e.Row == 4 && e.Message.Contains("3行目"));
        Assert.Contains(errors, e => e.Row == 5 && e.Column == "人材メール" && e.Message.Contains("先に人材を取り込んでください"));
        Assert.Equal(before, given.Snapshot());
    }

    [Fact]
    public async Task A_history_row_is_held_to_the_rules_of_each_of_its_records_at_the_column_it_breaks()
    {
        var (cs, _, company, worker) = await CompanyAndWorker("一括");

        string[] header = ["企業名", "人材メール", "案件名", "職種", "開始日", "月稼働時間", "月額", "契約日", "キックオフ日", "同席CSメール", "経過面談日", "企業満足度", "人材評価", "終了日", "申し出", "終了理由"];
        var before = given.Snapshot();
        var (status, report) = await Import("engagements", Utf8(Csv(header,
            // The company's first kickoff, without CS.
            [company, worker, "CSなし", "エンジニア", "2025-02-01", "40", "200000", "2025-01-25", "2025-02-01", "", "", "", "", "", "", ""],
            // A follow-up with no kickoff.
            [company, worker, "キックオフなし", "エンジニア", "2025-03-01", "40", "200000", "2025-02-25", "", "", "2025-04-01", "4", "4", "", "", ""],
            // Kicked off before its contract.
            [company, worker, "契約前", "エンジニア", "2025-04-01", "40", "200000", "2025-04-10", "2025-04-01", cs, "", "", "", "", "", ""],
            // Ended before the follow-up that was held.
            [company, worker, "面談後に終了", "エンジニア", "2025-05-01", "40", "200000", "2025-04-25", "2025-05-01", cs, "2025-06-01", "4", "4", "2025-05-20", "企業", "予算都合"],
            // A row that keeps every rule, for contrast: it would be created.
            [company, worker, "正しい行", "エンジニア", "2025-06-01", "40", "200000", "2025-05-25", "2025-06-01", cs, "2025-07-01", "5", "5", "", "", ""])), "e.csv", true);
        // The preview answers with its problems; nothing is kept either way.
        Assert.True(status == HttpStatusCode.OK, report.ToJsonString());
        var errors = report["errors"]!.AsArray().Select(e => (Row: e!["row"]!.GetValue<int>(), Column: e["column"]!.GetValue<string>(), Message: e["message"]!.GetValue<string>())).ToList();
        Assert.Contains(errors, e => e is { Row: 2, Column: "同席CSメール" });
        Assert.Contains(errors, e => e is { Row: 3, Column: "キックオフ日", Message: "キックオフ日を入力してください。" });
        Assert.Contains(errors, e => e.Row == 4 && e.Column == "キックオフ日" && e.Message.StartsWith("キックオフ日は契約日（2025-04-10）", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Row == 5 && e.Column == "経過面談日" && e.Message.StartsWith("経過面談日は案件の終了日（2025-05-20）", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Row == 6);
        Assert.All(errors, e => Assert.DoesNotMatch("[A-Za-z]{4,}", e.Message));
        Assert.Equal("created", report["items"]!.AsArray().Single(i => i!["row"]!.GetValue<int>() == 6)!["outcome"]!.GetValue<string>());
        Assert.Equal(before, given.Snapshot());
    }

    [Fact]
    public async Task A_kickoff_without_CS_is_refused_only_where_it_would_become_the_companys_first()
    {
        var (cs, _, company, worker) = await CompanyAndWorker("初回");

        string[] header = ["企業名", "人材メール", "案件名", "職種", "開始日", "月稼働時間", "月額", "キックオフ日", "同席CSメール"];
        var (status, report) = await Import("engagements", Utf8(Csv(header,
            [company, worker, "CSあり", "エンジニア", "2025-03-01", "40", "200000", "2025-03-01", cs],
            // Earlier than the kickoff with CS: it would be the company's first, without CS.
            [company, worker, "先にCSなし", "エンジニア", "2025-02-01", "40", "200000", "2025-02-01", ""],
            // Later: the first kickoff still had CS.
            [company, worker, "後でCSなし", "エンジニア", "2025-04-01", "40", "200000", "2025-04-01", ""])), "e.csv", true);
        Assert.True(status == HttpStatusCode.OK, report.ToJsonString());
        var errors = report["errors"]!.AsArray().Select(e => (Row: e!["row"]!.GetValue<int>(), Column: e["column"]!.GetValue<string>())).ToList();
        Assert.Equal([(3, "同席CSメール")], errors);
        Assert.Equal(["created", "error", "created"], report["items"]!.AsArray().Select(i => i!["outcome"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Each_team_imports_the_records_it_writes_and_a_shared_name_is_a_problem_not_a_failure()
    {
        var (_, cc) = await given.Member("cc");
        var (_, cs) = await given.Member("cs");
        var ccEmail = await MemberWithEmail("cc");
        var csEmail = await MemberWithEmail("cs");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var companies = Utf8(Csv(CompanyHeader, [$"同名{tag}", "SaaS", "10", "100000", csEmail, "2025-04-01", "", "", "", ""]));
        var workers = Utf8(Csv(["氏名", "メール", "職種", "本業", "週稼働時間", "担当コンシェルジュメール"], ["取込 花子", $"h-{tag}@example.jp", "エンジニア", "会社員", "10", ccEmail]));
        async Task<HttpStatusCode> As(ApiClient client, string kind, byte[] file) =>
            (await client.Http.PostAsync($"/api/imports/{kind}?dryRun=true", Upload(file, $"{kind}.csv"))).StatusCode;
        Assert.Equal(HttpStatusCode.Forbidden, await As(cc, "companies", companies));
        Assert.Equal(HttpStatusCode.Forbidden, await As(cc, "engagements", companies));
        Assert.Equal(HttpStatusCode.OK, await As(cc, "workers", workers));
        Assert.Equal(HttpStatusCode.Forbidden, await As(cs, "workers", workers));
        Assert.Equal(HttpStatusCode.OK, await As(cs, "companies", companies));

        // Two companies of one name: the row names neither, and says how to.
        var cs1 = (await given.Admin.GetOk($"/api/members?team=cs&pageSize=1"))["items"]![0]!["id"]!.GetValue<string>();
        await given.Company(cs1, name: $"同名{tag}");
        await given.Company(cs1, name: $"同名{tag}");
        var (status, report) = await Import("companies", companies, "c.csv", dryRun: true);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("外部IDで指定してください", Assert.Single(report["errors"]!.AsArray())!["message"]!.GetValue<string>());
    }
}
