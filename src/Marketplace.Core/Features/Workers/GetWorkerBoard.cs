using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Workers;

/// <summary>
/// The concierge's board: a column per status with its total and one page of cards, each card with the days the
/// worker has been in that status (counted in business days of the business time zone).
/// </summary>
public static class GetWorkerBoard
{
    public const int DefaultPageSize = 20;

    public sealed record Query : IRequest<Board>
    {
        public string? JobType { get; init; }
        public Guid? ConciergeId { get; init; }
        public string? Q { get; init; }
        /// <summary>The page each column is on, by status word (<c>?page[available]=2</c>); a column not named is on its first.</summary>
        public Dictionary<string, int> Page { get; init; } = new(StringComparer.OrdinalIgnoreCase);
        public int PageSize { get; init; } = DefaultPageSize;

        public int PageOf(WorkerStatus status) => Page.TryGetValue(Wire.Name(status), out var page) ? page : 1;
    }

    public sealed record Card
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public JobType JobType { get; init; }
        public int WeeklyHours { get; init; }
        public string ConciergeName { get; init; } = "";
        public WorkerStatus Status { get; init; }
        public DateTime StatusSince { get; init; }
        public int DaysInStatus { get; init; }
    }

    public sealed record Column(WorkerStatus Status, int Total, int Page, int PageCount, IReadOnlyList<Card> Cards);

    public sealed record Board(IReadOnlyList<Column> Columns)
    {
        public int Total => Columns.Sum(c => c.Total);
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.JobType).OneOf<Query, JobType>();
            RuleFor(q => q.Q).MaximumLength(200);
            RuleFor(q => q.PageSize).InclusiveBetween(1, PagedQuery.MaxPageSize);
            RuleForEach(q => q.Page)
                .Must(p => Wire.TryParse<WorkerStatus>(p.Key, out _) && p.Value >= 1)
                .WithMessageKey(ValidationMessages.BoardPage);
        }
    }

    private sealed record Count
    {
        public WorkerStatus Status { get; init; }
        public int Total { get; init; }
    }

    public static class Sql
    {
        public const string Totals = $"SELECT status, COUNT(*) AS total FROM workers {ListWorkers.Sql.Where} GROUP BY status";

        /// <summary>Each column skips to its own page (a test checks every status word is here with its parameter).</summary>
        private const string Skip = """
            CASE r.status WHEN 'registered' THEN @skipRegistered WHEN 'screening' THEN @skipScreening WHEN 'available' THEN @skipAvailable
              WHEN 'proposed' THEN @skipProposed WHEN 'active' THEN @skipActive WHEN 'paused' THEN @skipPaused WHEN 'left' THEN @skipLeft ELSE 0 END
            """;

        public const string Cards = $"""
            SELECT r.id, r.name, r.job_type, r.weekly_hours, m.name AS concierge_name, r.status,
                   (SELECT MAX(h.at) FROM worker_status_history h WHERE h.worker_id = r.id) AS status_since
            FROM (
                SELECT id, name, job_type, weekly_hours, concierge_id, status,
                       ROW_NUMBER() OVER (PARTITION BY status ORDER BY name, id) AS rn
                FROM workers {ListWorkers.Sql.Where}
            ) r JOIN members m ON m.id = r.concierge_id
            WHERE r.rn > {Skip} AND r.rn <= {Skip} + @take
            ORDER BY r.status, r.rn
            """;
    }

    public sealed class Handler(Db db, IClock clock, BusinessTime business) : IRequestHandler<Query, Board>
    {
        public async Task<Board> Handle(Query q, CancellationToken ct)
        {
            var args = new Dapper.DynamicParameters(new { status = (string?)null, jobType = q.JobType, conciergeId = q.ConciergeId, q = PagingRules.Contains(q.Q), take = q.PageSize });
            foreach (var status in Enum.GetValues<WorkerStatus>())
                args.Add("skip" + status, (q.PageOf(status) - 1L) * q.PageSize);
            var totals = (await db.QueryAsync<Count>(Sql.Totals, args, ct)).ToDictionary(c => c.Status, c => c.Total);
            var today = clock.Today;
            var cards = (await db.QueryAsync<Card>(Sql.Cards, args, ct))
                .Select(c => c with { DaysInStatus = today.DayNumber - business.DayOf(c.StatusSince).DayNumber })
                .ToLookup(c => c.Status);
            return new Board(Enum.GetValues<WorkerStatus>().Select(status =>
            {
                var total = totals.GetValueOrDefault(status);
                return new Column(status, total, q.PageOf(status), Math.Max(1, (total + q.PageSize - 1) / q.PageSize), cards[status].ToList());
            }).ToList());
        }
    }
}
