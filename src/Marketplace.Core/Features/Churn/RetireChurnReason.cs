using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Pipeline;
using Marketplace.Core.Shared;
using MediatR;

namespace Marketplace.Core.Features.Churn;

/// <summary>
/// An admin retires a reason: it can't be chosen for a new churn (ChurnClassification.Problems), while the records that
/// name it keep it, with its label and its negative tag.
/// </summary>
public static class RetireChurnReason
{
    public sealed record Command : ICommand<ListChurnReasons.Item>
    {
        [JsonIgnore] public string Code { get; init; } = "";
        [JsonIgnore] public long? ExpectedVersion { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Code).Text(ReasonCatalog.MaxCodeLength);
    }

    public static class Sql
    {
        public const string Retire = """
            UPDATE churn_reasons SET retired_at = @at, version = version + 1
            WHERE code = @code AND version = @version AND retired_at IS NULL
            """;
    }

    public sealed class Handler(Db db, Audit audit, IClock clock) : IRequestHandler<Command, ListChurnReasons.Item>
    {
        public async Task<ListChurnReasons.Item> Handle(Command c, CancellationToken ct)
        {
            var before = await ReasonCatalog.Find(db, c.Code, ct);
            Versions.Check(c.ExpectedVersion, before.Version, "churn reason");
            // Retiring twice is harmless: the reason stays retired from the first time.
            if (before.RetiredAt is not null) return ListChurnReasons.Item.From(before);
            if (await db.ExecuteAsync(Sql.Retire, new { code = c.Code, version = before.Version, at = clock.UtcNow }, ct) == 0)
                throw ReasonCatalog.ChangedMeanwhile();
            await audit.Write("retire", "churn_reason", c.Code, $"reason {c.Code} retired: no longer offered for new churns", ct);
            return ListChurnReasons.Item.From(await ReasonCatalog.Find(db, c.Code, ct));
        }
    }
}
