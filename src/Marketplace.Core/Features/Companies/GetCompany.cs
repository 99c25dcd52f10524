using MediatR;
using Marketplace.Core.Shared;

namespace Marketplace.Core.Features.Companies;

public static class GetCompany
{
    public sealed record Query(Guid Id) : IRequest<CompanyDto>;

    public sealed class Handler(CompanyView view) : IRequestHandler<Query, CompanyDto>
    {
        public Task<CompanyDto> Handle(Query q, CancellationToken ct) => view.Get(q.Id, ct);
    }
}
