using Dapper;
using Marketplace.Core.Data;
using Marketplace.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Marketplace.Tests.Data;

public class MigrationTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "marketplace-tests", Guid.NewGuid().ToString("N"));

    public MigrationTests() => Directory.CreateDirectory(directory);

    private ConnectionFactory Sqlite() => new(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(directory, "m.db")}"));

    [Fact]
    public void Applies_every_script_once_records_it_and_seeds_the_reason_catalog()
    {
        var factory = Sqlite();
        var scripts = MigrationRunner.Load(DatabaseProvider.Sqlite);
        Assert.NotEmpty(scripts);
        Assert.Equal(scripts.Select(s => s.Name), new MigrationRunner(factory).Apply());
        Assert.Empty(new MigrationRunner(factory).Apply());

        using var db = factory.Open();
        var journal = db.Query<(string Name, string Checksum)>("SELECT name, checksum FROM schema_migrations ORDER BY name").ToList();
        Assert.Equal(scripts.Select(s => (s.Name, s.Checksum)), journal);
        Assert.Equal("wal", db.ExecuteScalar<string>("PRAGMA journal_mode"));
        var reasons = db.Query<(string Code, long Negative, string AppliesTo)>("SELECT code, negative, applies_to FROM churn_reasons").ToList();
        Assert.Equal(11, reasons.Count);
        Assert.Equal(["communication", "conditions_misaligned", "low_utilization", "progress_invisible", "skill_mismatch"],
            reasons.Where(r => r.Negative == 1).Select(r => r.Code).Order());
    }

    [Fact]
    public async Task Every_sqlite_connection_waits_for_the_write_lock_in_sqlite_itself()
    {
        var factory = Sqlite();
        using (var sync = factory.Open())
            Assert.Equal(SqliteDialect.BusyTimeoutMs, sync.ExecuteScalar<long>("PRAGMA busy_timeout"));
        await using var pooled = await factory.OpenAsync();
        Assert.Equal(SqliteDialect.BusyTimeoutMs, await pooled.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));
        Assert.Equal(1, await pooled.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
    }

    [Fact]
    public void Migration_0006_cancels_the_follow_ups_still_pending_when_their_engagement_ended()
    {
        var factory = Sqlite();
        var scripts = MigrationRunner.Load(DatabaseProvider.Sqlite);
        new MigrationRunner(factory).Apply(scripts.Where(s => string.CompareOrdinal(s.Name, "0006") < 0).ToList());
        using (var db = factory.Open())
        {
            // Bare rows for what 0006 reads; the companies, workers and members they point at do not matter here.
            db.Execute("PRAGMA foreign_keys = OFF");
            db.Execute("""
                INSERT INTO engagements (id, company_id, worker_id, title, job_type, start_on, monthly_hours, monthly_fee, status, ended_on, created_at, updated_at)
                VALUES ('e-ended', 'c', 'w', 't', 'engineer', '2026-01-05', 20, 100000, 'ended', '2026-02-20', 'x', 'x'),
                       ('e-running', 'c', 'w', 't', 'engineer', '2026-01-05', 20, 100000, 'active', NULL, 'x', 'x');
                INSERT INTO follow_ups (id, engagement_id, due_on, held_on, created_at, updated_at, company_id)
                VALUES ('f-pending-ended', 'e-ended', '2026-02-05', NULL, 'x', 'x', 'c'),
                       ('f-held-ended', 'e-ended', '2026-01-20', '2026-01-21', 'x', 'x', 'c'),
                       ('f-pending-running', 'e-running', '2026-02-05', NULL, 'x', 'x', 'c');
                """);
        }
        new MigrationRunner(factory).Apply(scripts);
        using var after = factory.Open();
        var cancelled = after.Query<(string Id, string? CancelledOn)>("SELECT id, cancelled_on FROM follow_ups ORDER BY id").ToList();
        Assert.Equal([("f-held-ended", null), ("f-pending-ended", "2026-02-20"), ("f-pending-running", null)], cancelled);
    }

    [Fact]
    public void Migration_0007_copies_each_company_churns_end_day_and_tenure_onto_its_reasons()
    {
        var factory = Sqlite();
        var scripts = MigrationRunner.Load(DatabaseProvider.Sqlite);
        new MigrationRunner(factory).Apply(scripts.Where(s => string.CompareOrdinal(s.Name, "0007") < 0).ToList());
        using (var db = factory.Open())
        {
            db.Execute("PRAGMA foreign_keys = OFF");
            db.Execute("""
                INSERT INTO company_churns (id, company_id, churned_on, term_signed_on, created_at, negative)
                VALUES ('long', 'c1', '2025-03-01', '2024-03-01', 'x', 1),
                       ('same-day', 'c2', '2025-04-10', '2025-04-10', 'x', 0);
                INSERT INTO company_churn_reasons (churn_id, reason_code)
                VALUES ('long', 'communication'), ('long', 'budget'), ('same-day', 'other');
                """);
        }
        new MigrationRunner(factory).Apply(scripts);
        using var after = factory.Open();
        var reasons = after.Query<(string ChurnId, string Code, string ChurnedOn, long TenureDays)>(
            "SELECT churn_id, reason_code, churned_on, tenure_days FROM company_churn_reasons ORDER BY churn_id, reason_code").ToList();
        Assert.Equal([("long", "budget", "2025-03-01", 365L), ("long", "communication", "2025-03-01", 365L), ("same-day", "other", "2025-04-10", 0L)], reasons);
    }

    [Fact]
    public void Migration_0009_keeps_each_companys_stage_facts_from_the_history_already_recorded()
    {
        var factory = Sqlite();
        var scripts = MigrationRunner.Load(DatabaseProvider.Sqlite);
        new MigrationRunner(factory).Apply(scripts.Where(s => string.CompareOrdinal(s.Name, "0009") < 0).ToList());
        using (var db = factory.Open())
        {
            db.Execute("PRAGMA foreign_keys = OFF");
            db.Execute("""
                INSERT INTO companies (id, name, industry, employee_count, monthly_fee, cs_owner_id, signed_on, status, created_at, updated_at)
                VALUES ('c-history', 'n', 'i', 10, 0, 'm', '2025-01-01', 'active', 'x', 'x'),
                       ('c-new', 'n', 'i', 10, 0, 'm', '2025-06-01', 'active', 'x', 'x');
                INSERT INTO engagements (id, company_id, worker_id, title, job_type, start_on, monthly_hours, monthly_fee, status, created_at, updated_at)
                VALUES ('e-ended', 'c-history', 'w', 't', 'engineer', '2025-02-01', 20, 1, 'ended', 'x', 'x'),
                       ('e-active', 'c-history', 'w', 't', 'engineer', '2025-03-01', 20, 1, 'active', 'x', 'x'),
                       ('e-contracted', 'c-history', 'w', 't', 'engineer', '2025-08-01', 20, 1, 'contracted', 'x', 'x'),
                       ('e-proposed', 'c-history', 'w', 't', 'engineer', '2025-08-01', 20, 1, 'proposed', 'x', 'x'),
                       ('e-declined', 'c-new', 'w', 't', 'engineer', '2025-08-01', 20, 1, 'declined', 'x', 'x');
                INSERT INTO kickoffs (engagement_id, company_id, held_on, created_at)
                VALUES ('e-ended', 'c-history', '2025-02-01', 'x'), ('e-active', 'c-history', '2025-03-01', 'x');
                INSERT INTO follow_ups (id, engagement_id, due_on, held_on, company_satisfaction, created_at, updated_at, company_id)
                VALUES ('f-early', 'e-ended', '2025-03-01', '2025-03-01', 1, 'x', 'x', 'c-history'),
                       ('f-late-high', 'e-active', '2025-04-01', '2025-04-02', 5, 'x', 'x', 'c-history'),
                       ('f-late-low', 'e-ended', '2025-04-01', '2025-04-02', 3, 'x', 'x', 'c-history'),
                       ('f-pending', 'e-active', '2025-05-01', NULL, NULL, 'x', 'x', 'c-history');
                INSERT INTO engagement_churns (id, engagement_id, ended_on, initiated_by, created_at, negative, company_id)
                VALUES ('ec-negative', 'e-ended', '2025-04-20', 'company', 'x', 1, 'c-history');
                """);
        }
        new MigrationRunner(factory).Apply(scripts);
        using var after = factory.Open();
        var kept = after.Query<(string Id, string? FirstKickoffOn, long Active, long Total, long? LastSatisfaction, string? LastNegativeChurnOn)>(
            $"SELECT id, {KeptFacts.Columns} FROM companies ORDER BY id").ToList();
        Assert.Equal([("c-history", "2025-02-01", 1L, 3L, 3L, "2025-04-20"), ("c-new", null, 0L, 0L, null, null)], kept);
    }

    [Fact]
    public void An_edited_applied_script_is_refused_by_name()
    {
        var factory = Sqlite();
        var scripts = MigrationRunner.Load(DatabaseProvider.Sqlite);
        new MigrationRunner(factory).Apply(scripts);
        var edited = scripts.Select((s, i) => i == 0 ? s with { Script = s.Script + "\n-- a quiet edit\n" } : s).ToList();
        var error = Assert.Throws<MigrationException>(() => new MigrationRunner(factory).Apply(edited));
        Assert.Contains(scripts[0].Name, error.Message);
    }

    [Fact]
    public void A_failing_script_is_rolled_back_and_not_recorded()
    {
        var factory = Sqlite();
        var scripts = MigrationRunner.Load(DatabaseProvider.Sqlite).ToList();
        new MigrationRunner(factory).Apply(scripts);
        var broken = new Migration("9999_broken.sql", "CREATE TABLE half_done (id INTEGER);\nINSERT INTO no_such_table VALUES (1);");
        var error = Assert.Throws<MigrationException>(() => new MigrationRunner(factory).Apply([.. scripts, broken]));
        Assert.Contains("9999_broken.sql", error.Message);
        using var db = factory.Open();
        Assert.Equal(0, db.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'"));
        Assert.Equal(0, db.ExecuteScalar<long>("SELECT COUNT(*) FROM schema_migrations WHERE name = '9999_broken.sql'"));
    }

    [Fact]
    public void Line_endings_do_not_count_as_an_edit() =>
        Assert.Equal(new Migration("a.sql", "SELECT 1;\nSELECT 2;\n").Checksum, new Migration("a.sql", "SELECT 1;\r\nSELECT 2;\r\n").Checksum);

    [Fact]
    public void The_app_refuses_to_start_when_an_applied_script_was_edited()
    {
        using (var app = new MarketplaceApp())
        {
            app.CreateClient().Dispose();
            using var db = app.OpenDatabase();
            db.Execute("UPDATE schema_migrations SET checksum = 'edited' WHERE name = (SELECT MIN(name) FROM schema_migrations)");
            SqliteConnection.ClearAllPools();
            using var again = new RestartedApp(app.ConnectionString);
            var error = Assert.ThrowsAny<Exception>(() => again.CreateClient());
            Assert.Contains("0001_initial.sql", again.Output + error);
        }
    }

    /// <summary>A second app on an existing database, capturing what the app wrote to stderr.</summary>
    private sealed class RestartedApp(string connectionString) : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>
    {
        private readonly StringWriter errors = new();
        public string Output => errors.ToString();

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:Marketplace", connectionString);
            builder.UseSetting("Auth:BootstrapAdminKey", "unused");
            Console.SetError(errors);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(directory, true); } catch (IOException) { }
    }
}
