using System.Globalization;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Features.Companies;
using Marketplace.Core.Features.Insights;
using Microsoft.Data.Sqlite;
using Marketplace.Core.Facts;

namespace Marketplace.Bench;

/// <summary>
/// How much to generate. <see cref="ForEngagements"/> keeps the marketplace's proportions: ten engagements per
/// company over its life, three per worker, a CS member per 2,000 companies and a concierge per 6,000 workers.
/// </summary>
public sealed record GeneratorOptions(int Companies, int Workers, int Engagements, int CsMembers, int Concierges)
{
    public const int DefaultSeed = 20240401;
    public static readonly DateOnly DefaultToday = new(2026, 6, 30);

    public int Seed { get; init; } = DefaultSeed;

    /// <summary>The "today" of the data: nothing happens after it, and running engagements are running on it.</summary>
    public DateOnly Today { get; init; } = DefaultToday;

    /// <summary>The first signing; the history covers five and a half years up to <see cref="Today"/>.</summary>
    public DateOnly Start => Today.AddYears(-5).AddMonths(-6);

    public static GeneratorOptions ForEngagements(int engagements)
    {
        var companies = Math.Max(10, engagements / 10);
        var workers = Math.Max(30, engagements * 3 / 10);
        return new GeneratorOptions(companies, workers, engagements, Math.Max(3, companies / 2000), Math.Max(3, workers / 6000));
    }
}

/// <summary>Rows written per table.</summary>
public sealed record GeneratedCounts(IReadOnlyDictionary<string, long> Rows)
{
    public long this[string table] => Rows.GetValueOrDefault(table);
}

/// <summary>
/// Writes a realistic marketplace history into a SQLite file built by the real migrations: members, companies with
/// signed terms (some churned, some re-signed after churning), workers, engagements over those terms (proposed,
/// declined, contracted, running, ended) with kickoffs, follow-ups, satisfaction, and churn records with reasons
/// (engagements ended by their company's churn carry company_churn). Deterministic for a seed and a today.
/// Fast: one transaction, one prepared command per table, foreign keys checked by construction (and by
/// PRAGMA foreign_key_check in the smoke test) rather than per row.
/// </summary>
public sealed class BenchDataGenerator(GeneratorOptions options)
{
    private static readonly string[] Industries = ["SaaS", "製造", "小売", "金融", "不動産", "医療", "人材", "広告", "物流", "教育"];
    private static readonly string[] JobTypes = ["engineer", "designer", "marketer", "sales", "writer", "pm", "data", "hr", "other"];
    private static readonly string[] Purposes = ["resource_shortage", "variable_cost", "know_how", "core_productivity"];
    private static readonly string[] NegativeEngagementReasons = ["skill_mismatch", "communication", "progress_invisible", "conditions_misaligned"];
    private static readonly string[] OtherEngagementReasons = ["project_completed", "budget", "hired_in_house", "worker_main_job", "other"];
    private static readonly string[] NegativeCompanyReasons = ["skill_mismatch", "communication", "progress_invisible", "conditions_misaligned", "low_utilization"];
    private static readonly string[] OtherCompanyReasons = ["budget", "hired_in_house", "other"];
    private static readonly string[] Stages = ["entry", "onboard", "active", "loyal"];
    private static readonly string[] Ranks = ["s", "a", "b", "c"];
    private static readonly string[] Initiators = ["company", "worker", "mutual"];
    private static readonly string[] FamilyNames = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤"];
    private static readonly string[] GivenNames = ["太郎", "花子", "一郎", "美咲", "健太", "陽子", "翔", "愛", "大輔", "由美"];

    private sealed record Term(DateOnly SignedOn, DateOnly? ChurnedOn, string? ChurnId);

    private readonly Random rng = new(options.Seed);

    public GeneratedCounts Generate(string path)
    {
        if (File.Exists(path)) throw new IOException($"{path} exists; the generator writes a new database only.");
        var factory = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={path}"));
        new MigrationRunner(factory).Apply();
        // The runner's pooled connection would keep the journal mode from being changed.
        SqliteConnection.ClearAllPools();

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        // A new file loaded in one go: no rollback journal (a failed load leaves a file to delete, not to repair) and a
        // page cache big enough that the randomly keyed indexes are not spilled and rewritten again and again.
        Exec(connection, "PRAGMA journal_mode = OFF; PRAGMA foreign_keys = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1500000; PRAGMA temp_store = MEMORY;");
        var counts = new Dictionary<string, long>();
        using (var tx = connection.BeginTransaction())
        {
            var w = new Writer(connection, tx, counts);
            Write(w);
            // The stage facts each company row keeps, from the history just written, by the statement the app recomputes them with.
            Exec(connection, CompanyStageFacts.Sql.RefreshAll, tx);
            // No landmark snapshot for history written behind the app's back: the app builds one when it starts.
            Exec(connection, LandmarkStageFacts.Sql.Forget, tx);
            tx.Commit();
        }
        // The engagement figures kept per day and tenure, and the companies' spans, from the history just written, as the app rebuilds them.
        Task.Run(async () =>
        {
            await using var db = new Db(factory);
            await db.BeginAsync(default);
            await EngagementDayCounts.RebuildAll(db, default);
            await CompanySpans.RebuildAll(db, default);
            await CompanyTermMonths.RebuildAll(db, default);
            await db.CommitAsync(default);
        }).GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
        Exec(connection, "PRAGMA synchronous = FULL; PRAGMA journal_mode = WAL; ANALYZE;");
        return new GeneratedCounts(counts);
    }

    private void Write(Writer w)
    {
        var today = options.Today;
        var created = Stamp(today);

        // Members: CS, concierges, an admin and two in sales.
        var member = w.Table("members", "id, name, email, team, created_at");
        var cs = Ids(options.CsMembers);
        var cc = Ids(options.Concierges);
        var n = 0;
        foreach (var (ids, team) in new[] { (cs, "cs"), (cc, "cc"), (Ids(1), "admin"), (Ids(2), "sales") })
            foreach (var id in ids)
                member.Row(id, PersonName(), $"member{++n}@bench.example.jp", team, created);

        // Companies and their signed terms.
        var company = w.Table("companies", "id, name, industry, employee_count, monthly_fee, cs_owner_id, signed_on, status, assessment_rank, assessment_stage, assessed_on, created_at, updated_at");
        var purpose = w.Table("company_purposes", "company_id, purpose");
        var companyChurn = w.Table("company_churns", "id, company_id, churned_on, term_signed_on, note, created_at, negative, tenure_months");
        var companyReason = w.Table("company_churn_reasons", "churn_id, reason_code, churned_on, tenure_days, tenure_months");
        var companyIds = Ids(options.Companies);
        var terms = new Term[options.Companies][];
        var span = today.DayNumber - options.Start.DayNumber;
        for (var i = 0; i < companyIds.Length; i++)
        {
            var list = new List<Term>();
            var signed = options.Start.AddDays(rng.Next(span - 30));
            while (true)
            {
                // About a third of terms end in churn, after a tenure of some months to years.
                var churnOn = rng.NextDouble() < 0.45 ? signed.AddDays(15 + (int)Exponential(540)) : (DateOnly?)null;
                if (churnOn is { } c && c >= today) churnOn = null;
                if (churnOn is null) { list.Add(new Term(signed, null, null)); break; }
                var churnId = Id();
                list.Add(new Term(signed, churnOn, churnId));
                var reasons = Reasons(rng.NextDouble() < 0.4 ? NegativeCompanyReasons : OtherCompanyReasons, OtherCompanyReasons).ToList();
                companyChurn.Row(churnId, companyIds[i], Day(churnOn.Value), Day(signed), null, Stamp(churnOn.Value), Negative(w, reasons), Tenure.Months(signed, churnOn.Value));
                foreach (var code in reasons)
                    companyReason.Row(churnId, code, Day(churnOn.Value), Tenure.Days(signed, churnOn.Value), Tenure.Months(signed, churnOn.Value));
                // Some churned companies sign again (reactivation); the new term starts after the churn.
                var again = churnOn.Value.AddDays(30 + rng.Next(365));
                if (rng.NextDouble() >= 0.15 || again >= today.AddDays(-1)) break;
                signed = again;
            }
            terms[i] = [.. list];
            var last = list[^1];
            var active = last.ChurnedOn is null;
            var assessed = active && rng.NextDouble() < 0.6;
            company.Row(companyIds[i], $"株式会社ベンチ{i + 1:D6}", Pick(Industries), EmployeeCount(), 50_000 + 10_000 * rng.Next(30),
                Pick(cs), Day(last.SignedOn), active ? "active" : "churned",
                assessed ? Pick(Ranks) : null, assessed ? Pick(Stages) : null, assessed ? Day(today.AddDays(-rng.Next(120))) : null,
                Stamp(list[0].SignedOn), created);
            foreach (var p in Purposes.Where(_ => rng.NextDouble() < 0.4).DefaultIfEmpty(Pick(Purposes)))
                purpose.Row(companyIds[i], p);
        }

        // Engagements over the terms, with what happened to each.
        var engagement = w.Table("engagements", "id, company_id, worker_id, title, job_type, start_on, monthly_hours, monthly_fee, status, contracted_on, declined_note, ended_on, created_at, updated_at, concierge_id, kicked_off_on");
        var kickoff = w.Table("kickoffs", "engagement_id, company_id, held_on, cs_attendee_id, created_at");
        var followUp = w.Table("follow_ups", "id, engagement_id, due_on, held_on, company_satisfaction, worker_evaluation, note, created_at, updated_at, company_id, cancelled_on");
        var engagementChurn = w.Table("engagement_churns", "id, engagement_id, ended_on, initiated_by, note, company_churn_id, created_at, negative, tenure_days, job_type, concierge_id, company_id, tenure_months");
        var engagementReason = w.Table("engagement_churn_reasons", "churn_id, reason_code, ended_on, tenure_days, tenure_months");
        var workerIds = Ids(options.Workers);
        var workerActive = new bool[options.Workers];
        var workerJob = workerIds.Select(_ => Pick(JobTypes)).ToArray();
        var workerConcierge = workerIds.Select(_ => Pick(cc)).ToArray();
        for (var e = 0; e < options.Engagements; e++)
        {
            // Bigger companies get more engagements: a skewed pick over the (randomly ordered) companies.
            var ci = (int)(companyIds.Length * Math.Pow(rng.NextDouble(), 1.6));
            var term = PickTerm(terms[ci], today, out var start);
            var termEnd = term.ChurnedOn ?? today;
            var wi = rng.Next(workerIds.Length);
            var id = Id();
            var stamp = Stamp(start);
            var fee = 100_000 + 20_000 * rng.Next(20);
            var hours = 10 + 5 * rng.Next(12);
            var roll = rng.NextDouble();
            if (roll < 0.04 && term.ChurnedOn is null)
            {
                // Proposed or contracted to start in the coming weeks.
                var future = today.AddDays(1 + rng.Next(45));
                var contracted = rng.NextDouble() < 0.5;
                engagement.Row(id, companyIds[ci], workerIds[wi], "提案中の案件", workerJob[wi], Day(future), hours, fee,
                    contracted ? "contracted" : "proposed", contracted ? Day(today.AddDays(-rng.Next(10))) : null, null, null, created, created,
                    workerConcierge[wi], null);
                continue;
            }
            if (roll < 0.08)
            {
                engagement.Row(id, companyIds[ci], workerIds[wi], "見送りの案件", workerJob[wi], Day(start), hours, fee,
                    "declined", null, "条件が合わず見送り", null, stamp, stamp, workerConcierge[wi], null);
                continue;
            }

            var planned = start.AddDays(1 + (int)Math.Exp(5.0 + 0.9 * Normal()));
            DateOnly? endedOn = planned <= termEnd && planned <= today ? planned : term.ChurnedOn is { } churned ? churned : null;
            var endedByCompany = endedOn is not null && term.ChurnedOn == endedOn && planned > termEnd;
            engagement.Row(id, companyIds[ci], workerIds[wi], "業務委託", workerJob[wi], Day(start), hours, fee,
                endedOn is null ? "active" : "ended", Day(start.AddDays(-1 - rng.Next(14))), null,
                endedOn is { } en ? Day(en) : null, stamp, endedOn is { } u ? Stamp(u) : stamp, workerConcierge[wi], Day(start));
            kickoff.Row(id, companyIds[ci], Day(start), Pick(cs), stamp);
            if (endedOn is null) workerActive[wi] = true;

            // The follow-up scheduled a month after the kickoff: mostly held around its due date.
            var due = start.AddMonths(1);
            var limit = endedOn ?? today;
            int? satisfaction = null;
            if (due <= limit && rng.NextDouble() < 0.85)
            {
                var held = due.AddDays(rng.Next(15));
                if (held > limit) held = limit;
                satisfaction = Weighted([5, 10, 25, 40, 20]) + 1;
                followUp.Row(Id(), id, Day(due), Day(held), satisfaction, Weighted([5, 10, 25, 40, 20]) + 1, null, stamp, Stamp(held), companyIds[ci], null);
            }
            else
            {
                // Still pending when the engagement ended: ending it cancelled the follow-up.
                followUp.Row(Id(), id, Day(due), null, null, null, null, stamp, endedOn is { } cancelled ? Stamp(cancelled) : stamp, companyIds[ci], endedOn is { } c ? Day(c) : null);
            }

            if (endedOn is { } end)
            {
                var churnId = Id();
                var initiator = endedByCompany ? "company" : Pick(Initiators);
                var negative = rng.NextDouble() < (satisfaction <= 2 ? 0.7 : 0.3);
                var codes = endedByCompany ? ["company_churn"] : Reasons(negative ? NegativeEngagementReasons : OtherEngagementReasons, OtherEngagementReasons).ToList();
                var tenure = Tenure.Days(start, end);
                engagementChurn.Row(churnId, id, Day(end), initiator, null, endedByCompany ? term.ChurnId : null, Stamp(end),
                    Negative(w, codes), tenure, workerJob[wi], workerConcierge[wi], companyIds[ci], Tenure.Months(start, end));
                foreach (var code in codes)
                    engagementReason.Row(churnId, code, Day(end), tenure, Tenure.Months(start, end));
            }
        }

        // Workers: active while one of their engagements runs, otherwise mostly available.
        var worker = w.Table("workers", "id, name, email, job_type, main_job_style, weekly_hours, concierge_id, status, created_at, updated_at");
        var skill = w.Table("worker_skills", "worker_id, position, skill");
        var history = w.Table("worker_status_history", "worker_id, from_status, to_status, at, note");
        string[] styles = ["employee", "freelancer", "executive", "student", "other"];
        string[] idle = ["available", "available", "available", "available", "available", "available", "paused", "left", "registered", "screening"];
        for (var i = 0; i < workerIds.Length; i++)
        {
            var status = workerActive[i] ? "active" : Pick(idle);
            worker.Row(workerIds[i], PersonName(), $"worker{i + 1}@bench.example.jp", workerJob[i], Pick(styles), 5 + rng.Next(20), workerConcierge[i], status, created, created);
            skill.Row(workerIds[i], 0, workerJob[i] == "engineer" ? "C#" : "日本語");
            history.Row(workerIds[i], null, status, created, "ベンチマーク用データ");
        }
    }

    /// <summary>A start day within one of the company's terms, the longer terms more likely; never after today.</summary>
    private Term PickTerm(Term[] terms, DateOnly today, out DateOnly start)
    {
        var lengths = terms.Select(t => Math.Max(1, (t.ChurnedOn ?? today).DayNumber - t.SignedOn.DayNumber)).ToArray();
        var r = rng.Next(lengths.Sum());
        for (var i = 0; i < terms.Length; i++)
        {
            if (r < lengths[i]) { start = terms[i].SignedOn.AddDays(r); return terms[i]; }
            r -= lengths[i];
        }
        throw new InvalidOperationException("unreachable");
    }

    private IEnumerable<string> Reasons(string[] main, string[] extra)
    {
        var first = Pick(main);
        yield return first;
        if (rng.NextDouble() < 0.25)
        {
            var second = Pick(extra);
            if (second != first) yield return second;
        }
    }

    private int EmployeeCount() => (int)Math.Clamp(Math.Exp(2.5 + rng.NextDouble() * 7.5), 1, 50_000);
    private double Exponential(double mean) => -mean * Math.Log(1 - rng.NextDouble());
    private double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
    private T Pick<T>(T[] items) => items[rng.Next(items.Length)];
    private string PersonName() => $"{Pick(FamilyNames)} {Pick(GivenNames)}";

    private int Weighted(int[] weights)
    {
        var r = rng.Next(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
        {
            if (r < weights[i]) return i;
            r -= weights[i];
        }
        return weights.Length - 1;
    }

    private string Id()
    {
        Span<byte> bytes = stackalloc byte[16];
        rng.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes).ToString("D");
    }

    private string[] Ids(int count) => Enumerable.Range(0, count).Select(_ => Id()).ToArray();
    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string Stamp(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T09:00:00.0000000Z";

    private static void Exec(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>One prepared INSERT per table, its parameters reused for every row.</summary>
    /// <summary>1 when the reasons make the churn negative, by the product's rule over the catalog the migrations seeded.</summary>
    private static int Negative(Writer w, IEnumerable<string> codes) => ChurnClassification.IsNegative(codes, w.Catalog) ? 1 : 0;

    private sealed class Writer(SqliteConnection connection, SqliteTransaction tx, Dictionary<string, long> counts)
    {
        public Insert Table(string table, string columns) => new(connection, tx, table, columns, counts);

        public IReadOnlyDictionary<string, ChurnReason> Catalog { get; } = LoadCatalog(connection, tx);

        private static Dictionary<string, ChurnReason> LoadCatalog(SqliteConnection connection, SqliteTransaction tx)
        {
            using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = "SELECT code, label_ja, label_en, negative, applies_to FROM churn_reasons";
            using var reader = command.ExecuteReader();
            var catalog = new Dictionary<string, ChurnReason>();
            while (reader.Read())
                catalog[reader.GetString(0)] = new ChurnReason(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3) == 1,
                    Wire.Parse<ReasonScope>(reader.GetString(4)));
            return catalog;
        }
    }

    private sealed class Insert
    {
        private readonly SqliteCommand command;
        private readonly SqliteParameter[] parameters;
        private readonly Dictionary<string, long> counts;
        private readonly string table;

        public Insert(SqliteConnection connection, SqliteTransaction tx, string table, string columns, Dictionary<string, long> counts)
        {
            this.table = table;
            this.counts = counts;
            counts.TryAdd(table, 0);
            var names = columns.Split(',', StringSplitOptions.TrimEntries);
            command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = $"INSERT INTO {table} ({columns}) VALUES ({string.Join(", ", names.Select((_, i) => "$p" + i))})";
            parameters = names.Select((_, i) => command.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
            command.Prepare();
        }

        public void Row(params object?[] values)
        {
            for (var i = 0; i < parameters.Length; i++)
                parameters[i].Value = values[i] ?? DBNull.Value;
            command.ExecuteNonQuery();
            counts[table]++;
        }
    }
}
