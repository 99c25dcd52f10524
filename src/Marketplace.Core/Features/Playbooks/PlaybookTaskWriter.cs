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

/// <summary>How every rule raises its task: to whom, due when, and never twice for the same record and step.</summary>
public sealed class PlaybookTaskWriter(Db db, Audit audit, IClock clock)
{
    public static class Sql
    {
        public const string TeamByLoad = """
            SELECT m.id FROM members m LEFT JOIN tasks t ON t.assignee_id = m.id AND t.status = 'open'
            WHERE m.team = @team GROUP BY m.id, m.name ORDER BY COUNT(t.id), m.name, m.id
            """;
    }

    /// <summary>The member the rule's assignee names for this subject; sales and admin go to whoever of the team has the fewest open tasks.</summary>
    public async Task<Guid?> Assignee(PlaybookAssignee assignee, PlaybookSubject subject, CancellationToken ct) => assignee switch
    {
        PlaybookAssignee.CsOwner => subject.CsOwnerId,
        // A company-wide rule has no worker: the company's CS owner takes it.
        PlaybookAssignee.Concierge => subject.ConciergeId ?? subject.CsOwnerId,
        PlaybookAssignee.Sales => (await db.QueryAsync<Guid>(Sql.TeamByLoad, new { team = Wire.Name(Team.Sales) }, ct)).Cast<Guid?>().FirstOrDefault(),
        _ => (await db.QueryAsync<Guid>(Sql.TeamByLoad, new { team = Wire.Name(Team.Admin) }, ct)).Cast<Guid?>().FirstOrDefault(),
    };

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
        return true;
    }
}
