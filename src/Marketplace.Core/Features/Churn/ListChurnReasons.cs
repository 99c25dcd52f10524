using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using Marketplace.Core.Shared;
using MediatR;

namespace Marketplace.Core.Features.Churn;

/// <summary>The whole catalog, retired reasons included, so the records that name them keep their labels.</summary>
public static class ListChurnReasons
{
    public sealed record Item(string Code, string LabelJa, string LabelEn, bool Negative, string AppliesTo, bool Retired = false, DateTime? RetiredAt = null)
    {
        /// <summary>The ETag of an edit of this reason.</summary>
        [JsonIgnore] public long Version { get; init; }

        public static Item From(ReasonCatalog.Entry e) =>
            new(e.Code, e.LabelJa, e.LabelEn, e.Negative, e.AppliesTo, e.RetiredAt is not null, e.RetiredAt) { Version = e.Version };
    }

    public sealed record Query : IRequest<IReadOnlyList<Item>>;

    public sealed class Handler(Db db) : IRequestHandler<Query, IReadOnlyList<Item>>
    {
        public async Task<IReadOnlyList<Item>> Handle(Query request, CancellationToken ct) =>
            (await ReasonCatalog.Entries(db, ct)).Select(Item.From).ToList();
    }
}

public static class GetChurnReason
{
    public sealed record Query(string Code) : IRequest<ListChurnReasons.Item>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Code).Text(ReasonCatalog.MaxCodeLength);
    }

    public sealed class Handler(Db db) : IRequestHandler<Query, ListChurnReasons.Item>
    {
        public async Task<ListChurnReasons.Item> Handle(Query q, CancellationToken ct) => ListChurnReasons.Item.From(await ReasonCatalog.Find(db, q.Code, ct));
    }
}
