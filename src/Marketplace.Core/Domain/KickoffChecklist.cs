namespace Marketplace.Core.Domain;

/// <summary>
/// The items CS walks through at every kickoff (docs/domain.md, "Kickoff checklist"). The keys are the contract between
/// the stored ticked state and the checklist template, so they live here once.
/// </summary>
public static class KickoffChecklist
{
    public static readonly IReadOnlyList<string> Keys =
    [
        "parties",
        "goals_scope",
        "hours_conditions",
        "communication_channel",
        "reporting_cadence",
        "tool_access",
        "first_month_milestones",
        "follow_up_date",
        "prevent_skill_mismatch",
        "prevent_communication",
        "prevent_progress_invisible",
        "prevent_conditions_misaligned",
    ];

    public static bool IsKey(string key) => Keys.Contains(key, StringComparer.Ordinal);
}
