using System.Text.Json.Serialization;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;

namespace Marketplace.Core.Shared;

public sealed record WorkerDto
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public string Email { get; init; } = "";
    public JobType JobType { get; init; }
    public IReadOnlyList<string> Skills { get; init; } = [];
    public MainJobStyle MainJobStyle { get; init; }
    public int WeeklyHours { get; init; }
    public Guid ConciergeId { get; init; }
    public string ConciergeName { get; init; } = "";
    public WorkerStatus Status { get; init; }
    /// <summary>The statuses a concierge may move this worker to by hand.</summary>
    public IReadOnlyList<WorkerStatus> AllowedTransitions { get; init; } = [];
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    [JsonIgnore] public long Version { get; init; }
}

/// <summary>Reads workers with their skills and the transitions open to them, for get, list and commands.</summary>
public sealed class WorkerView(Db db)
{
    public static class Sql
    {
        public const string ByIds = """
            SELECT w.id, w.name, w.email, w.job_type, w.main_job_style, w.weekly_hours, w.concierge_id, m.name AS concierge_name,
                   w.status, w.created_at, w.updated_at, w.version
            FROM workers w JOIN members m ON m.id = w.concierge_id
            WHERE w.id IN @ids
            """;
        public const string Skills = "SELECT worker_id, skill FROM worker_skills WHERE worker_id IN @ids ORDER BY worker_id, position";
    }

    private sealed record SkillRow(Guid WorkerId, string Skill);

    public async Task<WorkerDto> Get(Guid id, CancellationToken ct) =>
        (await Load([id], ct)).SingleOrDefault() ?? throw new NotFoundException("worker", id);

    public async Task<IReadOnlyList<WorkerDto>> Load(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var args = new { ids = db.Dialect.IdList(ids) };
        var rows = await db.QueryAsync<WorkerDto>(Sql.ByIds, args, ct);
        var skills = (await db.QueryAsync<SkillRow>(Sql.Skills, args, ct)).ToLookup(s => s.WorkerId, s => s.Skill);
        var order = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        return rows.OrderBy(r => order[r.Id]).Select(r => r with
        {
            Skills = skills[r.Id].ToList(),
            AllowedTransitions = WorkerStatusGraph.AllowedFrom(r.Status).ToList(),
        }).ToList();
    }
}
