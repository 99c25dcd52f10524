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
            if (c.ExpectedVersion is null)
                throw new PreconditionRequiredException("Send If-Match with the ETag of the worker you edited, so a concurrent edit is not overwritten.");
            Versions.Check(c.ExpectedVersion, before.Version, "worker");
            var email = c.Email!.Trim();
            await WorkerWrites.CheckEmailFree(db, email, c.Id, ct);
            await WorkerWrites.CheckConcierge(db, c.ConciergeId!.Value, ct);
            var after = new
            {
                id = c.Id,
                name = c.Name!.Trim(),
                email,
                jobType = Wire.Name(c.JobType!.Value),
                mainJobStyle = Wire.Name(c.MainJobStyle!.Value),
                weeklyHours = c.WeeklyHours!.Value,
                conciergeId = c.ConciergeId!.Value,
                at = clock.UtcNow,
                version = before.Version,
            };
            if (await db.ExecuteAsync(Sql.Update, after, ct) == 0) Versions.Check(c.ExpectedVersion, before.Version + 1, "worker");
            var skills = c.SkillList;
            await WorkerWrites.WriteSkills(db, c.Id, skills, ct);
            await audit.Write("correct", "worker", c.Id, AuditChanges.Describe(
                ("name", before.Name, after.name), ("email", before.Email, after.email), ("jobType", before.JobType, after.jobType),
                ("skills", before.Skills, skills), ("mainJobStyle", before.MainJobStyle, after.mainJobStyle),
                ("weeklyHours", before.WeeklyHours, after.weeklyHours), ("conciergeId", before.ConciergeId, after.conciergeId)), ct);
            events.Raise(new WorkerCorrected(c.Id, before.ConciergeId != after.conciergeId));
            return await view.Get(c.Id, ct);
        }
    }
}
