using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Events;
using Marketplace.Core.Pipeline;
using Marketplace.Core.Shared;
using MediatR;

namespace Marketplace.Core.Features.Workers;

/// <summary>
/// The concierge corrects a worker's profile, or reassigns the worker to another concierge (PUT /api/workers/{id},
/// If-Match). Status moves stay with <see cref="ChangeWorkerStatus"/>.
/// </summary>
public static class UpdateWorker
{
    public sealed record Command : WorkerFields, ICommand<WorkerDto>
    {
        [JsonIgnore] public Guid Id { get; init; }
        [JsonIgnore] public long? ExpectedVersion { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new WorkerFieldsValidator<Command>());
    }

    public static class Sql
    {
        /// <summary>
        /// The worker's open engagements, taken before the worker row: the engagement commands take an engagement before
        /// its worker, and the correction then moves these to the new concierge.
        /// </summary>
        public const string LockOpenEngagements = $"SELECT id FROM engagements {Data.SqlDialect.RowLock} WHERE worker_id = @id AND status IN @open";
        public const string Update = """
            UPDATE workers SET name = @name, email = @email, job_type = @jobType, main_job_style = @mainJobStyle, weekly_hours = @weeklyHours,
                   concierge_id = @conciergeId, updated_at = @at, version = version + 1
            WHERE id = @id AND version = @version
            """;
    }

    public sealed class Handler(Db db, Audit audit, WorkerView view, DomainEvents events, IClock clock) : IRequestHandler<Command, WorkerDto>
    {
        public async Task<WorkerDto> Handle(Command c, CancellationToken ct)
        {
            var before = await view.Get(c.Id, ct);
            Versions.CheckRequired(c.ExpectedVersion, before.Version, "worker");
            await db.QueryAsync<Guid>(Sql.LockOpenEngagements, new { id = c.Id, open = EngagementStatuses.OpenWords }, ct);
            await WorkerWrites.CheckEmailFree(db, c.Email!.Trim(), c.Id, ct);
            await WorkerWrites.CheckConcierge(db, c.ConciergeId!.Value, ct);
            var args = WorkerWrites.Columns(c, c.Id, clock.UtcNow);
            args.Add("version", before.Version);
            if (await db.ExecuteAsync(Sql.Update, args, ct) == 0) Versions.Check(c.ExpectedVersion, before.Version + 1, "worker");
            var skills = c.SkillList;
            await WorkerWrites.WriteSkills(db, c.Id, skills, ct);
            await audit.Write("correct", "worker", c.Id, AuditChanges.Describe(
                ("name", before.Name, c.Name!.Trim()), ("email", before.Email, c.Email!.Trim()), ("jobType", before.JobType, c.JobType),
                ("skills", before.Skills, skills), ("mainJobStyle", before.MainJobStyle, c.MainJobStyle),
                ("weeklyHours", before.WeeklyHours, c.WeeklyHours), ("conciergeId", before.ConciergeId, c.ConciergeId)), ct);
            events.Raise(new WorkerCorrected(c.Id, before.ConciergeId != c.ConciergeId));
            return await view.Get(c.Id, ct);
        }
    }
}
