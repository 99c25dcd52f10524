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
    public static IEnumerable<ReasonProblem> Problems(ChurnKind kind, IEnumerable<string> reasonCodes, IReadOnlyDictionary<string, ChurnReason> catalog,
        IReadOnlyCollection<string>? kept = null)
    {
        foreach (var code in reasonCodes)
        {
            if (!catalog.TryGetValue(code, out var reason))
                yield return new ReasonProblem(code, null, ReasonProblemKind.Unknown);
            else if (kind == ChurnKind.Engagement ? !reason.AppliesToEngagements : !reason.AppliesToCompanies)
                yield return new ReasonProblem(code, reason, kind == ChurnKind.Engagement ? ReasonProblemKind.NotForEngagements : ReasonProblemKind.NotForCompanies);
            else if (reason.Retired && kept?.Contains(code) != true)
                yield return new ReasonProblem(code, reason, ReasonProblemKind.Retired);
        }
    }
}

public enum ReasonProblemKind { Unknown, NotForEngagements, NotForCompanies, Retired }

/// <summary>A reason code a churn may not name, and why; the catalog's reason when the code names one.</summary>
public sealed record ReasonProblem(string Code, ChurnReason? Reason, ReasonProblemKind Kind);

public static class Tenure
{
    /// <summary>Days from the start (engagement start, or the signing that the churn ends) to the end; never negative.</summary>
    public static int Days(DateOnly start, DateOnly end) => Math.Max(0, end.DayNumber - start.DayNumber);

    /// <summary>
    /// Whole calendar months from the start to the end; never negative. m months have passed when the end is on or after
    /// the start's day of the month m months on — that month's last day when it is shorter (31 January + 1 month =
    /// 28 February), as a follow-up is due one month after its kickoff.
    /// </summary>
    public static int Months(DateOnly start, DateOnly end)
    {
        if (end <= start) return 0;
        var months = (end.Year - start.Year) * 12 + end.Month - start.Month;
        return start.AddMonths(months) > end ? months - 1 : months;
    }
}
