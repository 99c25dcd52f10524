using System.Globalization;

namespace Marketplace.Core.Domain;

/// <summary>A calendar month as the API writes it (yyyy-MM), with the arithmetic the insights need.</summary>
public readonly record struct YearMonth(int Year, int Month) : IComparable<YearMonth>
{
    public static YearMonth Of(DateOnly day) => new(day.Year, day.Month);

    public static bool TryParse(string? text, out YearMonth month)
    {
        month = default;
        if (text is null || text.Length != 7 || text[4] != '-') return false;
        if (!DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)) return false;
        month = Of(first);
        return true;
    }

    public static YearMonth Parse(string text) =>
        TryParse(text, out var m) ? m : throw new FormatException($"'{text}' is not a month (yyyy-MM).");

    /// <summary>The first day of the month: "the start of month M".</summary>
    public DateOnly FirstDay => new(Year, Month, 1);

    public DateOnly LastDay => FirstDay.AddMonths(1).AddDays(-1);

    public YearMonth AddMonths(int months) => Of(FirstDay.AddMonths(months));

    /// <summary>Months from this one to <paramref name="other"/>: 0 for the same month, negative when other is earlier.</summary>
    public int MonthsUntil(YearMonth other) => (other.Year - Year) * 12 + other.Month - Month;

    /// <summary>Every month from <paramref name="from"/> to <paramref name="to"/>, both included; empty when to is before from.</summary>
    public static IEnumerable<YearMonth> Range(YearMonth from, YearMonth to)
    {
        for (var m = from; m.CompareTo(to) <= 0; m = m.AddMonths(1))
            yield return m;
    }

    public int CompareTo(YearMonth other) => (Year * 12 + Month).CompareTo(other.Year * 12 + other.Month);

    public override string ToString() => $"{Year:D4}-{Month:D2}";
}
