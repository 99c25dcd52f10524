using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Pipeline;
using Marketplace.Core.Shared;
using MediatR;

namespace Marketplace.Core.Features.Tasks;

/// <summary>A member writes a task for someone (themselves included), optionally about a company, engagement or worker.</summary>
public static class CreateTask
{
    public sealed record Command : TaskFields, ICommand<TaskDto>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new TaskFieldsValidator<Command>());
    }

    public sealed class Handler(Db db, Audit audit, TaskView view, IActorAccessor actor, IClock clock) : IRequestHandler<Command, TaskDto>
    {
        public async Task<TaskDto> Handle(Command c, CancellationToken ct)
        {
            await TaskWrites.CheckLinks(db, c.AssigneeId!.Value, c.CompanyId, c.EngagementId, c.WorkerId, ct);
            var id = Guid.NewGuid();
            await db.ExecuteAsync(TaskWrites.Sql.Insert, new
            {
                id, title = c.Title!.Trim(), dueOn = c.DueOn!.Value, assigneeId = c.AssigneeId, companyId = c.CompanyId, engagementId = c.EngagementId, workerId = c.WorkerId, note = c.Note,
                rule = (string?)null, sourceType = (string?)null, sourceId = (string?)null, step = (string?)null, at = clock.UtcNow, by = actor.Current.MemberId,
            }, ct);
            await audit.Write("create", "task", id, $"'{c.Title!.Trim()}' for {c.AssigneeId} due {c.DueOn:yyyy-MM-dd}", ct);
            return await view.Get(id, ct);
        }
    }
}
