using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;
using Marketplace.Core.Shared;

namespace Marketplace.Core.Features.Workers;

public static class ListWorkers
{
    public sealed record Query : PagedQuery, IRequest<Paged<WorkerDto>>
    {
        public string? Status { get; init; }
        public string? JobType { get; init; }
        public Guid? ConciergeId { get; init; }
        public string? Q { get; init; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            this.AddPagingRules();
            RuleFor(q => q.Status).OneOf<Query, WorkerStatus>();
            RuleFor(q => q.JobType).OneOf<Query, JobType>();
            RuleFor(q => q.Q).MaximumLength(200);
        }
    }

    public static class Sql
    {
        /// <summary>The list's filters, shared with the board (GetWorkerBoard passes a null @status).</summary>
        internal const string Where = """
            WHERE (@status IS NULL OR status = @status)
              AND (@jobType IS NULL OR job_type = @jobType)
              AND (@conciergeId IS NULL OR concierge_id = @conciergeId)
              AND (@q IS NULL OR name LIKE @q ESCAPE '\' OR email LIKE @q ESCAPE '\')
            """;
        public const string Count = $"SELECT COUNT(*) FROM workers {Where}";
        public const string PageIds = $"SELECT id FROM workers {Where} ORDER BY name, id {SqlDialect.Paging}";
    }

    public sealed class Handler(Db db, WorkerView view) : IRequestHandler<Query, Paged<WorkerDto>>
    {
        public async Task<Paged<WorkerDto>> Handle(Query q, CancellationToken ct)
        {
            var filters = new { status = q.Status, jobType = q.JobType, conciergeId = q.ConciergeId, q = PagingRules.Contains(q.Q) };
            var ids = await db.PageAsync<Guid>(q, Sql.Count, Sql.PageIds, filters, ct);
            return new Paged<WorkerDto>(await view.Load(ids.Items, ct), ids.Total, ids.Page, ids.PageSize);
        }
    }
}

public static class GetWorker
{
    public sealed record Query(Guid Id) : IRequest<WorkerDto>;

    public sealed class Handler(WorkerView view) : IRequestHandler<Query, WorkerDto>
    {
        public Task<WorkerDto> Handle(Query q, CancellationToken ct) => view.Get(q.Id, ct);
    }
}
