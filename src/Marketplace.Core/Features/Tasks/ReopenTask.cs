using System.Text.Json.Serialization;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using Marketplace.Core.Shared;
using MediatR;

namespace Marketplace.Core.Features.Tasks;

/// <summary>A done task is open again (it was not done after all); reopening an open task is a 409.</summary>
public static class ReopenTask
{
    public sealed record Command : ICommand<TaskDto>
    {
        [JsonIgnore] public Guid Id { get; init; }
    }

    public static class Sql
    {
        public const string Reopen = """
            UPDATE tasks SET status = 'open', completed_at = NULL, completed_by = NULL, completion_note = NULL, updated_at = @at, version = version + 1
            WHERE id = @id AND status = 'done'
            """;
    }

    public sealed class Handler(Db db, Audit audit, TaskView view, IClock clock) : IRequestHandler<Command, TaskDto>
    {
        public async Task<TaskDto> Handle(Command c, CancellationToken ct)
        {
            var task = await view.Get(c.Id, ct);
            if (task.Status != TaskState.Done || await db.ExecuteAsync(Sql.Reopen, new { id = c.Id, at = clock.UtcNow }, ct) == 0)
                throw new ConflictException("The task is open already.", code: ConflictCodes.TaskState);
            await audit.Write("status_change", "task", c.Id, "done → open", ct);
            return await view.Get(c.Id, ct);
        }
    }
}
