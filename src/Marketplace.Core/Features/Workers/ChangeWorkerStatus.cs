using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;
using Marketplace.Core.Shared;

namespace Marketplace.Core.Features.Workers;

/// <summary>A concierge moves a worker along the status graph by hand.</summary>
public static class ChangeWorkerStatus
{
    public sealed record Command : ICommand<WorkerDto>
    {
        [JsonIgnore] public Guid WorkerId { get; init; }
        [JsonIgnore] public long? ExpectedVersion { get; init; }
        public WorkerStatus? Status { get; init; }
        public string? Note { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Status).Required();
            RuleFor(c => c.Note).OptionalText(2000);
        }
    }

    public sealed class Handler(WorkerStatusWriter writer, WorkerView view) : IRequestHandler<Command, WorkerDto>
    {
        public async Task<WorkerDto> Handle(Command c, CancellationToken ct)
        {
            var worker = await writer.Find(c.WorkerId, ct) ?? throw new NotFoundException("worker", c.WorkerId);
            Versions.Check(c.ExpectedVersion, worker.Version, "worker");
            var to = c.Status!.Value;
            if (!WorkerStatusGraph.CanMove(worker.Status, to))
                throw new ConflictException(
                    $"A worker cannot move from {Wire.Name(worker.Status)} to {Wire.Name(to)}.",
                    new Dictionary<string, object?>
                    {
                        ["from"] = worker.Status,
                        ["to"] = Wire.Name(to),
                        ["allowed"] = WorkerStatusGraph.AllowedFrom(worker.Status).Select(Wire.Name).ToList(),
                    }, ConflictCodes.StatusMove);
            await writer.Move(worker, to, string.IsNullOrWhiteSpace(c.Note) ? null : c.Note.Trim(), null, ct);
            return await view.Get(c.WorkerId, ct);
        }
    }
}

public static class GetWorkerHistory
{
    public sealed record Entry
    {
        public long Id { get; init; }
        public string? From { get; init; }
        public string To { get; init; } = "";
        public DateTime At { get; init; }
        public Guid? By { get; init; }
        public string? ByName { get; init; }
        public Guid? EngagementId { get; init; }
        public string? Note { get; init; }
    }

    public sealed record Query(Guid WorkerId) : IRequest<IReadOnlyList<Entry>>;

    public static class Sql
    {
        public const string History = """
            SELECT h.id, h.from_status AS [from], h.to_status AS [to], h.at, h.by_member_id AS [by], m.name AS by_name, h.engagement_id, h.note
            FROM worker_status_history h LEFT JOIN members m ON m.id = h.by_member_id
            WHERE h.worker_id = @id
            ORDER BY h.id
            """;
    }

    public sealed class Handler(Data.Db db) : IRequestHandler<Query, IReadOnlyList<Entry>>
    {
        public async Task<IReadOnlyList<Entry>> Handle(Query q, CancellationToken ct)
        {
            if (!await RecordExists.Worker(db, q.WorkerId, ct))
                throw new NotFoundException("worker", q.WorkerId);
            return await db.QueryAsync<Entry>(Sql.History, new { id = q.WorkerId }, ct);
        }
    }
}
