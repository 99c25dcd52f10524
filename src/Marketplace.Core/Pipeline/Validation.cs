using FluentValidation;
using FluentValidation.Results;
using MediatR;

namespace Marketplace.Core.Pipeline;

/// <summary>
/// Runs every validator of the request before its handler; any failure becomes one 400. A singleton, like the
/// validators it holds: nothing of it is built per request.
/// </summary>
public sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
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
            var result = validator.Validate(new ValidationContext<TRequest>(request));
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
}

public static class ValidatorExtensions
{
    public static IRuleBuilderOptions<T, string?> Text<T>(this IRuleBuilder<T, string?> rule, int max) =>
        rule.NotEmpty().WithMessage("{PropertyName} is required.").MaximumLength(max);

    public static IRuleBuilderOptions<T, string?> OptionalText<T>(this IRuleBuilder<T, string?> rule, int max) =>
        rule.MaximumLength(max);

    public static IRuleBuilderOptions<T, TProperty?> Required<T, TProperty>(this IRuleBuilder<T, TProperty?> rule) where TProperty : struct =>
        rule.NotNull().WithMessage("{PropertyName} is required.");

    public static IRuleBuilderOptions<T, string?> Email<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("{PropertyName} is required.").MaximumLength(320).EmailAddress();
}

public static class WordRules
{
    /// <summary>A filter given as text (query string) must be one of the enum's words when present.</summary>
    public static IRuleBuilderOptions<T, string?> OneOf<T, TEnum>(this IRuleBuilder<T, string?> rule) where TEnum : struct, Enum =>
        rule.Must(w => w is null || Domain.Wire.TryParse<TEnum>(w, out _))
            .WithMessage($"{{PropertyName}} must be one of: {Domain.Wire.Words<TEnum>()}.");
}
