namespace Marketplace.Core.Domain;

/// <summary>A reason of the catalog; a retired one still labels the records that name it but is not chosen for new ones.</summary>
public sealed record ChurnReason(string Code, string LabelJa, string LabelEn, bool Negative, ReasonScope AppliesTo, bool Retired = false)
{
    public bool AppliesToEngagements => AppliesTo is ReasonScope.Both or ReasonScope.Engagement;
    public bool AppliesToCompanies => AppliesTo is ReasonScope.Both or ReasonScope.Company;
}

public enum ChurnKind { Engagement, Company }

public static class ChurnClassification
{
    /// <summary>A churn is negative (ネガな解約) when any one of its reasons is tagged negative.</summary>
    public static bool IsNegative(IEnumerable<string> reasonCodes, IReadOnlyDictionary<string, ChurnReason> catalog) =>
        reasonCodes.Any(code => catalog.TryGetValue(code, out var reason) && reason.Negative);

    /// <summary>
    /// Reason codes that are unknown, do not apply to this kind of churn, or are retired, with why; a retired reason the
    /// record already had (<paramref name="kept"/>, when correcting it) may stay.
    /// </summary>
    public static IEnumerable<string> Problems(ChurnKind kind, IEnumerable<string> reasonCodes, IReadOnlyDictionary<string, ChurnReason> catalog,
        IReadOnlyCollection<string>? kept = null)
    {
        foreach (var code in reasonCodes)
        {
            if (!catalog.TryGetValue(code, out var reason))
                yield return $"'{code}' is not a known churn reason.";
            else if (kind == ChurnKind.Engagement ? !reason.AppliesToEngagements : !reason.AppliesToCompanies)
                yield return $"'{code}' does not apply to {(kind == ChurnKind.Engagement ? "an engagement" : "a company")} churn.";
            else if (reason.Retired && kept?.Contains(code) != true)
                yield return $"'{code}' is a retired churn reason and can no longer be chosen.";
        }
    }
}

public static class Tenure
{
    /// <summary>Days from the start (engagement start, or the signing that the churn ends) to the end; never negative.</summary>
    public static int Days(DateOnly start, DateOnly end) => Math.Max(0, end.DayNumber - start.DayNumber);
}
