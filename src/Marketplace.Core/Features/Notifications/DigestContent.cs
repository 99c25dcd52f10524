using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Features.Insights;

namespace Marketplace.Core.Features.Notifications;

public sealed record DigestTask
{
    public Guid Id { get; init; }
    public string Title { get; init; } = "";
    public DateOnly DueOn { get; init; }
    public Guid? CompanyId { get; init; }
    public string? CompanyName { get; init; }
}

public sealed record DigestFollowUp
{
    public Guid EngagementId { get; init; }
    public string Title { get; init; } = "";
    public Guid CompanyId { get; init; }
    public string CompanyName { get; init; } = "";
    public string WorkerName { get; init; } = "";
    public DateOnly DueOn { get; init; }
}

public sealed record DigestKickoff
{
    public Guid EngagementId { get; init; }
    public string Title { get; init; } = "";
    public Guid CompanyId { get; init; }
    public string CompanyName { get; init; } = "";
    public string WorkerName { get; init; } = "";
    public DateOnly StartOn { get; init; }
}

public sealed record DigestRisk(Guid CompanyId, string Name, IReadOnlyList<string> Signals);

/// <summary>
/// What a member has to know on a business day: their open tasks overdue or due by the end of the week, the follow-ups of
/// the companies they are CS owner of that are overdue or due this week, those companies' kickoffs this week (and
/// overdue ones), and the churn-risk signals on them that were not there the day before.
/// </summary>
public sealed record DigestContent(Guid MemberId, string MemberName, DateOnly Day,
    IReadOnlyList<DigestTask> Tasks, IReadOnlyList<DigestFollowUp> FollowUps, IReadOnlyList<DigestKickoff> Kickoffs, IReadOnlyList<DigestRisk> Risks)
{
    public bool IsEmpty => Tasks.Count == 0 && FollowUps.Count == 0 && Kickoffs.Count == 0 && Risks.Count == 0;

    public static class Sql
    {
        public const string Tasks = """
            SELECT t.id, t.title, t.due_on, t.company_id, c.name AS company_name
            FROM tasks t LEFT JOIN companies c ON c.id = t.company_id
            WHERE t.assignee_id = @memberId AND t.status = 'open' AND t.due_on <= @weekEnd
            ORDER BY t.due_on, t.created_at, t.id
            """;
        public const string FollowUps = """
            SELECT e.id AS engagement_id, e.title, c.id AS company_id, c.name AS company_name, w.name AS worker_name, f.due_on
            FROM follow_ups f
            JOIN engagements e ON e.id = f.engagement_id
            JOIN companies c ON c.id = e.company_id
            JOIN workers w ON w.id = e.worker_id
            WHERE f.held_on IS NULL AND f.cancelled_on IS NULL AND e.status = 'active' AND f.due_on <= @weekEnd AND c.cs_owner_id = @memberId
            ORDER BY f.due_on, f.id
            """;
        public const string Kickoffs = """
            SELECT e.id AS engagement_id, e.title, c.id AS company_id, c.name AS company_name, w.name AS worker_name, e.start_on
            FROM engagements e
            JOIN companies c ON c.id = e.company_id
            JOIN workers w ON w.id = e.worker_id
            WHERE e.status = 'contracted' AND e.start_on <= @weekEnd AND c.cs_owner_id = @memberId
            ORDER BY e.start_on, e.id
            """;
    }

    /// <summary>
    /// The member's digest for the day. <paramref name="newRisks"/> are the day's new signals of every company (read once
    /// for all members of a run); the member's are those of the companies they own.
    /// </summary>
    public static async Task<DigestContent> Read(Db db, Guid memberId, string memberName, DateOnly day, IReadOnlyList<ChurnRisk.Company> newRisks, CancellationToken ct)
    {
        var args = new { memberId, weekEnd = BusinessCalendar.WeekEnd(day) };
        var tasks = await db.QueryAsync<DigestTask>(Sql.Tasks, args, ct);
        var followUps = await db.QueryAsync<DigestFollowUp>(Sql.FollowUps, args, ct);
        var kickoffs = await db.QueryAsync<DigestKickoff>(Sql.Kickoffs, args, ct);
        return new DigestContent(memberId, memberName, day,
            tasks, followUps, kickoffs,
            newRisks.Where(r => r.CsOwnerId == memberId).Select(r => new DigestRisk(r.CompanyId, r.Name, r.Signals)).ToList());
    }

    /// <summary>Signals a company shows on the day and did not show the day before: what is new to its CS owner.</summary>
    public static IReadOnlyList<ChurnRisk.Company> NewSignals(ChurnRisk.Result today, ChurnRisk.Result dayBefore)
    {
        var before = dayBefore.Companies.ToDictionary(c => c.CompanyId, c => c.Signals);
        return today.Companies
            .Select(c => c with { Signals = c.Signals.Where(s => !before.TryGetValue(c.CompanyId, out var old) || !old.Contains(s)).ToList() })
            .Where(c => c.Signals.Count > 0).ToList();
    }
}
