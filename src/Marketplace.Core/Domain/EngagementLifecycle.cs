namespace Marketplace.Core.Domain;

/// <summary>proposed → contracted → active → ended, or proposed → declined.</summary>
public static class EngagementLifecycle
{
    public static bool CanContract(EngagementStatus s) => s == EngagementStatus.Proposed;
    public static bool CanDecline(EngagementStatus s) => s == EngagementStatus.Proposed;
    public static bool CanKickOff(EngagementStatus s) => s == EngagementStatus.Contracted;
    public static bool CanRecordFollowUp(EngagementStatus s) => s == EngagementStatus.Active;
    public static bool CanEditChecklist(EngagementStatus s) => s is EngagementStatus.Contracted or EngagementStatus.Active;

    /// <summary>A contracted engagement that never started can still end (the worker or company pulled out).</summary>
    public static bool CanEnd(EngagementStatus s) => s is EngagementStatus.Contracted or EngagementStatus.Active;

    /// <summary>Engagements that keep a company from churning until they are ended.</summary>
    public static bool IsOpen(EngagementStatus s) => s is EngagementStatus.Contracted or EngagementStatus.Active;

    /// <summary>The first follow-up (経過面談) is due one calendar month after the kickoff.</summary>
    public static DateOnly FollowUpDue(DateOnly kickoffHeldOn) => kickoffHeldOn.AddMonths(1);

    /// <summary>
    /// The seed rule キックオフMTGにCSが必須で同席: the company's first kickoff needs a CS attendee.
    /// </summary>
    public static bool RequiresCsAttendee(bool companyHasEarlierKickoff) => !companyHasEarlierKickoff;
}
