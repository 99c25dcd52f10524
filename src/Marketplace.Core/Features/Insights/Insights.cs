using FluentValidation;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;

namespace Marketplace.Core.Features.Insights;

/// <summary>
/// An insight that can also be written as CSV (?format=csv): its figures as flat rows of one record type,
/// whose properties are the columns. The web layer has the one writer for all of them.
/// </summary>
public interface ICsvTable
{
    IEnumerable<object> CsvRows();

    /// <summary>The rows' record type, whose properties are the columns: a table with no rows still has its header.</summary>
    Type RowType { get; }
}

/// <summary>The period and kind parameters the insights share, checked the same way everywhere.</summary>
public static class InsightRules
{
    public const int MaxMonths = 120;

    public static IRuleBuilderOptions<T, string?> ChurnKindWord<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessageKey(ValidationMessages.KindRequired)
            .Must(k => k is null || Wire.TryParse<ChurnKind>(k, out _)).WithMessageKey(ValidationMessages.KindOneOf);

    public static IRuleBuilderOptions<T, string?> MonthWord<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(m => m is null || YearMonth.TryParse(m, out _)).WithMessageKey(ValidationMessages.Month).BusinessMonth();

    /// <summary>from and to as months (both optional): to defaults to this month, from to eleven months before to.</summary>
    public static void AddPeriodRules<T>(this AbstractValidator<T> validator, Func<T, string?> from, Func<T, string?> to,
        System.Linq.Expressions.Expression<Func<T, string?>> fromField, System.Linq.Expressions.Expression<Func<T, string?>> toField)
    {
        validator.RuleFor(fromField).MonthWord();
        validator.RuleFor(toField).MonthWord();
        validator.RuleFor(toField)
            .Must((q, _) => !YearMonth.TryParse(from(q), out var f) || !YearMonth.TryParse(to(q), out var t) || f.CompareTo(t) <= 0)
            .WithMessageKey(ValidationMessages.ToBeforeFrom)
            .MustNaming((q, _) => !YearMonth.TryParse(from(q), out var f) || !YearMonth.TryParse(to(q), out var t) || f.MonthsUntil(t) < MaxMonths,
                ValidationMessages.PeriodAtMost, "Max", MaxMonths);
    }

    public static (YearMonth From, YearMonth To) Period(string? from, string? to, DateOnly today)
    {
        var t = to is null ? YearMonth.Of(today) : YearMonth.Parse(to);
        var f = from is null ? t.AddMonths(-11) : YearMonth.Parse(from);
        return (f, t);
    }

    public static ChurnKind Kind(string word) => Wire.Parse<ChurnKind>(word);
}

/// <summary>Fragments the insight statements share (composed into the public constants, which are parse-checked).</summary>
internal static class InsightSql
{
    /// <summary>Engagements that ran (or were contracted to): the population of engagement churn figures.</summary>
    public const string CountedEngagement = "e.status IN ('contracted', 'active', 'ended')";

    /// <summary>
    /// Every signed term of every company: each company churn record closes one (term_signed_on → churned_on),
    /// and an active company has one open term from its current signed_on. A reactivated company thus counts
    /// in both of its periods, and its earlier term keeps the dates it had.
    /// </summary>
    public const string CompanyTerms = """
        SELECT cc.company_id, cc.term_signed_on AS signed_on, cc.churned_on FROM company_churns cc
        UNION ALL
        SELECT c.id AS company_id, c.signed_on, NULL AS churned_on FROM companies c WHERE c.status = 'active'
        """;

    /// <summary>A term of <see cref="CompanyTerms"/> (aliased terms) active on @asOf: signed on by then, not churned by then.</summary>
    public const string TermActiveOnAsOf = "terms.signed_on <= @asOf AND (terms.churned_on IS NULL OR terms.churned_on > @asOf)";

    /// <summary><see cref="CompanyTerms"/> with each churned term's whole months of tenure (migration 0018).</summary>
    public const string CompanyTermsWithMonths = """
        SELECT cc.company_id, cc.term_signed_on AS signed_on, cc.churned_on, cc.tenure_months FROM company_churns cc
        UNION ALL
        SELECT c.id AS company_id, c.signed_on, NULL AS churned_on, NULL AS tenure_months FROM companies c WHERE c.status = 'active'
        """;
}
