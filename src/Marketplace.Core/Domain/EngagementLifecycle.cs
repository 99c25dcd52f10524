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
    public static bool CanEnd(EngagementStatus s) => EngagementStatuses.Running.Contains(s);

    /// <summary>The first follow-up (経過面談) is due one calendar month after the kickoff.</summary>
    public static DateOnly FollowUpDue(DateOnly kickoffHeldOn) => kickoffHeldOn.AddMonths(1);

    /// <summary>
    /// The rule キックオフMTGにCSが必須で同席 (docs/domain.md, "Kickoff and the CS rule"): the company's first kickoff — the
    /// earliest held, on a tie the one recorded first — must have a CS member present.
    /// </summary>
    public static bool FirstKickoffHasCs(IEnumerable<(DateOnly HeldOn, DateTime RecordedAt, bool WithCs)> kickoffs) =>
        kickoffs.OrderBy(k => k.HeldOn).ThenBy(k => k.RecordedAt).Select(k => k.WithCs).FirstOrDefault(true);
}

/// <summary>
/// The sets of engagement statuses the rules speak of, each written once: C# asks <c>Contains</c>, SQL takes the words as a
/// list parameter (<c>status IN @open</c>).
/// </summary>
public static class EngagementStatuses
{
    /// <summary>Not closed yet (proposed, contracted or active): the worker is taken, and a company churn closes them.</summary>
    public static readonly IReadOnlySet<EngagementStatus> Open = new HashSet<EngagementStatus> { EngagementStatus.Proposed, EngagementStatus.Contracted, EngagementStatus.Active };

    /// <summary>Contracted or active: they can end with a churn record, and keep their company from churning until then.</summary>
    public static readonly IReadOnlySet<EngagementStatus> Running = new HashSet<EngagementStatus> { EngagementStatus.Contracted, EngagementStatus.Active };

    /// <summary>Contracted, active or ended: the engagements the engagement churn figures count (proposals and declined ones never).</summary>
    public static readonly IReadOnlySet<EngagementStatus> Counted = new HashSet<EngagementStatus> { EngagementStatus.Contracted, EngagementStatus.Active, EngagementStatus.Ended };

    public static readonly string[] OpenWords = Words(Open);
    public static readonly string[] CountedWords = Words(Counted);
    public static readonly string[] RunningWords = Words(Running);

    private static string[] Words(IEnumerable<EngagementStatus> set) => set.Order().Select(Wire.Name).ToArray();
}
