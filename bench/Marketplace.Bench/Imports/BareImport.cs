using System.Data;
using System.Data.Common;
using Dapper;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;

namespace Marketplace.Bench.Imports;

/// <summary>
/// The baseline of the import: the same history written by plain parameterised INSERTs through Dapper, in one
/// transaction, on a fresh database built by the migrations — each row already in its final state (the facts the
/// app derives computed here), no reads, no checks, no savepoints.
/// </summary>
public static class BareImport
{
    public static class Sql
    {
        public const string Member = "INSERT INTO members (id, name, email, team, created_at, version) VALUES (@id, @name, @email, @team, @at, 1)";
        public const string Company = """
            INSERT INTO companies (id, name, industry, employee_count, monthly_fee, cs_owner_id, signed_on, status, created_at, updated_at, version)
            VALUES (@id, @name, @industry, @employeeCount, @monthlyFee, @csOwnerId, @signedOn, 'active', @at, @at, 1)
            """;
        public const string Worker = """
            INSERT INTO workers (id, name, email, job_type, main_job_style, weekly_hours, concierge_id, status, created_at, updated_at, version)
            VALUES (@id, @name, @email, @jobType, @style, @weeklyHours, @conciergeId, 'available', @at, @at, 1)
            """;
        public const string Engagement = """
            INSERT INTO engagements (id, company_id, worker_id, title, job_type, start_on, monthly_hours, monthly_fee, status, contracted_on, ended_on,
                                     created_at, updated_at, version, concierge_id, kicked_off_on)
            VALUES (@id, @companyId, @workerId, @title, @jobType, @startOn, @monthlyHours, @monthlyFee, @status, @contractedOn, @endedOn,
                    @at, @at, 1, @conciergeId, @kickedOffOn)
            """;
        public const string Kickoff = """
            INSERT INTO kickoffs (engagement_id, company_id, held_on, cs_attendee_id, created_at)
            VALUES (@engagementId, @companyId, @heldOn, @csAttendeeId, @at)
            """;
        public const string FollowUp = """
            INSERT INTO follow_ups (id, engagement_id, due_on, held_on, company_satisfaction, worker_evaluation, recorded_by, created_at, updated_at, company_id, cancelled_on)
            VALUES (@id, @engagementId, @dueOn, @heldOn, @satisfaction, @evaluation, NULL, @at, @at, @companyId, @cancelledOn)
            """;
        public const string Churn = """
            INSERT INTO engagement_churns (id, engagement_id, ended_on, initiated_by, created_at, negative, tenure_days, job_type, concierge_id, company_id)
            VALUES (@id, @engagementId, @endedOn, @initiatedBy, @at, @negative, @tenureDays, @jobType, @conciergeId, @companyId)
            """;
        public const string ChurnReason = """
            INSERT INTO engagement_churn_reasons (churn_id, reason_code, ended_on, tenure_days) VALUES (@churnId, @code, @endedOn, @tenureDays)
            """;
        public const string AuditRow = """
            INSERT INTO audit_log (at, member_id, actor, action, entity, entity_id, summary)
            VALUES (@at, NULL, 'bench', 'import', @entity, @entityId, @summary)
            """;
    }

    private static readonly HashSet<string> Negative = ["skill_mismatch", "communication", "progress_invisible", "conditions_misaligned"];

    /// <summary>The members, companies and workers the history names, written untimed before it.</summary>
    public sealed record Masters(Guid[] Companies, Guid[] Workers, Guid[] WorkerConcierges, Dictionary<string, Guid> Members);

    public static Masters WriteMasters(ConnectionFactory factory, ImportHistory history)
    {
        using var connection = factory.Open();
        using var tx = connection.BeginTransaction();
        var at = DateTime.UtcNow;
        var members = new Dictionary<string, Guid>(StringComparer.OrdinalIgnoreCase);
        foreach (var m in history.Members)
        {
            var id = Guid.NewGuid();
            members[m.Email] = id;
            connection.Execute(Sql.Member, new { id, name = m.Name, email = m.Email, team = Wire.Name(m.Team), at }, tx);
        }
        var companies = history.Companies.Select(c =>
        {
            var id = Guid.NewGuid();
            connection.Execute(Sql.Company, new
            {
                id, name = c.Name, industry = c.Industry, employeeCount = c.EmployeeCount, monthlyFee = c.MonthlyFee,
                csOwnerId = members[c.CsOwnerEmail], signedOn = c.SignedOn, at,
            }, tx);
            return id;
        }).ToArray();
        var concierges = new Guid[history.Workers.Count];
        var workers = history.Workers.Select((w, i) =>
        {
            var id = Guid.NewGuid();
            concierges[i] = members[w.ConciergeEmail];
            connection.Execute(Sql.Worker, new
            {
                id, name = w.Name, email = w.Email, jobType = Wire.Name(w.JobType), style = Wire.Name(w.Style), weeklyHours = w.WeeklyHours,
                conciergeId = concierges[i], at,
            }, tx);
            return id;
        }).ToArray();
        tx.Commit();
        return new Masters(companies, workers, concierges, members);
    }

    /// <summary>Writes the engagement history in one transaction and says how many statements it took.</summary>
    public static async Task<long> WriteHistory(ConnectionFactory factory, ImportHistory history, Masters masters, string fileName)
    {
        await using var connection = await factory.OpenAsync();
        // The same isolation as Db.BeginAsync: BEGIN IMMEDIATE on SQLite.
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.Serializable);
        long statements = 0;
        Task Run(string sql, object args)
        {
            statements++;
            return connection.ExecuteAsync(new CommandDefinition(sql, args, tx));
        }
        Task Audit(int row, string entity, Guid id, string summary) =>
            Run(Sql.AuditRow, new { at = DateTime.UtcNow, entity, entityId = id.ToString("D"), summary = $"{fileName} row {row}: {summary}" });

        for (var i = 0; i < history.Engagements.Count; i++)
        {
            var e = history.Engagements[i];
            var row = i + 2;
            var id = Guid.NewGuid();
            var companyId = masters.Companies[e.Company];
            var concierge = masters.WorkerConcierges[e.Worker];
            var csAttendee = masters.Members[e.CsAttendeeEmail];
            var at = DateTime.UtcNow;
            await Run(Sql.Engagement, new
            {
                id, companyId, workerId = masters.Workers[e.Worker], title = e.Title, jobType = Wire.Name(e.JobType), startOn = e.StartOn,
                monthlyHours = e.MonthlyHours, monthlyFee = e.MonthlyFee, status = e.EndedOn is null ? "active" : "ended", contractedOn = e.ContractedOn,
                endedOn = e.EndedOn, at, conciergeId = concierge, kickedOffOn = e.KickoffOn,
            });
            await Audit(row, "engagement", id, $"create: '{e.Title}' proposed: worker {masters.Workers[e.Worker]} at company {companyId}");
            await Audit(row, "engagement", id, $"status_change: proposed → contracted on {e.ContractedOn:yyyy-MM-dd}");
            await Run(Sql.Kickoff, new { engagementId = id, companyId, heldOn = e.KickoffOn, csAttendeeId = csAttendee, at });
            var dueOn = EngagementLifecycle.FollowUpDue(e.KickoffOn);
            await Audit(row, "engagement", id, $"status_change: contracted → active: kickoff on {e.KickoffOn:yyyy-MM-dd} with CS {csAttendee}; follow-up due {dueOn:yyyy-MM-dd}");
            var followUpId = Guid.NewGuid();
            await Run(Sql.FollowUp, new
            {
                id = followUpId, engagementId = id, dueOn, heldOn = e.FollowUpOn, satisfaction = e.CompanySatisfaction, evaluation = e.WorkerEvaluation, at, companyId,
                cancelledOn = e.FollowUpOn is null ? e.EndedOn : null,
            });
            if (e.FollowUpOn is { } held)
                await Audit(row, "follow_up", followUpId, $"create: engagement {id}: held {held:yyyy-MM-dd}, satisfaction {e.CompanySatisfaction}, evaluation {e.WorkerEvaluation}");
            if (e.EndedOn is { } endedOn)
            {
                var churnId = Guid.NewGuid();
                var tenure = Tenure.Days(e.StartOn, endedOn);
                await Run(Sql.Churn, new
                {
                    id = churnId, engagementId = id, endedOn, initiatedBy = Wire.Name(e.InitiatedBy!.Value), at, negative = e.EndReasons.Any(Negative.Contains) ? 1 : 0,
                    tenureDays = tenure, jobType = Wire.Name(e.JobType), conciergeId = concierge, companyId,
                });
                foreach (var code in e.EndReasons)
                    await Run(Sql.ChurnReason, new { churnId, code, endedOn, tenureDays = tenure });
                await Audit(row, "engagement", id, $"churn: ended on {endedOn:yyyy-MM-dd} by {Wire.Name(e.InitiatedBy!.Value)}: {string.Join(", ", e.EndReasons)}");
            }
        }
        await tx.CommitAsync();
        return statements;
    }
}
