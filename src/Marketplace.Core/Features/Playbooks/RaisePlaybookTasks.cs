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
/// entered late (dated more than <see cref="LateDays"/> days before the real day, as an import's or the demo's) raises nothing.
/// </summary>
public sealed class RaisePlaybookTasks(Db db, PlaybookTaskWriter writer, TimeProvider time, BusinessTime business)
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
    }

    // Late against the real day, not the request's clock: work that replays the past (the demo) sets that clock to each
    // event's time, and only what happened in the last days should still make work now.
    private bool Late(DateOnly day) => day < business.DayOf(time.GetUtcNow().UtcDateTime).AddDays(-LateDays);

    public async Task Handle(EngagementEnded e, CancellationToken ct)
    {
        // An end the company's churn made is the churn's story, not the engagement's.
        if (e.CompanyChurnId is not null || Late(e.EndedOn)) return;
        var reasons = await db.QueryAsync<string>(Sql.EndReasons, new { id = e.ChurnId }, ct);
        if (!ChurnClassification.IsNegative(reasons, await ReasonCatalog.LoadByCode(db, ct))) return;
        var subject = await db.QuerySingleOrDefaultAsync<PlaybookSubject>(Sql.Engagement, new { id = e.EngagementId }, ct) ?? throw new NotFoundException("record", e.EngagementId);
        var playbook = await PlaybookSettings.One(db, PlaybookRule.NegativeEngagementEnd, ct);
        if (!playbook.Enabled) return;
        var source = ("engagement_churn", e.ChurnId.ToString("D"));
        var about = $"{subject.CompanyName} / {subject.WorkerName}";
        // The retrospective is held by the CS owner and the concierge together; each gets it on their list.
        await writer.Raise(playbook, "retrospective", await writer.Assignee(playbook.Assignee, subject, ct), $"{playbook.Title}（{about}）", subject, source, ct);
        if (subject.ConciergeId is { } concierge)
        {
            await writer.Raise(playbook, "retrospective_concierge", concierge, $"{playbook.Title}（{about}）", subject, source, ct);
            await writer.Raise(playbook, "replacement", concierge, $"代わりの人材の提案（{subject.CompanyName}）", subject, source, ct);
        }
    }

    public async Task Handle(FollowUpHeld e, CancellationToken ct)
    {
        if (e.CompanySatisfaction > LowSatisfaction || Late(e.HeldOn)) return;
        var playbook = await PlaybookSettings.One(db, PlaybookRule.LowFollowUpSatisfaction, ct);
        if (!playbook.Enabled) return;
        var subject = await db.QuerySingleOrDefaultAsync<PlaybookSubject>(Sql.Engagement, new { id = e.EngagementId }, ct) ?? throw new NotFoundException("record", e.EngagementId);
        await writer.Raise(playbook, "call", await writer.Assignee(playbook.Assignee, subject, ct), $"{playbook.Title}（{subject.CompanyName}）", subject,
            ("follow_up", e.FollowUpId.ToString("D")), ct);
    }

    public async Task Handle(SatisfactionSurveyed e, CancellationToken ct)
    {
        if (e.Score > DetractorScore || Late(e.SurveyedOn)) return;
        var playbook = await PlaybookSettings.One(db, PlaybookRule.DetractorSurvey, ct);
        if (!playbook.Enabled) return;
        var subject = await db.QuerySingleOrDefaultAsync<PlaybookSubject>(Sql.Company, new { id = e.CompanyId }, ct) ?? throw new NotFoundException("record", e.CompanyId);
        await writer.Raise(playbook, "follow_up", await writer.Assignee(playbook.Assignee, subject, ct), $"{playbook.Title}（{subject.CompanyName}、NPS {e.Score}）", subject,
            ("satisfaction_survey", e.SurveyId.ToString("D")), ct);
    }

    public async Task Handle(ExpansionLeadTossed e, CancellationToken ct)
    {
        if (Late(e.TossedOn)) return;
        var playbook = await PlaybookSettings.One(db, PlaybookRule.ExpansionLeadTossed, ct);
        if (!playbook.Enabled) return;
        var subject = await db.QuerySingleOrDefaultAsync<PlaybookSubject>(Sql.Company, new { id = e.CompanyId }, ct) ?? throw new NotFoundException("record", e.CompanyId);
        await writer.Raise(playbook, "work_lead", await writer.Assignee(playbook.Assignee, subject, ct), $"{playbook.Title}（{subject.CompanyName}）", subject,
            ("expansion_lead", e.LeadId.ToString("D")), ct);
    }
}
