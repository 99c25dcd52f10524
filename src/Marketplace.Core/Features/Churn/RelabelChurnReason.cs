using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Pipeline;
using Marketplace.Core.Shared;
using MediatR;

namespace Marketplace.Core.Features.Churn;

/// <summary>An admin rewords a reason in Japanese and English; the records naming it show the new labels.</summary>
public static class RelabelChurnReason
{
    public sealed record Command : ICommand<ListChurnReasons.Item>
    {
        [JsonIgnore] public string Code { get; init; } = "";
        [JsonIgnore] public long? ExpectedVersion { get; init; }
        public string? LabelJa { get; init; }
        public string? LabelEn { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.LabelJa).Text(AddChurnReason.MaxLabelLength);
            RuleFor(c => c.LabelEn).Text(AddChurnReason.MaxLabelLength);
        }
    }

    public static class Sql
    {
        public const string Update = """
            UPDATE churn_reasons SET label_ja = @labelJa, label_en = @labelEn, version = version + 1
            WHERE code = @code AND version = @version
            """;
    }

    public sealed class Handler(Db db, Audit audit) : IRequestHandler<Command, ListChurnReasons.Item>
    {
        public async Task<ListChurnReasons.Item> Handle(Command c, CancellationToken ct)
        {
            var before = await ReasonCatalog.Find(db, c.Code, ct);
            Versions.CheckRequired(c.ExpectedVersion, before.Version, "churn reason");
            var (labelJa, labelEn) = (c.LabelJa!.Trim(), c.LabelEn!.Trim());
            if (await db.ExecuteAsync(Sql.Update, new { code = c.Code, version = before.Version, labelJa, labelEn }, ct) == 0)
                throw ReasonCatalog.ChangedMeanwhile();
            await audit.Write("update", "churn_reason", c.Code, AuditChanges.Describe(("labelJa", before.LabelJa, labelJa), ("labelEn", before.LabelEn, labelEn)), ct);
            return ListChurnReasons.Item.From(await ReasonCatalog.Find(db, c.Code, ct));
        }
    }
}
