using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using Marketplace.Core.Shared;

namespace Marketplace.Core.Features.Playbooks;

/// <summary>Who and what a rule's task is about.</summary>
public sealed record PlaybookSubject
{
    public Guid CompanyId { get; init; }
    public string CompanyName { get; init; } = "";
    public Guid CsOwnerId { get; init; }
    public Guid? EngagementId { get; init; }
    public string? Title { get; init; }
    public Guid? WorkerId { get; init; }
    public string? WorkerName { get; init; }
    public Guid? ConciergeId { get; init; }
}

/// <summary>
/// How every rule raises its task: to whom, due when, and never twice for the same record and step. Scoped to one
/// command: a team's open-task load is read once and then kept as this writer raises tasks, so a rule raising many
/// tasks in one run does not count every open task again for each.
/// </summary>
public sealed class PlaybookTaskWriter(Db db, Audit audit, IClock clock)
{
    public static class Sql
    {
        public const string TeamLoad = """
            SELECT m.id AS Id, m.name AS Name, COUNT(t.id) AS OpenTasks FROM members m LEFT JOIN tasks t ON t.assignee_id = m.id AND t.status = 'open'
            WHERE m.team = @team GROUP BY m.id, m.name
            """;
        public const string RaisedSources = "SELECT source_id FROM tasks WHERE rule_code = @rule AND source_type = @sourceType AND step = @step";
    }

    private sealed class MemberLoad
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public int OpenTasks { get; set; }
    }

    private readonly Dictionary<Team, List<MemberLoad>> loads = [];

    /// <summary>The member the rule's assignee names for this subject; sales and admin go to whoever of the team has the fewest open tasks.</summary>
    public async Task<Guid?> Assignee(PlaybookAssignee assignee, PlaybookSubject subject, CancellationToken ct) => assignee switch
    {
        PlaybookAssignee.CsOwner => subject.CsOwnerId,
        // A company-wide rule has no worker: the company's CS owner takes it.
        PlaybookAssignee.Concierge => subject.ConciergeId ?? subject.CsOwnerId,
        PlaybookAssignee.Sales => await LeastLoaded(Team.Sales, ct),
        _ => await LeastLoaded(Team.Admin, ct),
    };

    /// <summary>The ids of the records that already raised this step of the rule, so a run over many records skips them without a write each.</summary>
    public async Task<HashSet<string>> RaisedFrom(PlaybookRule rule, string sourceType, string step, CancellationToken ct) =>
        [.. await db.QueryAsync<string>(Sql.RaisedSources, new { rule = Wire.Name(rule), sourceType, step }, ct)];

    private async Task<Guid?> LeastLoaded(Team team, CancellationToken ct)
    {
        if (!loads.TryGetValue(team, out var members))
            loads[team] = members = [.. await db.QueryAsync<MemberLoad>(Sql.TeamLoad, new { team = Wire.Name(team) }, ct)];
        return members.OrderBy(m => m.OpenTasks).ThenBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Id).FirstOrDefault()?.Id;
    }

    /// <summary>Raises the task unless the record already raised this step of the rule; true when it did now.</summary>
    public async Task<bool> Raise(PlaybookDto playbook, string step, Guid? assignee, string title, PlaybookSubject subject, (string Type, string Id) source, CancellationToken ct)
    {
        // No one to give it to (no member of the team yet): nothing is raised, and the next record may raise it.
        if (assignee is null) return false;
        var rule = Wire.Name(playbook.Rule);
        var id = Guid.NewGuid();
        var dueOn = BusinessCalendar.AddBusinessDays(clock.Today, playbook.DueInBusinessDays);
        if (await db.ExecuteAsync(TaskWrites.Sql.InsertRaised, new
        {
            id, title = title.Length > 200 ? title[..200] : title, dueOn, assigneeId = assignee, companyId = subject.CompanyId, engagementId = subject.EngagementId, workerId = subject.WorkerId,
            note = (string?)null, rule, sourceType = source.Type, sourceId = source.Id, step, at = clock.UtcNow, by = (Guid?)null,
        }, ct) == 0)
            return false;
        await audit.Write("create", "task", id, $"raised by {rule} ({step}) for {source.Type} {source.Id}, due {dueOn:yyyy-MM-dd}", ct);
        foreach (var members in loads.Values)
            foreach (var m in members.Where(m => m.Id == assignee))
                m.OpenTasks++;
        return true;
    }
}
