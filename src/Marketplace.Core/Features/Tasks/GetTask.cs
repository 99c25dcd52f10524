using Marketplace.Core.Shared;
using MediatR;

namespace Marketplace.Core.Features.Tasks;

public static class GetTask
{
    public sealed record Query(Guid Id) : IRequest<TaskDto>;

    public sealed class Handler(TaskView view) : IRequestHandler<Query, TaskDto>
    {
        public Task<TaskDto> Handle(Query q, CancellationToken ct) => view.Get(q.Id, ct);
    }
}
