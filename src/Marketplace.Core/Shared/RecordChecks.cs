using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;

namespace Marketplace.Core.Shared;

/// <summary>The rules a record and its correction are both held to (kickoff, end and follow-up days, the CS attendee).</summary>
public static class RecordChecks
{
    public static class Sql
    {
        public const string MemberTeam = "SELECT team FROM members WHERE id = @id";
        /// <summary>The engagement's own kickoff and the others' earliest day's: the rule looks at nothing later.</summary>
        public const string Kickoffs = """
            SELECT engagement_id, held_on, created_at, CASE WHEN cs_attendee_id IS NULL THEN 0 ELSE 1 END AS with_cs
            FROM kickoffs
            WHERE company_id = @companyId
              AND (engagement_id = @engagementId
                   OR held_on = (SELECT MIN(o.held_on) FROM kickoffs o WHERE o.company_id = @companyId AND o.engagement_id <> @engagementId))
            """;
    }

    private sealed record KickoffRow
    {
        public Guid EngagementId { get; init; }
        public DateOnly HeldOn { get; init; }
        public DateTime CreatedAt { get; init; }
        public bool WithCs { get; init; }
    }

    /// <summary>
    /// キックオフMTGにCSが必須で同席: after this engagement's kickoff is recorded (or corrected) as held on
    /// <paramref name="heldOn"/>, with or without a CS member, the company's first kickoff must still have one
    /// (<see cref="EngagementLifecycle.FirstKickoffHasCs"/>). A company whose first kickoff already had none is not
    /// refused for it again. 422 naming the CS attendee, or the day when moving it makes another kickoff the first.
    /// </summary>
    public static async Task FirstKickoffKeepsCs(Db db, Guid companyId, Guid engagementId, DateOnly heldOn, bool withCs, DateTime recordedAt, CancellationToken ct)
    {
        var all = await db.QueryAsync<KickoffRow>(Sql.Kickoffs, new { companyId, engagementId }, ct);
        var others = all.Where(k => k.EngagementId != engagementId).Select(k => (k.HeldOn, k.CreatedAt, k.WithCs)).ToList();
        var before = others.Concat(all.Where(k => k.EngagementId == engagementId).Select(k => (k.HeldOn, k.CreatedAt, k.WithCs)));
        var self = (HeldOn: heldOn, RecordedAt: all.FirstOrDefault(k => k.EngagementId == engagementId)?.CreatedAt ?? recordedAt, WithCs: withCs);
        if (EngagementLifecycle.FirstKickoffHasCs(others.Append(self)) || !EngagementLifecycle.FirstKickoffHasCs(before)) return;
        var selfFirst = !others.Any(k => k.HeldOn < self.HeldOn || (k.HeldOn == self.HeldOn && k.CreatedAt < self.RecordedAt));
        throw new BusinessRuleException("first_kickoff_requires_cs",
            selfFirst
                ? "This is the company's first kickoff: a CS member must attend it (キックオフMTGにCSが必須で同席). Set csAttendeeId."
                : "On this day, the company's first kickoff would be one without a CS member (キックオフMTGにCSが必須で同席).",
            new Dictionary<string, object?> { ["field"] = selfFirst ? "csAttendeeId" : "heldOn" });
    }

    /// <summary>A kickoff's CS attendee must be a member of the cs team (or an admin).</summary>
    public static async Task CsAttendee(Db db, Guid csId, CancellationToken ct) =>
        CsAttendeeTeam(csId, await db.QuerySingleOrDefaultAsync<string>(Sql.MemberTeam, new { id = csId }, ct));

    /// <summary>The same, for a caller that read the member's team (null: no such member) with its own statement.</summary>
    public static void CsAttendeeTeam(Guid csId, string? team)
    {
        if (team is null) throw Invalid.Because("csAttendeeId", ValidationMessages.UnknownMember, ("Id", csId));
        if (team != Wire.Name(Team.Cs) && team != Wire.Name(Team.Admin))
            throw new BusinessRuleException("cs_attendee_team", $"The CS attendee must be a member of the cs team, not {team}.",
                new Dictionary<string, object?> { ["field"] = "csAttendeeId" });
    }

    /// <summary>A kickoff is not before the contract.</summary>
    public static void KickoffAfterContract(DateOnly heldOn, DateOnly? contractedOn, string field = "heldOn")
    {
        if (contractedOn is { } contracted && heldOn < contracted)
            throw Invalid.Because(field, ValidationMessages.NotBeforeContract, ("Day", contracted));
    }

    /// <summary>An end is not before the kickoff, or the contract when there was none.</summary>
    public static void EndAfterStart(string field, DateOnly endedOn, DateOnly? kickoffOn, DateOnly? contractedOn)
    {
        if ((kickoffOn ?? contractedOn) is { } start && endedOn < start)
            throw Invalid.Because(field, kickoffOn is null ? ValidationMessages.NotBeforeTheContract : ValidationMessages.NotBeforeKickoff, ("Day", start));
    }

    /// <summary>An end is not before a follow-up that was held.</summary>
    public static void EndAfterFollowUps(string field, DateOnly endedOn, IEnumerable<FollowUpDto> followUps)
    {
        if (followUps.Where(f => f.HeldOn is not null).Max(f => f.HeldOn) is { } lastHeld && endedOn < lastHeld)
            throw Invalid.Because(field, ValidationMessages.NotBeforeLastFollowUp, ("Day", lastHeld));
    }

    /// <summary>A follow-up is held between the kickoff and the end.</summary>
    public static void FollowUpWithinEngagement(DateOnly heldOn, DateOnly? kickoffOn, DateOnly? endedOn, string field = "heldOn")
    {
        if (kickoffOn is { } k && heldOn < k)
            throw Invalid.Because(field, ValidationMessages.NotBeforeKickoff, ("Day", k));
        if (endedOn is { } end && heldOn > end)
            throw Invalid.Because(field, ValidationMessages.NotAfterEnd, ("Day", end));
    }
}
