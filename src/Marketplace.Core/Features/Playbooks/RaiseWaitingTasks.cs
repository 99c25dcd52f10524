using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Playbooks;

/// <summary>
/// The rules that act on what has not happened by a day: a follow-up overdue by the rule's threshold, and a company
/// still without an engagement kicked off that long after signing. The daily job runs it each time it wakes (and an
/// admin on demand); what a record raised before is not raised again, so running a day twice, or on two instances,
/// raises each task once.
/// </summary>
public static class RaiseWaitingTasks
{
    public sealed record Command : ICommand<Result>
    {
        public DateOnly? Day { get; init; }
    }

    public sealed record Result(DateOnly Day, int Raised);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Day).BusinessDate();
    }

    public static class Sql
    {
        public const string OverdueFollowUps = """
            SELECT f.id AS FollowUpId, f.due_on AS DueOn, e.id AS EngagementId, e.title AS Title, c.id AS CompanyId, c.name AS CompanyName,
                   c.cs_owner_id AS CsOwnerId, w.id AS WorkerId, w.name AS WorkerName, w.concierge_id AS ConciergeId
            FROM follow_ups f
            JOIN engagements e ON e.id = f.engagement_id
            JOIN companies c ON c.id = e.company_id
            JOIN workers w ON w.id = e.worker_id
            WHERE f.held_on IS NULL AND f.cancelled_on IS NULL AND f.due_on <= @dueBy AND e.status = 'active'
            ORDER BY f.due_on, f.id
            """;
        /// <summary>Active companies signed on or before the day, with no kickoff since they signed: their term has not started work.</summary>
        public const string StalledCompanies = """
            SELECT c.id AS CompanyId, c.name AS CompanyName, c.cs_owner_id AS CsOwnerId, c.signed_on AS SignedOn
            FROM companies c
            WHERE c.status = 'active' AND c.signed_on <= @signedBy
              AND NOT EXISTS (SELECT 1 FROM kickoffs k WHERE k.company_id = c.id AND k.held_on >= c.signed_on)
            ORDER BY c.signed_on, c.id
            """;
    }

    private sealed record OverdueRow
    {
        public Guid FollowUpId { get; init; }
        public DateOnly DueOn { get; init; }
        public Guid EngagementId { get; init; }
        public string Title { get; init; } = "";
        public Guid CompanyId { get; init; }
        public string CompanyName { get; init; } = "";
        public Guid CsOwnerId { get; init; }
        public Guid WorkerId { get; init; }
        public string WorkerName { get; init; } = "";
        public Guid ConciergeId { get; init; }
    }

    private sealed record StalledRow
    {
        public Guid CompanyId { get; init; }
        public string CompanyName { get; init; } = "";
        public Guid CsOwnerId { get; init; }
        public DateOnly SignedOn { get; init; }
    }

    public sealed class Handler(Db db, PlaybookTaskWriter writer, IClock clock) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command c, CancellationToken ct)
        {
            var day = c.Day ?? clock.Today;
            var raised = 0;
            var overdue = await PlaybookSettings.One(db, PlaybookRule.FollowUpOverdue, ct);
            if (overdue is { Enabled: true, ThresholdDays: { } overdueDays })
            {
                var raisedBefore = await writer.RaisedFrom(PlaybookRule.FollowUpOverdue, "follow_up", "escalation", ct);
                foreach (var f in await db.QueryAsync<OverdueRow>(Sql.OverdueFollowUps, new { dueBy = day.AddDays(-overdueDays) }, ct))
                {
                    if (raisedBefore.Contains(f.FollowUpId.ToString("D"))) continue;
                    var subject = new PlaybookSubject
                    {
                        CompanyId = f.CompanyId, CompanyName = f.CompanyName, CsOwnerId = f.CsOwnerId, EngagementId = f.EngagementId, Title = f.Title,
                        WorkerId = f.WorkerId, WorkerName = f.WorkerName, ConciergeId = f.ConciergeId,
                    };
                    if (await writer.Raise(overdue, "escalation", await writer.Assignee(overdue.Assignee, subject, ct),
                            $"{overdue.Title}（{f.CompanyName} / {f.WorkerName}、期限 {f.DueOn:yyyy-MM-dd}）", subject, ("follow_up", f.FollowUpId.ToString("D")), ct))
                        raised++;
                }
            }
            var stalled = await PlaybookSettings.One(db, PlaybookRule.OnboardingStalled, ct);
            if (stalled is { Enabled: true, ThresholdDays: { } stalledDays })
            {
                var raisedBefore = await writer.RaisedFrom(PlaybookRule.OnboardingStalled, "company_term", "check_in", ct);
                foreach (var s in await db.QueryAsync<StalledRow>(Sql.StalledCompanies, new { signedBy = day.AddDays(-stalledDays) }, ct))
                {
                    if (raisedBefore.Contains(Term(s))) continue;
                    var subject = new PlaybookSubject { CompanyId = s.CompanyId, CompanyName = s.CompanyName, CsOwnerId = s.CsOwnerId };
                    // A company that signs again starts a new term, which may stall again.
                    if (await writer.Raise(stalled, "check_in", await writer.Assignee(stalled.Assignee, subject, ct),
                            $"{stalled.Title}（{s.CompanyName}）", subject, ("company_term", Term(s)), ct))
                        raised++;
                }
            }
            return new Result(day, raised);
        }

        private static string Term(StalledRow s) => $"{s.CompanyId:D}/{s.SignedOn:yyyy-MM-dd}";
    }
}
