using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;

namespace Marketplace.Core.Features.Workers;

/// <summary>The body of POST /api/workers and PUT /api/workers/{id}: a worker's profile.</summary>
public abstract record WorkerFields
{
    public string? Name { get; init; }
    public string? Email { get; init; }
    public JobType? JobType { get; init; }
    public IReadOnlyList<string>? Skills { get; init; }
    public MainJobStyle? MainJobStyle { get; init; }
    public int? WeeklyHours { get; init; }
    public Guid? ConciergeId { get; init; }

    /// <summary>The skills as stored: trimmed, each once, in the order given.</summary>
    public IReadOnlyList<string> SkillList => (Skills ?? []).Select(s => s.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}

public sealed class WorkerFieldsValidator<T> : AbstractValidator<T> where T : WorkerFields
{
    public WorkerFieldsValidator()
    {
        RuleFor(c => c.Name).Text(200);
        RuleFor(c => c.Email).Email();
        RuleFor(c => c.JobType).Required();
        this.TextList(c => c.Skills, 50, 100);
        RuleFor(c => c.MainJobStyle).Required();
        RuleFor(c => c.WeeklyHours).Required().InclusiveBetween(0, 168);
        RuleFor(c => c.ConciergeId).Required();
    }
}

/// <summary>Checks and writes shared by registering a worker and correcting the profile.</summary>
public static class WorkerWrites
{
    public static class Sql
    {
        public const string EmailTakenByOther = "SELECT COUNT(*) FROM workers WHERE email = @email AND id <> @id";
        public const string ConciergeTeam = "SELECT team FROM members WHERE id = @id";
        public const string DeleteSkills = "DELETE FROM worker_skills WHERE worker_id = @workerId";
        public const string InsertSkill = "INSERT INTO worker_skills (worker_id, position, skill) VALUES (@workerId, @position, @skill)";
    }

    /// <summary>The email is a worker's key: no other worker may have it (409 naming the field).</summary>
    public static async Task CheckEmailFree(Db db, string email, Guid workerId, CancellationToken ct)
    {
        if (await db.ExecuteScalarAsync<long>(Sql.EmailTakenByOther, new { email, id = workerId }, ct) > 0)
            throw new ConflictException($"A worker with email '{email}' is already registered.", new Dictionary<string, object?> { ["field"] = "email" }, ConflictCodes.EmailTaken);
    }

    /// <summary>The concierge must be a member of the cc team (or an admin acting as one).</summary>
    public static async Task CheckConcierge(Db db, Guid conciergeId, CancellationToken ct)
    {
        var team = await db.QuerySingleOrDefaultAsync<string>(Sql.ConciergeTeam, new { id = conciergeId }, ct);
        if (team is null) throw Invalid.Because("conciergeId", ValidationMessages.UnknownMember, ("Id", conciergeId));
        if (team != Wire.Name(Team.Cc) && team != Wire.Name(Team.Admin))
            throw Invalid.Because("conciergeId", ValidationMessages.ConciergeTeam, ("Team", team));
    }

    /// <summary>The column values of the profile, as parameters for INSERT and UPDATE alike.</summary>
    public static Dapper.DynamicParameters Columns(WorkerFields c, Guid id, DateTime at) => new(new
    {
        id,
        name = c.Name!.Trim(),
        email = c.Email!.Trim(),
        jobType = Wire.Name(c.JobType!.Value),
        mainJobStyle = Wire.Name(c.MainJobStyle!.Value),
        weeklyHours = c.WeeklyHours!.Value,
        conciergeId = c.ConciergeId!.Value,
        at,
    });

    public static async Task WriteSkills(Db db, Guid workerId, IReadOnlyList<string> skills, CancellationToken ct)
    {
        await db.ExecuteAsync(Sql.DeleteSkills, new { workerId }, ct);
        for (var i = 0; i < skills.Count; i++)
            await db.ExecuteAsync(Sql.InsertSkill, new { workerId, position = i, skill = skills[i] }, ct);
    }
}
