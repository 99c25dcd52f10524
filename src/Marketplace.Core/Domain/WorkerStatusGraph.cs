namespace Marketplace.Core.Domain;

/// <summary>
/// The worker lifecycle (docs/domain.md, "Statuses and moves"): registered → screening → available ⇄ proposed → active,
/// available ⇄ paused, and any status → left. The concierge moves a worker by hand through screening to available,
/// pauses and resumes an available worker, and records a leave; proposed and active follow the engagements only.
/// </summary>
public static class WorkerStatusGraph
{
    private static readonly Dictionary<WorkerStatus, WorkerStatus[]> Manual = new()
    {
        [WorkerStatus.Registered] = [WorkerStatus.Screening],
        [WorkerStatus.Screening] = [WorkerStatus.Available],
        [WorkerStatus.Available] = [WorkerStatus.Paused],
        [WorkerStatus.Proposed] = [],
        [WorkerStatus.Active] = [],
        [WorkerStatus.Paused] = [WorkerStatus.Available],
        [WorkerStatus.Left] = [],
    };

    public static IReadOnlyList<WorkerStatus> AllowedFrom(WorkerStatus from) =>
        from == WorkerStatus.Left ? [] : [.. Manual[from], WorkerStatus.Left];

    public static bool CanMove(WorkerStatus from, WorkerStatus to) => AllowedFrom(from).Contains(to);

    /// <summary>The shortest run of moves a concierge would make from one status to another (registered → screening → available), or null when there is none.</summary>
    public static IReadOnlyList<WorkerStatus>? PathTo(WorkerStatus from, WorkerStatus to)
    {
        var previous = new Dictionary<WorkerStatus, WorkerStatus> ();
        var queue = new Queue<WorkerStatus>([from]);
        var seen = new HashSet<WorkerStatus> { from };
        while (queue.Count > 0)
        {
            var at = queue.Dequeue();
            if (at == to)
            {
                var path = new List<WorkerStatus>();
                for (var step = to; step != from; step = previous[step]) path.Insert(0, step);
                return path;
            }
            foreach (var next in AllowedFrom(at).Where(seen.Add))
            {
                previous[next] = at;
                queue.Enqueue(next);
            }
        }
        return null;
    }

    /// <summary>Status after one of the worker's engagements is kicked off; null means unchanged.</summary>
    public static WorkerStatus? OnEngagementStarted(WorkerStatus current) => current switch
    {
        WorkerStatus.Active => null,
        // A worker who left cannot start work; the kickoff handler refuses before calling this.
        WorkerStatus.Left => throw new InvalidOperationException("A worker who left cannot start an engagement."),
        _ => WorkerStatus.Active,
    };

    /// <summary>Who can be proposed for an engagement: screened workers who are not paused or gone.</summary>
    public static bool CanBeProposed(WorkerStatus current) =>
        current is WorkerStatus.Available or WorkerStatus.Proposed or WorkerStatus.Active;

    /// <summary>Status after the worker is proposed to a company; null means unchanged.</summary>
    public static WorkerStatus? OnProposed(WorkerStatus current) =>
        current == WorkerStatus.Available ? WorkerStatus.Proposed : null;

    /// <summary>Whether the status follows the worker's engagements as they close (paused and left don't).</summary>
    public static bool FollowsEngagements(WorkerStatus current) => current is WorkerStatus.Active or WorkerStatus.Proposed;

    /// <summary>
    /// Status after one of the worker's engagements closes (ended or declined), from what else they have open:
    /// still working elsewhere → active, still proposed or contracted elsewhere → proposed, nothing → available.
    /// Paused and left are the worker's own situation and stay as they are.
    /// </summary>
    public static WorkerStatus? AfterEngagementClosed(WorkerStatus current, bool otherActive, bool otherPending)
    {
        if (!FollowsEngagements(current)) return null;
        var next = otherActive ? WorkerStatus.Active : otherPending ? WorkerStatus.Proposed : WorkerStatus.Available;
        return next == current ? null : next;
    }
}
