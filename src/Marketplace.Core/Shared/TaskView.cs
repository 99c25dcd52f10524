using System.Text.Json.Serialization;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;

namespace Marketplace.Core.Shared;

/// <summary>The record a playbook rule's task was raised by.</summary>
public sealed record TaskSource(string Type, string Id);

public sealed record TaskDto
{
    public Guid Id { get; init; }
    public string Title { get; init; } = "";
    public DateOnly DueOn { get; init; }
    public Guid AssigneeId { get; init; }
    public string AssigneeName { get; init; } = "";
    public TaskState Status { get; init; }
    public Guid? CompanyId { get; init; }
    public string? CompanyName { get; init; }
    public Guid? EngagementId { get; init; }
    public string? EngagementTitle { get; init; }
    public Guid? WorkerId { get; init; }
    public string? WorkerName { get; init; }
    public string? Note { get; init; }
    /// <summary>The playbook rule that raised the task, with the record and the step; null for a task someone wrote.</summary>
    public PlaybookRule? Rule { get; init; }
    public TaskSource? Source { get; init; }
    public DateTime? CompletedAt { get; init; }
    public string? CompletedByName { get; init; }
    public string? CompletionNote { get; init; }
    public DateTime CreatedAt { get; init; }
    [JsonIgnore] public long Version { get; init; }
}

/// <summary>Tasks as every list and page reads them: with the assignee's, company's, engagement's and worker's names.</summary>
public sealed class TaskView(Db db)
{
    public static class Sql
    {
        public const string Select = """
            SELECT t.id, t.title, t.due_on, t.assignee_id, a.name AS assignee_name, t.status, t.company_id, c.name AS company_name,
                   t.engagement_id, e.title AS engagement_title, t.worker_id, w.name AS worker_name, t.note, t.rule_code, t.source_type, t.source_id,
                   t.completed_at, d.name AS completed_by_name, t.completion_note, t.created_at, t.version
            FROM tasks t
            JOIN members a ON a.id = t.assignee_id
            LEFT JOIN members d ON d.id = t.completed_by
            LEFT JOIN companies c ON c.id = t.company_id
            LEFT JOIN engagements e ON e.id = t.engagement_id
            LEFT JOIN workers w ON w.id = t.worker_id
            """;
        public const string ById = Select + " WHERE t.id = @id";
    }

    public sealed record Row
    {
        public Guid Id { get; init; }
        public string Title { get; init; } = "";
        public DateOnly DueOn { get; init; }
        public Guid AssigneeId { get; init; }
        public string AssigneeName { get; init; } = "";
        public string Status { get; init; } = "";
        public Guid? CompanyId { get; init; }
        public string? CompanyName { get; init; }
        public Guid? EngagementId { get; init; }
        public string? EngagementTitle { get; init; }
        public Guid? WorkerId { get; init; }
        public string? WorkerName { get; init; }
        public string? Note { get; init; }
        public string? RuleCode { get; init; }
        public string? SourceType { get; init; }
        public string? SourceId { get; init; }
        public DateTime? CompletedAt { get; init; }
        public string? CompletedByName { get; init; }
        public string? CompletionNote { get; init; }
        public DateTime CreatedAt { get; init; }
        public long Version { get; init; }

        public TaskDto Dto() => new()
        {
            Id = Id, Title = Title, DueOn = DueOn, AssigneeId = AssigneeId, AssigneeName = AssigneeName, Status = Wire.Parse<TaskState>(Status),
            CompanyId = CompanyId, CompanyName = CompanyName, EngagementId = EngagementId, EngagementTitle = EngagementTitle,
            WorkerId = WorkerId, WorkerName = WorkerName, Note = Note,
            Rule = RuleCode is null ? null : Wire.Parse<PlaybookRule>(RuleCode),
            Source = SourceType is null || SourceId is null ? null : new TaskSource(SourceType, SourceId),
            CompletedAt = CompletedAt, CompletedByName = CompletedByName, CompletionNote = CompletionNote, CreatedAt = CreatedAt, Version = Version,
        };
    }

    public async Task<TaskDto> Get(Guid id, CancellationToken ct) =>
        (await db.QuerySingleOrDefaultAsync<Row>(Sql.ById, new { id }, ct) ?? throw new NotFoundException("task", id)).Dto();

    public async Task<IReadOnlyList<TaskDto>> Read(string sql, object args, CancellationToken ct) =>
        (await db.QueryAsync<Row>(sql, args, ct)).Select(r => r.Dto()).ToList();
}

/// <summary>Writing a task, by hand or by a playbook rule: the one insert, and the checks that what it names exists.</summary>
file sealed record EngagementParties(Guid CompanyId, Guid WorkerId);

public static class TaskWrites
{
    public static class Sql
    {
        public const string Insert = """
            INSERT INTO tasks (id, title, due_on, assignee_id, status, company_id, engagement_id, worker_id, note, rule_code, source_type, source_id, step,
                               created_at, created_by, updated_at, version)
            VALUES (@id, @title, @dueOn, @assigneeId, 'open', @companyId, @engagementId, @workerId, @note, @rule, @sourceType, @sourceId, @step,
                    @at, @by, @at, 1)
            """;
        /// <summary>A rule's task, written only when the record has not raised this step of the rule already (the unique index is the last word).</summary>
        // On SQL Server the check holds a key-range lock (the row lock hint's HOLDLOCK) until the transaction ends, so two
        // commands raising the same step take turns instead of the second failing on ux_tasks_raised.
        public const string InsertRaised = $"""
            INSERT INTO tasks (id, title, due_on, assignee_id, status, company_id, engagement_id, worker_id, note, rule_code, source_type, source_id, step,
                               created_at, created_by, updated_at, version)
            SELECT @id, @title, @dueOn, @assigneeId, 'open', @companyId, @engagementId, @workerId, @note, @rule, @sourceType, @sourceId, @step, @at, @by, @at, 1
            WHERE NOT EXISTS (SELECT 1 FROM tasks {SqlDialect.RowLock} WHERE rule_code = @rule AND source_type = @sourceType AND source_id = @sourceId AND step = @step)
            """;
        public const string EngagementParties = "SELECT company_id AS CompanyId, worker_id AS WorkerId FROM engagements WHERE id = @id";
    }

    /// <summary>The assignee and each linked record must exist: a 400 naming the field otherwise.</summary>
    public static async Task CheckLinks(Db db, Guid assigneeId, Guid? companyId, Guid? engagementId, Guid? workerId, CancellationToken ct)
    {
        if (!await RecordExists.Member(db, assigneeId, ct))
            throw Invalid.Because("assigneeId", ValidationMessages.UnknownMember, ("Id", assigneeId));
        if (companyId is { } c && !await RecordExists.Company(db, c, ct))
            throw Invalid.Because("companyId", ValidationMessages.UnknownCompany, ("Id", c));
        if (engagementId is { } e)
        {
            // A task about an engagement is about its company and its worker: links that disagree would send the reader elsewhere.
            var parties = await db.QuerySingleOrDefaultAsync<EngagementParties>(Sql.EngagementParties, new { id = e }, ct)
                ?? throw Invalid.Because("engagementId", ValidationMessages.UnknownEngagement, ("Id", e));
            if (companyId is { } linked && linked != parties.CompanyId)
                throw Invalid.Because("engagementId", ValidationMessages.OtherCompanysEngagement);
            if (workerId is { } linkedWorker && linkedWorker != parties.WorkerId)
                throw Invalid.Because("workerId", ValidationMessages.OtherEngagementsWorker);
        }
        if (workerId is { } w && !await RecordExists.Worker(db, w, ct))
            throw Invalid.Because("workerId", ValidationMessages.UnknownWorker, ("Id", w));
    }
}
