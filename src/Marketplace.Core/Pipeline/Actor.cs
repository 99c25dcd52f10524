using Marketplace.Core.Domain;

namespace Marketplace.Core.Pipeline;

/// <summary>Who is making the request: a member, the bootstrap admin key, or the system (demo seeding).</summary>
public sealed record Actor(Guid? MemberId, string Name, Team Team)
{
    public static readonly Actor System = new(null, "system", Team.Admin);
    public static readonly Actor BootstrapAdmin = new(null, "bootstrap-admin", Team.Admin);
}

public interface IActorAccessor
{
    Actor Current { get; }
}

/// <summary>For work done outside an HTTP request (demo seeding, commands).</summary>
public sealed class FixedActor(Actor actor) : IActorAccessor
{
    public Actor Current { get; set; } = actor;
}

public interface IClock
{
    DateTime UtcNow { get; }
    DateOnly Today => DateOnly.FromDateTime(UtcNow);
}

/// <summary>
/// The clock of one request: the real time, unless work that replays the past (demo seeding) sets it to
/// when the event happened, so history and audit times read true.
/// </summary>
public sealed class RequestClock : IClock
{
    private DateTime? at;

    public DateTime UtcNow => at ?? DateTime.UtcNow;

    public void Set(DateTime utc) => at = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
}
