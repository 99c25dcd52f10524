using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Pipeline;
using Marketplace.Core.Shared;
using MediatR;

namespace Marketplace.Core.Features.Tasks;

/// <summary>A task's title, due date (rescheduling), assignee, links or note change; If-Match guards a concurrent edit.</summary>
public static class UpdateTask
{
    public sealed record Command : TaskFields, ICommand<TaskDto>
    {
        [JsonIgnore] public Guid Id { get; init; }
        [JsonIgnore] public long? ExpectedVersion { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new TaskFieldsValidator<Command>());
    }

    public static class Sql
    {
        public const string Update = """
            UPDATE tasks SET title = @title, due_on = @dueOn, assignee_id = @assigneeId, company_id = @companyId, engagement_id = @engagementId,
                   worker_id = @workerId, note = @note, updated_at = @at, version = version + 1
            WHERE id = @id AND version = @version
            """;
    }

    public sealed class Handler(Db db, Audit audit, TaskView view, IClock clock) : IRequestHandler<Command, TaskDto>
    {
        public async Task<TaskDto> Handle(Command c, CancellationToken ct)
        {
            var before = await view.Get(c.Id, ct);
            Versions.CheckRequired(c.ExpectedVersion, before.Version, "task");
            await TaskWrites.CheckLinks(db, c.AssigneeId!.Value, c.CompanyId, c.EngagementId, c.WorkerId, ct);
            if (await db.ExecuteAsync(Sql.Update, new
                {
                    id = c.Id, version = before.Version, title = c.Title!.Trim(), dueOn = c.DueOn!.Value, assigneeId = c.AssigneeId,
                    companyId = c.CompanyId, engagementId = c.EngagementId, workerId = c.WorkerId, note = c.Note, at = clock.UtcNow,
                }, ct) == 0)
                throw ConflictException.Stale("The task was changed by someone else meanwhile. Reload and try again.");
            await audit.Write("update", "task", c.Id, AuditChanges.Describe(("title", before.Title, c.Title!.Trim()), ("dueOn", before.DueOn, c.DueOn),
                ("assigneeId", before.AssigneeId, c.AssigneeId), ("note", before.Note, c.Note)), ct);
            return await view.Get(c.Id, ct);
        }
    }
}
