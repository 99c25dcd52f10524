using Marketplace.Core.Data;
using MediatR;

namespace Marketplace.Core.Features.Playbooks;

public static class ListPlaybooks
{
    public sealed record Query : IRequest<IReadOnlyList<PlaybookDto>>;

    public sealed class Handler(Db db) : IRequestHandler<Query, IReadOnlyList<PlaybookDto>>
    {
        public Task<IReadOnlyList<PlaybookDto>> Handle(Query q, CancellationToken ct) => PlaybookSettings.All(db, ct);
    }
}
