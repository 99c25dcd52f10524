using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using Marketplace.Core.Shared;
using MediatR;

namespace Marketplace.Core.Features.Tasks;

/// <summary>A task is done, with an optional note of how; completing a done task is a 409.</summary>
public static class CompleteTask
{
    public sealed record Command : ICommand<TaskDto>
    {
        [JsonIgnore] public Guid Id { get; init; }
        public string? Note { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Note).OptionalText(4000);
    }

    public static class Sql
    {
        public const string Complete = """
            UPDATE tasks SET status = 'done', completed_at = @at, completed_by = @by, completion_note = @note, updated_at = @at, version = version + 1
            WHERE id = @id AND status = 'open'
            """;
    }

    public sealed class Handler(Db db, Audit audit, TaskView view, IActorAccessor actor, IClock clock) : IRequestHandler<Command, TaskDto>
    {
        public async Task<TaskDto> Handle(Command c, CancellationToken ct)
        {
            var task = await view.Get(c.Id, ct);
            if (task.Status != TaskState.Open || await db.ExecuteAsync(Sql.Complete, new { id = c.Id, at = clock.UtcNow, by = actor.Current.MemberId, note = c.Note }, ct) == 0)
                throw new ConflictException("The task is already done.", code: ConflictCodes.TaskState);
            await audit.Write("status_change", "task", c.Id, $"open → done{(c.Note is null ? "" : $": {c.Note}")}", ct);
            return await view.Get(c.Id, ct);
        }
    }
}
