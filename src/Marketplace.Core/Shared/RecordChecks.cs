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
    }

    /// <summary>A kickoff's CS attendee must be a member of the cs team (or an admin).</summary>
    public static async Task CsAttendee(Db db, Guid csId, CancellationToken ct)
    {
        var team = await db.QuerySingleOrDefaultAsync<string>(Sql.MemberTeam, new { id = csId }, ct)
            ?? throw Invalid.Field("csAttendeeId", $"No member has id '{csId}'.");
        if (team != Wire.Name(Team.Cs) && team != Wire.Name(Team.Admin))
            throw new BusinessRuleException("cs_attendee_team", $"The CS attendee must be a member of the cs team, not {team}.",
                new Dictionary<string, object?> { ["field"] = "csAttendeeId" });
    }

    /// <summary>A kickoff is not before the contract.</summary>
    public static void KickoffAfterContract(DateOnly heldOn, DateOnly? contractedOn)
    {
        if (contractedOn is { } contracted && heldOn < contracted)
            throw Invalid.Field("heldOn", $"heldOn must not be before the contract date ({contracted:yyyy-MM-dd}).");
    }

    /// <summary>An end is not before the kickoff, or the contract when there was none.</summary>
    public static void EndAfterStart(string field, DateOnly endedOn, DateOnly? kickoffOn, DateOnly? contractedOn)
    {
        if ((kickoffOn ?? contractedOn) is { } start && endedOn < start)
            throw Invalid.Field(field, $"{field} must not be before {(kickoffOn is null ? "the contract" : "the kickoff")} ({start:yyyy-MM-dd}).");
    }

    /// <summary>A follow-up is held between the kickoff and the end.</summary>
    public static void FollowUpWithinEngagement(DateOnly heldOn, DateOnly? kickoffOn, DateOnly? endedOn)
    {
        if (kickoffOn is { } k && heldOn < k)
            throw Invalid.Field("heldOn", $"heldOn must not be before the kickoff ({k:yyyy-MM-dd}).");
        if (endedOn is { } end && heldOn > end)
            throw Invalid.Field("heldOn", $"heldOn must not be after the engagement ended ({end:yyyy-MM-dd}).");
    }
}
