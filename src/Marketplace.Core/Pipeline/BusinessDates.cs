using FluentValidation;
using Marketplace.Core.Domain;
using Microsoft.Extensions.Configuration;

namespace Marketplace.Core.Pipeline;

/// <summary>
/// The days a business record can plausibly fall on, both included (<c>Business:EarliestDate</c>, <c>Business:LatestDate</c>):
/// every date and month a request carries is held to them (<see cref="BusinessDateRules"/>), so nothing implausible is
/// stored and the date arithmetic behind a request (a follow-up a month on, a window 270 days back) stays in the calendar.
/// </summary>
public sealed record BusinessDates
{
    public const string Section = "Business";

    /// <summary>Room the configured range must leave at each end of the calendar for that arithmetic.</summary>
    private const int MarginYears = 10;

    public DateOnly EarliestDate { get; init; } = new(1990, 1, 1);
    public DateOnly LatestDate { get; init; } = new(2100, 12, 31);

    public bool Contains(DateOnly day) => day >= EarliestDate && day <= LatestDate;

    public bool Contains(YearMonth month) => month.CompareTo(YearMonth.Of(EarliestDate)) >= 0 && month.CompareTo(YearMonth.Of(LatestDate)) <= 0;

    /// <summary>The range configured under <see cref="Section"/>, or the default one; a range that cannot work stops the start.</summary>
    public static BusinessDates From(IConfiguration? configuration)
    {
        var dates = configuration?.GetSection(Section).Get<BusinessDates>() ?? new BusinessDates();
        if (dates.EarliestDate > dates.LatestDate)
            throw new InvalidOperationException($"{Section}:EarliestDate ({dates.EarliestDate:yyyy-MM-dd}) is after {Section}:LatestDate ({dates.LatestDate:yyyy-MM-dd}).");
        if (dates.EarliestDate.Year <= DateOnly.MinValue.Year + MarginYears || dates.LatestDate.Year >= DateOnly.MaxValue.Year - MarginYears)
            throw new InvalidOperationException($"{Section}:EarliestDate and {Section}:LatestDate must stay more than {MarginYears} years inside 0001-01-01 … 9999-12-31.");
        return dates;
    }

    /// <summary>The key under which the validation behavior hands the range to the rules.</summary>
    internal const string ContextKey = nameof(BusinessDates);

    /// <summary>The range a validation runs with: the configured one in the pipeline, the default one elsewhere.</summary>
    internal static BusinessDates Of(IValidationContext context) =>
        context.RootContextData.TryGetValue(ContextKey, out var dates) && dates is BusinessDates d ? d : Default;

    private static readonly BusinessDates Default = new();
}

public static class BusinessDateRules
{
    /// <summary>A date of a business record (when given): within <see cref="BusinessDates"/>.</summary>
    public static IRuleBuilderOptions<T, DateOnly?> BusinessDate<T>(this IRuleBuilder<T, DateOnly?> rule) =>
        rule.Must((_, day, context) => day is not { } d || Within(context, dates => dates.Contains(d), "yyyy-MM-dd"))
            .WithMessageKey(ValidationMessages.DateRange);

    /// <summary>A month given as yyyy-MM (when it parses): within the months of <see cref="BusinessDates"/>.</summary>
    public static IRuleBuilderOptions<T, string?> BusinessMonth<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must((_, text, context) => !YearMonth.TryParse(text, out var month) || Within(context, dates => dates.Contains(month), "yyyy-MM"))
            .WithMessageKey(ValidationMessages.MonthRange);

    private static bool Within<T>(ValidationContext<T> context, Func<BusinessDates, bool> contains, string format)
    {
        var dates = BusinessDates.Of(context);
        if (contains(dates)) return true;
        context.MessageFormatter.AppendArgument("Earliest", dates.EarliestDate.ToString(format, System.Globalization.CultureInfo.InvariantCulture));
        context.MessageFormatter.AppendArgument("Latest", dates.LatestDate.ToString(format, System.Globalization.CultureInfo.InvariantCulture));
        return false;
    }
}
