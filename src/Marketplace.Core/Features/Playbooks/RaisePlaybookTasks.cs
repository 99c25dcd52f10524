using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Events;
using Marketplace.Core.Pipeline;
using Marketplace.Core.Shared;
using MediatR;

namespace Marketplace.Core.Features.Playbooks;

/// <summary>
/// The rules that act on what a command records: inside its transaction, each raises its task for the person the
/// rule names, due the configured working days after today. A record raises each step of a rule once, and history
/// entered late (dated more than <see cref="LateDays"/> days ago, as an import's) raises nothing.
/// </summary>
public sealed class RaisePlaybookTasks(Db db, Audit audit, IClock clock)
    : INotificationHandler<EngagementEnded>, INotificationHandler<FollowUpHeld>, INotificationHandler<SatisfactionSurveyed>, INotificationHandler<ExpansionLeadTossed>
{
    public const int LateDays = 30;
    public const int LowSatisfaction = 2;
    public const int DetractorScore = 6;

    public static class Sql
    {
        public const string Engagement = """
            SELECT e.id AS EngagementId, e.title AS Title, e.company_id AS CompanyId, c.name AS CompanyName, c.cs_owner_id AS CsOwnerId,
                   e.worker_id AS WorkerId, w.name AS WorkerName, w.concierge_id AS ConciergeId
            FROM engagements e JOIN companies c ON c.id = e.company_id JOIN workers w ON w.id = e.worker_id
            WHERE e.id = @id
            """;
        public const string Company = "SELECT id AS CompanyId, name AS CompanyName, cs_owner_id AS CsOwnerId FROM companies WHERE id = @id";
        public const string EndReasons = "SELECT reason_code FROM engagement_churn_reasons WHERE churn_id = @id";
        public const string TeamByLoad = """
            SELECT m.id FROM members m LEFT JOIN tasks t ON t.assignee_id = m.id AND t.status = 'open'
            WHERE m.team = @team GROUP BY m.id, m.name ORDER BY COUNT(t.id), m.name, m.id
            """;
        public const string Raised = "SELECT COUNT(*) FROM tasks WHERE rule_code = @rule AND source_type = @sourceType AND source_id = @sourceId AND step = @step";
    }

    /// <summary>Who and what a rule's task is about.</summary>
    private sealed record Subject
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

    private bool Late(DateOnly day) => day < clock.Today.AddDays(-LateDays);

    public async Task Handle(EngagementEnded e, CancellationToken ct)
    {
        // An end the company's churn made is the churn's story, not the engagement's.
        if (e.CompanyChurnId is not null || Late(e.EndedOn)) return;
        var reasons = await db.QueryAsync<string>(Sql.EndReasons, new { id = e.ChurnId }, ct);
        if (!ChurnClassification.IsNegative(reasons, await ReasonCatalog.LoadByCode(db, ct))) return;
        var subject = await db.QuerySingleOrDefaultAsync<Subject>(Sql.Engagement, new { id = e.EngagementId }, ct) ?? throw new NotFoundException("record", e.EngagementId);
        var playbook = await PlaybookSettings.One(db, PlaybookRule.NegativeEngagementEnd, ct);
        if (!playbook.Enabled) return;
        var source = ("engagement_churn", e.ChurnId.ToString("D"));
        var about = $"{subject.CompanyName} / {subject.WorkerName}";
        // The retrospective is held by the CS owner and the concierge together; each gets it on their list.
        await Raise(playbook, "retrospective", await Assignee(playbook.Assignee, subject, ct), $"{playbook.Title}（{about}）", subject, source, ct);
        if (subject.ConciergeId is { } concierge)
        {
            await Raise(playbook, "retrospective_concierge", concierge, $"{playbook.Title}（{about}）", subject, source, ct);
            await Raise(playbook, "replacement", concierge, $"代わりの人材の提案（{subject.CompanyName}）", subject, source, ct);
        }
    }

    public async Task Handle(FollowUpHeld e, CancellationToken ct)
    {
        if (e.CompanySatisfaction > LowSatisfaction || Late(e.HeldOn)) return;
        var playbook = await PlaybookSettings.One(db, PlaybookRule.LowFollowUpSatisfaction, ct);
        if (!playbook.Enabled) return;
        var subject = await db.QuerySingleOrDefaultAsync<Subject>(Sql.Engagement, new { id = e.EngagementId }, ct) ?? throw new NotFoundException("record", e.EngagementId);
        await Raise(playbook, "call", await Assignee(playbook.Assignee, subject, ct), $"{playbook.Title}（{subject.CompanyName}）", subject,
            ("follow_up", e.FollowUpId.ToString("D")), ct);
    }

    public async Task Handle(SatisfactionSurveyed e, CancellationToken ct)
    {
        if (e.Score > DetractorScore || Late(e.SurveyedOn)) return;
        var playbook = await PlaybookSettings.One(db, PlaybookRule.DetractorSurvey, ct);
        if (!playbook.Enabled) return;
        var subject = await db.QuerySingleOrDefaultAsync<Subject>(Sql.Company, new { id = e.CompanyId }, ct) ?? throw new NotFoundException("record", e.CompanyId);
        await Raise(playbook, "follow_up", await Assignee(playbook.Assignee, subject, ct), $"{playbook.Title}（{subject.CompanyName}、NPS {e.Score}）", subject,
            ("satisfaction_survey", e.SurveyId.ToString("D")), ct);
    }

    public async Task Handle(ExpansionLeadTossed e, CancellationToken ct)
    {
        if (Late(e.TossedOn)) return;
        var playbook = await PlaybookSettings.One(db, PlaybookRule.ExpansionLeadTossed, ct);
        if (!playbook.Enabled) return;
        var subject = await db.QuerySingleOrDefaultAsync<Subject>(Sql.Company, new { id = e.CompanyId }, ct) ?? throw new NotFoundException("record", e.CompanyId);
        await Raise(playbook, "work_lead", await Assignee(playbook.Assignee, subject, ct), $"{playbook.Title}（{subject.CompanyName}）", subject,
            ("expansion_lead", e.LeadId.ToString("D")), ct);
    }

    /// <summary>The member the rule's assignee names for this subject; sales and admin go to whoever of the team has the fewest open tasks.</summary>
    private async Task<Guid?> Assignee(PlaybookAssignee assignee, Subject subject, CancellationToken ct) => assignee switch
    {
        PlaybookAssignee.CsOwner => subject.CsOwnerId,
        // A company-wide rule has no worker: the company's CS owner takes it.
        PlaybookAssignee.Concierge => subject.ConciergeId ?? subject.CsOwnerId,
        PlaybookAssignee.Sales => (await db.QueryAsync<Guid>(Sql.TeamByLoad, new { team = Wire.Name(Team.Sales) }, ct)).Cast<Guid?>().FirstOrDefault(),
        _ => (await db.QueryAsync<Guid>(Sql.TeamByLoad, new { team = Wire.Name(Team.Admin) }, ct)).Cast<Guid?>().FirstOrDefault(),
    };

    private async Task Raise(PlaybookDto playbook, string step, Guid? assignee, string title, Subject subject, (string Type, string Id) source, CancellationToken ct)
    {
        // No one to give it to (no member of the team yet): nothing is raised, and the next record may raise it.
        if (assignee is null) return;
        var rule = Wire.Name(playbook.Rule);
        if (await db.ExecuteScalarAsync<long>(Sql.Raised, new { rule, sourceType = source.Type, sourceId = source.Id, step }, ct) > 0) return;
        var id = Guid.NewGuid();
        var dueOn = BusinessCalendar.AddBusinessDays(clock.Today, playbook.DueInBusinessDays);
        await db.ExecuteAsync(TaskWrites.Sql.Insert, new
        {
            id, title = title.Length > 200 ? title[..200] : title, dueOn, assigneeId = assignee, companyId = subject.CompanyId, engagementId = subject.EngagementId, workerId = subject.WorkerId,
            note = (string?)null, rule, sourceType = source.Type, sourceId = source.Id, step, at = clock.UtcNow, by = (Guid?)null,
        }, ct);
        await audit.Write("create", "task", id, $"raised by {rule} ({step}) for {source.Type} {source.Id}, due {dueOn:yyyy-MM-dd}", ct);
    }
}
