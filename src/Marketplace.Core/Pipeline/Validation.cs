using System.Linq.Expressions;
using FluentValidation;
using FluentValidation.Results;
using MediatR;

namespace Marketplace.Core.Pipeline;

/// <summary>
/// Runs every validator of the request before its handler; any failure becomes one 400. A singleton, like the
/// validators it holds: nothing of it is built per request.
/// </summary>
public sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators, BusinessDates dates)
    : IPipelineBehavior<TRequest, TResponse>
{
    // The container hands over an array already.
    private readonly IValidator<TRequest>[] validators = validators as IValidator<TRequest>[] ?? validators.ToArray();

    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        // The product's rules are all synchronous (a rule that needs the database is the handler's business), so
        // validation runs without FluentValidation's async machinery, and a valid request — the usual case — goes on
        // to the handler with no frame of this behavior's own. The failure list is made only when a validator refuses.
        List<ValidationFailure>? failures = null;
        foreach (var validator in validators)
        {
            var context = new ValidationContext<TRequest>(request);
            // The validators are built without dependencies, so the configured date range reaches their rules here.
            context.RootContextData[BusinessDates.ContextKey] = dates;
            var result = validator.Validate(context);
            if (!result.IsValid) (failures ??= []).AddRange(result.Errors);
        }
        return failures is null ? next() : Task.FromException<TResponse>(new ValidationException(failures));
    }
}

public static class Invalid
{
    /// <summary>A field error found by a handler (e.g. an id that names nothing); same 400 as a validator's.</summary>
    public static ValidationException Field(string field, string message) =>
        new([new ValidationFailure(field, message)]);

    /// <summary>The same, with the product's message under <paramref name="key"/> in the request's language (<see cref="ValidationMessages.Text"/>).</summary>
    public static ValidationException Because(string field, string key, params (string Name, object? Value)[] values) =>
        Field(field, ValidationMessages.Text(key, field, values));
}

public static class ValidatorExtensions
{
    /// <summary>Required text: present, with something visible in it, no control characters, at most max characters.</summary>
    public static IRuleBuilderOptions<T, string?> Text<T>(this IRuleBuilder<T, string?> rule, int max) =>
        rule.Must(t => !TextRules.IsBlank(t)).WithMessageKey(ValidationMessages.Required).OptionalText(max);

    public static IRuleBuilderOptions<T, string?> OptionalText<T>(this IRuleBuilder<T, string?> rule, int max) =>
        rule.Must(t => t is null || !TextRules.HasControlCharacters(t)).WithMessageKey(ValidationMessages.ControlCharacters)
            .MaximumLength(max);

    public static IRuleBuilderOptions<T, TProperty?> Required<T, TProperty>(this IRuleBuilder<T, TProperty?> rule) where TProperty : struct =>
        rule.NotNull().WithMessageKey(ValidationMessages.Required);

    public static IRuleBuilderOptions<T, string?> Email<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Text(320).EmailAddress();

    /// <summary>A list (when given) of at most max entries.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<TItem>?> AtMost<T, TItem>(this IRuleBuilder<T, IReadOnlyList<TItem>?> rule, int max) =>
        rule.MustNaming((_, list) => list is null || list.Count <= max, ValidationMessages.AtMost, "Max", max);

    /// <summary>A list of short texts (skills, attendees, reason codes): at most maxCount entries, each one <see cref="Text{T}"/>.</summary>
    public static void TextList<T>(this AbstractValidator<T> validator, Expression<Func<T, IReadOnlyList<string>?>> list, int maxCount, int maxLength)
    {
        var entries = list.Compile();
        validator.RuleFor(list).AtMost(maxCount);
        // Entries are checked only in a list of an allowed size, so an oversized one is one error rather than one per entry.
        validator.RuleForEach(Expression.Lambda<Func<T, IEnumerable<string?>>>(list.Body, list.Parameters))
            .Text(maxLength).When(c => entries(c) is not { Count: var n } || n <= maxCount);
    }
}

public static class TextRules
{
    /// <summary>Nothing visible: null, or only whitespace, control and format characters (a zero-width space, a BOM).</summary>
    public static bool IsBlank(string? text)
    {
        if (text is null) return true;
        foreach (var c in text)
            if (!char.IsWhiteSpace(c) && !char.IsControl(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format)
                return false;
        return true;
    }

    /// <summary>Control characters other than tab and line breaks, which no text the product keeps has a use for.</summary>
    public static bool HasControlCharacters(string text)
    {
        foreach (var c in text)
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
                return true;
        return false;
    }
}

public static class WordRules
{
    /// <summary>A filter given as text (query string) must be one of the enum's words when present.</summary>
    public static IRuleBuilderOptions<T, string?> OneOf<T, TEnum>(this IRuleBuilder<T, string?> rule) where TEnum : struct, Enum =>
        rule.MustNaming((_, w) => w is null || Domain.Wire.TryParse<TEnum>(w, out TEnum _), ValidationMessages.OneOf, "Words", Domain.Wire.Words<TEnum>());

    /// <summary>A word given as text (a sort key) must be one of <paramref name="words"/> when present.</summary>
    public static IRuleBuilderOptions<T, string?> OneOf<T>(this IRuleBuilder<T, string?> rule, IReadOnlyList<string> words) =>
        rule.MustNaming((_, w) => w is null || words.Contains(w, StringComparer.Ordinal), ValidationMessages.OneOf, "Words", string.Join(", ", words));
}
