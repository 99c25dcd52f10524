using Dapper;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;

namespace Marketplace.Core.Shared;

/// <summary>
/// The one way a worker's status changes, by hand or as a consequence of an engagement: the update is
/// conditional on the status (and version) the caller saw, and the history row and audit entry are written
/// in the same transaction.
/// </summary>
public sealed class WorkerStatusWriter(Db db, Audit audit, IActorAccessor actor, IClock clock)
{
    public static class Sql
    {
        public const string Current = "SELECT id, name, status, version FROM workers WHERE id = @id";
        public const string Move = """
            UPDATE workers SET status = @to, version = version + 1, updated_at = @at
            WHERE id = @id AND status = @from AND version = @version
            """;
        public const string History = """
            INSERT INTO worker_status_history (worker_id, from_status, to_status, at, by_member_id, engagement_id, note)
            VALUES (@workerId, @from, @to, @at, @by, @engagementId, @note)
            """;
        /// <summary>Several moves' rows, in a batch of the engagement's records: the parameters are named apart from theirs.</summary>
        public static string HistoryRows(int count) =>
            "INSERT INTO worker_status_history (worker_id, from_status, to_status, at, by_member_id, engagement_id, note) VALUES "
            + string.Join(", ", Enumerable.Range(0, count).Select(i => $"(@movedWorkerId, @movedFrom{i}, @movedTo{i}, @movedAt, @movedBy, @movedEngagementId, @movedNote{i})"));
        public const string OtherOpenEngagements = """
            SELECT status FROM engagements
            WHERE worker_id = @workerId AND id <> @exceptEngagementId AND status IN @open
            """;
    }

    /// <summary>What the history says of a move an engagement made.</summary>
    public static class Notes
    {
        public const string Proposed = "提案により自動変更";
        public const string Closed = "案件の終了・見送りにより自動変更";
        public static string Started(string title) => $"案件「{title}」の開始により自動変更";
    }

    public sealed record Current
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public WorkerStatus Status { get; init; }
        public long Version { get; init; }
    }

    /// <summary>Statuses are read into row properties (see TypeHandlers), never as bare scalars.</summary>
    private sealed record OpenRow
    {
        public EngagementStatus Status { get; init; }
    }

    public Task<Current?> Find(Guid workerId, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<Current>(Sql.Current, new { id = workerId }, ct);

    /// <summary>Writes the move; a concurrent change to the same worker makes it a 409, never a silent overwrite.</summary>
    public async Task Move(Current worker, WorkerStatus to, string? note, Guid? engagementId, CancellationToken ct)
    {
        var at = clock.UtcNow;
        var changed = await db.ExecuteAsync(Sql.Move,
            new { id = worker.Id, from = Wire.Name(worker.Status), to = Wire.Name(to), version = worker.Version, at }, ct);
        if (changed == 0)
            throw ConflictException.Stale($"Worker '{worker.Id}' was changed by someone else meanwhile. Reload and try again.");
        await db.ExecuteAsync(Sql.History, new
        {
            workerId = worker.Id,
            from = Wire.Name(worker.Status),
            to = Wire.Name(to),
            at,
            by = actor.Current.MemberId,
            engagementId,
            note,
        }, ct);
        await audit.Write("status_change", "worker", worker.Id, $"{Wire.Name(worker.Status)} → {Wire.Name(to)}{(note is null ? "" : $": {note}")}", ct);
    }

    /// <summary>
    /// Several moves one engagement's history made, one after another (an engagement recorded in one go): the worker is
    /// updated once to the last, now; each move's history row and the audit entry naming the whole way go into the
    /// caller's batch, after the engagement they name.
    /// </summary>
    public async Task MoveAlong(Current worker, IReadOnlyList<(WorkerStatus To, string Note)> moves, Guid engagementId, SqlBatch batch, CancellationToken ct)
    {
        if (moves.Count == 0) return;
        var at = clock.UtcNow;
        var last = moves[^1].To;
        var changed = await db.ExecuteAsync(Sql.Move,
            new { id = worker.Id, from = Wire.Name(worker.Status), to = Wire.Name(last), version = worker.Version, at }, ct);
        if (changed == 0)
            throw ConflictException.Stale($"Worker '{worker.Id}' was changed by someone else meanwhile. Reload and try again.");
        batch.Args.AddDynamicParams(new { movedWorkerId = worker.Id, movedAt = at, movedBy = actor.Current.MemberId, movedEngagementId = engagementId });
        var from = worker.Status;
        for (var i = 0; i < moves.Count; i++)
        {
            batch.Args.Add($"movedFrom{i}", Wire.Name(from));
            batch.Args.Add($"movedTo{i}", Wire.Name(moves[i].To));
            batch.Args.Add($"movedNote{i}", moves[i].Note);
            from = moves[i].To;
        }
        batch.Add(Sql.HistoryRows(moves.Count));
        audit.WriteIn(batch, "moved", "status_change", "worker", worker.Id,
            $"{Wire.Name(worker.Status)} → {string.Join(" → ", moves.Select(m => Wire.Name(m.To)))}: {string.Join("; ", moves.Select(m => m.Note).Distinct())}");
    }

    /// <summary>After the worker is proposed for an engagement: available workers become proposed.</summary>
    public async Task AfterProposed(Current worker, Guid engagementId, CancellationToken ct)
    {
        if (WorkerStatusGraph.OnProposed(worker.Status) is { } next)
            await Move(worker, next, Notes.Proposed, engagementId, ct);
    }

    /// <summary>After an engagement of this worker ends or is declined, from what else they have open.</summary>
    public async Task AfterEngagementClosed(Guid workerId, Guid closedEngagementId, CancellationToken ct)
    {
        var worker = await Find(workerId, ct) ?? throw new NotFoundException("worker", workerId);
        if (await StatusAfterClosing(worker.Id, worker.Status, closedEngagementId, ct) is { } to)
            await Move(worker, to, Notes.Closed, closedEngagementId, ct);
    }

    /// <summary>The status a worker who is <paramref name="current"/> takes when the engagement closes; null means unchanged.</summary>
    private async Task<WorkerStatus?> StatusAfterClosing(Guid workerId, WorkerStatus current, Guid closedEngagementId, CancellationToken ct)
    {
        if (!WorkerStatusGraph.FollowsEngagements(current)) return null;
        var others = (await db.QueryAsync<OpenRow>(Sql.OtherOpenEngagements, new { workerId, exceptEngagementId = closedEngagementId, open = EngagementStatuses.OpenWords }, ct))
            .Select(r => r.Status).ToList();
        return StatusAfterClosing(current, others);
    }

    /// <summary>The same, for a caller that read the statuses of the worker's other open engagements with its own statement.</summary>
    public static WorkerStatus? StatusAfterClosing(WorkerStatus current, IReadOnlyCollection<EngagementStatus> otherOpen) =>
        WorkerStatusGraph.FollowsEngagements(current)
            ? WorkerStatusGraph.AfterEngagementClosed(current,
                otherActive: otherOpen.Contains(EngagementStatus.Active),
                otherPending: otherOpen.Any(s => s != EngagementStatus.Active))
            : null;
}
