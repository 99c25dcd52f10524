using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Events;
using Marketplace.Core.Pipeline;
using Marketplace.Core.Shared;
using MediatR;

namespace Marketplace.Core.Features.Churn;

/// <summary>
/// An admin tags a reason negative (ネガな解約) or not. The churns naming it are negative by their reasons, so their
/// flags and what reads them change with it: the event has the owner of the derived facts recompute them.
/// </summary>
public static class SetChurnReasonNegative
{
    public sealed record Command : ICommand<ListChurnReasons.Item>
    {
        [JsonIgnore] public string Code { get; init; } = "";
        [JsonIgnore] public long? ExpectedVersion { get; init; }
        public bool? Negative { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Negative).Required();
    }

    public static class Sql
    {
        public const string Update = """
            UPDATE churn_reasons SET negative = @negative, version = version + 1
            WHERE code = @code AND version = @version
            """;
    }

    public sealed class Handler(Db db, Audit audit, DomainEvents events) : IRequestHandler<Command, ListChurnReasons.Item>
    {
        public async Task<ListChurnReasons.Item> Handle(Command c, CancellationToken ct)
        {
            var before = await ReasonCatalog.Find(db, c.Code, ct);
            Versions.CheckRequired(c.ExpectedVersion, before.Version, "churn reason");
            var negative = c.Negative!.Value;
            if (negative == before.Negative) return ListChurnReasons.Item.From(before);
            if (await db.ExecuteAsync(Sql.Update, new { code = c.Code, version = before.Version, negative }, ct) == 0)
                throw ReasonCatalog.ChangedMeanwhile();
            await audit.Write("update", "churn_reason", c.Code, AuditChanges.Describe(("negative", before.Negative, negative)), ct);
            events.Raise(new ChurnReasonReclassified(c.Code));
            return ListChurnReasons.Item.From(await ReasonCatalog.Find(db, c.Code, ct));
        }
    }
}
