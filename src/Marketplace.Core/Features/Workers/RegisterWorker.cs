using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;
using Marketplace.Core.Shared;

namespace Marketplace.Core.Features.Workers;

public static class RegisterWorker
{
    public sealed record Command : WorkerFields, ICommand<WorkerDto>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new WorkerFieldsValidator<Command>());
    }

    public static class Sql
    {
        public const string Insert = """
            INSERT INTO workers (id, name, email, job_type, main_job_style, weekly_hours, concierge_id, status, created_at, updated_at, version)
            VALUES (@id, @name, @email, @jobType, @mainJobStyle, @weeklyHours, @conciergeId, 'registered', @at, @at, 1)
            """;
        public const string FirstHistory = """
            INSERT INTO worker_status_history (worker_id, from_status, to_status, at, by_member_id, note)
            VALUES (@workerId, NULL, 'registered', @at, @by, @note)
            """;
    }

    public sealed class Handler(Db db, Audit audit, WorkerView view, IActorAccessor actor, IClock clock) : IRequestHandler<Command, WorkerDto>
    {
        public async Task<WorkerDto> Handle(Command c, CancellationToken ct)
        {
            var email = c.Email!.Trim();
            var id = Guid.NewGuid();
            await WorkerWrites.CheckEmailFree(db, email, id, ct);
            await WorkerWrites.CheckConcierge(db, c.ConciergeId!.Value, ct);
            var at = clock.UtcNow;
            await db.ExecuteAsync(Sql.Insert, WorkerWrites.Columns(c, id, at), ct);
            await WorkerWrites.WriteSkills(db, id, c.SkillList, ct);
            await db.ExecuteAsync(Sql.FirstHistory, new { workerId = id, at, by = actor.Current.MemberId, note = "登録" }, ct);
            await audit.Write("create", "worker", id, $"{c.Name!.Trim()} <{email}> registered as {Wire.Name(c.JobType!.Value)}", ct);
            return await view.Get(id, ct);
        }
    }
}
