using System.Text.Json.Serialization;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;

namespace Marketplace.Core.Shared;

public sealed record ChecklistItemDto(string Key, bool Done);

public sealed record KickoffDto(DateOnly HeldOn, Guid? CsAttendeeId, string? CsAttendeeName, IReadOnlyList<string> Attendees);

public sealed record FollowUpDto
{
    public Guid Id { get; init; }
    public DateOnly DueOn { get; init; }
    public DateOnly? HeldOn { get; init; }
    public int? CompanySatisfaction { get; init; }
    public int? WorkerEvaluation { get; init; }
    public int? WorkerSatisfaction { get; init; }
    public string? Note { get; init; }
    /// <summary>Set when the engagement ended before this follow-up was held: it will not be held.</summary>
    public DateOnly? CancelledOn { get; init; }
    /// <summary>Still to be held: neither held nor cancelled.</summary>
    [JsonIgnore] public bool IsOpen => HeldOn is null && CancelledOn is null;
}

public sealed record EngagementChurnDto(Guid Id, DateOnly EndedOn, ChurnInitiator InitiatedBy, IReadOnlyList<string> Reasons, bool Negative, int TenureDays, string? Note, Guid? CompanyChurnId);

public sealed record EngagementDto
{
    public Guid Id { get; init; }
    public Guid CompanyId { get; init; }
    public string CompanyName { get; init; } = "";
    public Guid WorkerId { get; init; }
    public string WorkerName { get; init; } = "";
    public string Title { get; init; } = "";
    public JobType JobType { get; init; }
    public DateOnly StartOn { get; init; }
    public int MonthlyHours { get; init; }
    public long MonthlyFee { get; init; }
    public EngagementStatus Status { get; init; }
    public DateOnly? ContractedOn { get; init; }
    public string? DeclinedNote { get; init; }
    public DateOnly? EndedOn { get; init; }
    /// <summary>When the next follow-up still to be held is due, so lists can show it without the follow-ups.</summary>
    public DateOnly? FollowUpDueOn { get; init; }
    public KickoffDto? Kickoff { get; init; }
    public IReadOnlyList<ChecklistItemDto> Checklist { get; init; } = [];
    public IReadOnlyList<FollowUpDto> FollowUps { get; init; } = [];
    public EngagementChurnDto? Churn { get; init; }
    [JsonIgnore] public long Version { get; init; }
}

/// <summary>Reads engagements: the row for lists, and with kickoff, checklist, follow-ups and churn for one.</summary>
public sealed class EngagementView(Db db)
{
    public static class Sql
    {
        public const string Select = """
            SELECT e.id, e.company_id, c.name AS company_name, e.worker_id, w.name AS worker_name, e.title, e.job_type, e.start_on,
                   e.monthly_hours, e.monthly_fee, e.status, e.contracted_on, e.declined_note, e.ended_on, e.version,
                   (SELECT MIN(f.due_on) FROM follow_ups f
                    WHERE f.engagement_id = e.id AND f.held_on IS NULL AND f.cancelled_on IS NULL) AS follow_up_due_on
            FROM engagements e
            JOIN companies c ON c.id = e.company_id
            JOIN workers w ON w.id = e.worker_id
            """;
        public const string ById = Select + " WHERE e.id = @id";
        public const string Kickoff = """
            SELECT k.held_on, k.cs_attendee_id, m.name AS cs_attendee_name
            FROM kickoffs k LEFT JOIN members m ON m.id = k.cs_attendee_id
            WHERE k.engagement_id = @id
            """;
        public const string Attendees = "SELECT name FROM kickoff_attendees WHERE engagement_id = @id ORDER BY position";
        public const string Checklist = "SELECT item_key AS [key], done FROM kickoff_checklist_items WHERE engagement_id = @id";
        public const string FollowUps = """
            SELECT id, due_on, held_on, company_satisfaction, worker_evaluation, worker_satisfaction, note, cancelled_on
            FROM follow_ups WHERE engagement_id = @id ORDER BY due_on, id
            """;
        public const string Churn = """
            SELECT id, ended_on, initiated_by, note, company_churn_id FROM engagement_churns WHERE engagement_id = @id
            """;
        public const string ChurnReasons = "SELECT reason_code FROM engagement_churn_reasons WHERE churn_id = @churnId ORDER BY reason_code";
    }

    private sealed record KickoffRow
    {
        public DateOnly HeldOn { get; init; }
        public Guid? CsAttendeeId { get; init; }
        public string? CsAttendeeName { get; init; }
    }

    private sealed record ChecklistRow
    {
        public string Key { get; init; } = "";
        public bool Done { get; init; }
    }

    private sealed record ChurnRow
    {
        public Guid Id { get; init; }
        public DateOnly EndedOn { get; init; }
        public ChurnInitiator InitiatedBy { get; init; }
        public string? Note { get; init; }
        public Guid? CompanyChurnId { get; init; }
    }

    public async Task<EngagementDto> Row(Guid id, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<EngagementDto>(Sql.ById, new { id }, ct) ?? throw new NotFoundException("engagement", id);

    public async Task<EngagementDto> Get(Guid id, CancellationToken ct)
    {
        var e = await Row(id, ct);
        var args = new { id };
        var kickoff = await db.QuerySingleOrDefaultAsync<KickoffRow>(Sql.Kickoff, args, ct);
        var attendees = kickoff is null ? [] : await db.QueryAsync<string>(Sql.Attendees, args, ct);
        var ticked = (await db.QueryAsync<ChecklistRow>(Sql.Checklist, args, ct)).ToDictionary(r => r.Key, r => r.Done);
        var churn = await db.QuerySingleOrDefaultAsync<ChurnRow>(Sql.Churn, args, ct);
        EngagementChurnDto? churnDto = null;
        if (churn is not null)
        {
            var reasons = await db.QueryAsync<string>(Sql.ChurnReasons, new { churnId = churn.Id }, ct);
            var catalog = await ReasonCatalog.LoadByCode(db, ct);
            churnDto = new EngagementChurnDto(churn.Id, churn.EndedOn, churn.InitiatedBy, reasons,
                ChurnClassification.IsNegative(reasons, catalog), Tenure.Days(e.StartOn, churn.EndedOn), churn.Note, churn.CompanyChurnId);
        }
        return e with
        {
            Kickoff = kickoff is null ? null : new KickoffDto(kickoff.HeldOn, kickoff.CsAttendeeId, kickoff.CsAttendeeName, attendees),
            Checklist = KickoffChecklist.Keys.Select(k => new ChecklistItemDto(k, ticked.GetValueOrDefault(k))).ToList(),
            FollowUps = await db.QueryAsync<FollowUpDto>(Sql.FollowUps, args, ct),
            Churn = churnDto,
        };
    }
}
