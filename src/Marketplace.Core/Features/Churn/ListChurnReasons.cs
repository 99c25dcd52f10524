using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Shared;
using MediatR;

namespace Marketplace.Core.Features.Churn;

public static class ListChurnReasons
{
    public sealed record Item(string Code, string LabelJa, string LabelEn, bool Negative, string AppliesTo);

    public sealed record Query : IRequest<IReadOnlyList<Item>>;

    public sealed class Handler(Db db) : IRequestHandler<Query, IReadOnlyList<Item>>
    {
        public async Task<IReadOnlyList<Item>> Handle(Query request, CancellationToken ct) =>
            (await ReasonCatalog.Load(db, ct))
                .Select(r => new Item(r.Code, r.LabelJa, r.LabelEn, r.Negative, Wire.Name(r.AppliesTo)))
                .ToList();
    }
}
