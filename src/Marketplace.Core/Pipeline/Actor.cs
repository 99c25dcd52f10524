using Marketplace.Core.Domain;

namespace Marketplace.Core.Pipeline;

/// <summary>Who is making the request: a member, the bootstrap admin key, or the system (demo seeding, set explicitly).</summary>
public sealed record Actor(Guid? MemberId, string Name, Team Team)
{
    public static readonly Actor System = new(null, "system", Team.Admin);
    public static readonly Actor BootstrapAdmin = new(null, "bootstrap-admin", Team.Admin);
}

public interface IActorAccessor
{
    Actor Current { get; }
}

/// <summary>
/// The actor of work done outside an HTTP request (demo seeding), set by that work in its own scope. A request with no
/// signed-in member and no such actor is refused (<see cref="NotSignedInException"/>), never run as anyone.
/// </summary>
public sealed class WorkActor
{
    public Actor? Actor { get; set; }
}

/// <summary>401: no member could be resolved for the request.</summary>
public sealed class NotSignedInException() : DomainException("No signed-in member could be resolved for this request.");

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
