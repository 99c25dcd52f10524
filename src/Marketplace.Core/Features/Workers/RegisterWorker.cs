using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;
using Marketplace.Core.Shared;

namespace Marketplace.Core.Features.Workers;

public static class RegisterWorker
{
    public sealed record Command : ICommand<WorkerDto>
    {
        public string? Name { get; init; }
        public string? Email { get; init; }
        public JobType? JobType { get; init; }
        public IReadOnlyList<string>? Skills { get; init; }
        public MainJobStyle? MainJobStyle { get; init; }
        public int? WeeklyHours { get; init; }
        public Guid? ConciergeId { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).Text(200);
            RuleFor(c => c.Email).Email();
            RuleFor(c => c.JobType).Required();
            RuleFor(c => c.Skills).Must(s => s is null || s.Count <= 50).WithMessage("skills may list at most 50 skills.");
            RuleForEach(c => c.Skills).NotEmpty().WithMessage("skills must not contain blank entries.").MaximumLength(100);
            RuleFor(c => c.MainJobStyle).Required();
            RuleFor(c => c.WeeklyHours).Required().InclusiveBetween(0, 168);
            RuleFor(c => c.ConciergeId).Required();
        }
    }

    public static class Sql
    {
        public const string EmailTaken = "SELECT COUNT(*) FROM workers WHERE email = @email";
        public const string ConciergeTeam = "SELECT team FROM members WHERE id = @id";
        public const string Insert = """
            INSERT INTO workers (id, name, email, job_type, main_job_style, weekly_hours, concierge_id, status, created_at, updated_at, version)
            VALUES (@id, @name, @email, @jobType, @mainJobStyle, @weeklyHours, @conciergeId, 'registered', @at, @at, 1)
            """;
        public const string InsertSkill = "INSERT INTO worker_skills (worker_id, position, skill) VALUES (@workerId, @position, @skill)";
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
            if (await db.ExecuteScalarAsync<long>(Sql.EmailTaken, new { email }, ct) > 0)
                throw new ConflictException($"A worker with email '{email}' is already registered.", new Dictionary<string, object?> { ["field"] = "email" });
            var team = await db.QuerySingleOrDefaultAsync<string>(Sql.ConciergeTeam, new { id = c.ConciergeId }, ct);
            if (team is null) throw Invalid.Field("conciergeId", $"No member has id '{c.ConciergeId}'.");
            if (team != Wire.Name(Team.Cc) && team != Wire.Name(Team.Admin))
                throw Invalid.Field("conciergeId", $"The concierge must be a member of the cc team, not {team}.");

            var id = Guid.NewGuid();
            var at = clock.UtcNow;
            await db.ExecuteAsync(Sql.Insert, new
            {
                id,
                name = c.Name!.Trim(),
                email,
                jobType = Wire.Name(c.JobType!.Value),
                mainJobStyle = Wire.Name(c.MainJobStyle!.Value),
                weeklyHours = c.WeeklyHours!.Value,
                conciergeId = c.ConciergeId!.Value,
                at,
            }, ct);
            var skills = (c.Skills ?? []).Select(s => s.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            for (var i = 0; i < skills.Count; i++)
                await db.ExecuteAsync(Sql.InsertSkill, new { workerId = id, position = i, skill = skills[i] }, ct);
            await db.ExecuteAsync(Sql.FirstHistory, new { workerId = id, at, by = actor.Current.MemberId, note = "登録 (registered)" }, ct);
            await audit.Write("create", "worker", id, $"{c.Name!.Trim()} <{email}> registered as {Wire.Name(c.JobType!.Value)}", ct);
            return await view.Get(id, ct);
        }
    }
}
