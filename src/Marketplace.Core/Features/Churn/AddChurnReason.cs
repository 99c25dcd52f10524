using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using Marketplace.Core.Shared;
using MediatR;

namespace Marketplace.Core.Features.Churn;

/// <summary>An admin adds a reason to the churn-reason catalog, listed after the existing ones.</summary>
public static class AddChurnReason
{
    public const int MaxLabelLength = 200;

    public sealed record Command : ICommand<ListChurnReasons.Item>
    {
        public string? Code { get; init; }
        public string? LabelJa { get; init; }
        public string? LabelEn { get; init; }
        public bool? Negative { get; init; }
        public ReasonScope? AppliesTo { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Code).Text(ReasonCatalog.MaxCodeLength)
                .Matches("^[a-z][a-z0-9_]*$").WithMessageKey(ValidationMessages.ReasonCode);
            RuleFor(c => c.LabelJa).Text(MaxLabelLength);
            RuleFor(c => c.LabelEn).Text(MaxLabelLength);
            RuleFor(c => c.Negative).Required();
            RuleFor(c => c.AppliesTo).Required();
        }
    }

    public static class Sql
    {
        public const string Exists = "SELECT COUNT(*) FROM churn_reasons WHERE code = @code";
        public const string Insert = """
            INSERT INTO churn_reasons (code, label_ja, label_en, negative, applies_to, sort_order, version)
            VALUES (@code, @labelJa, @labelEn, @negative, @appliesTo, (SELECT COALESCE(MAX(sort_order), 0) + 10 FROM churn_reasons), 1)
            """;
    }

    public sealed class Handler(Db db, Audit audit) : IRequestHandler<Command, ListChurnReasons.Item>
    {
        public async Task<ListChurnReasons.Item> Handle(Command c, CancellationToken ct)
        {
            var code = c.Code!;
            if (await db.ExecuteScalarAsync<long>(Sql.Exists, new { code }, ct) > 0)
                throw new ConflictException($"A churn reason with code '{code}' already exists.", new Dictionary<string, object?> { ["field"] = "code" }, ConflictCodes.ReasonCodeTaken);
            var appliesTo = Wire.Name(c.AppliesTo!.Value);
            await db.ExecuteAsync(Sql.Insert, new { code, labelJa = c.LabelJa!.Trim(), labelEn = c.LabelEn!.Trim(), negative = c.Negative!.Value, appliesTo }, ct);
            await audit.Write("create", "churn_reason", code, $"reason {code} added ({(c.Negative.Value ? "negative" : "not negative")}, applies to {appliesTo})", ct);
            return ListChurnReasons.Item.From(await ReasonCatalog.Find(db, code, ct));
        }
    }
}
