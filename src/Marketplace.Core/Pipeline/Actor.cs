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

    /// <summary>The business day (<see cref="BusinessTime"/>): what "today" means for due dates, weeks and stages.</summary>
    DateOnly Today { get; }
}

/// <summary>
/// The team's time zone (<c>Business:TimeZone</c>, Asia/Tokyo by default): "today" turns over at midnight there,
/// not at UTC midnight, and times shown to people are in it.
/// </summary>
public sealed class BusinessTime
{
    public const string DefaultZone = "Asia/Tokyo";

    public BusinessTime(string? zoneId = null)
    {
        var id = string.IsNullOrWhiteSpace(zoneId) ? DefaultZone : zoneId.Trim();
        Zone = TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone
            : throw new InvalidOperationException($"Business:TimeZone '{id}' is not a time zone this machine knows (an IANA id such as Asia/Tokyo).");
    }

    public TimeZoneInfo Zone { get; }

    public DateTime LocalOf(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(LocalOf(utc));

    /// <summary>When, in UTC, the business day after the one at <paramref name="utc"/> begins.</summary>
    public DateTime NextDayStartsUtc(DateTime utc) => DayStartsUtc(DayOf(utc).AddDays(1));

    /// <summary>When, in UTC, a business day begins: a filter by days selects what happened on those days in the business's zone.</summary>
    public DateTime DayStartsUtc(DateOnly day) => TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), Zone);

    /// <summary>The zone's short name for a time shown to people, e.g. "JST" (or the UTC offset when it has none).</summary>
    public string Abbreviation(DateTime utc)
    {
        if (Zone.Id is "Asia/Tokyo" or "Tokyo Standard Time") return "JST";
        var offset = Zone.GetUtcOffset(utc);
        return offset == TimeSpan.Zero ? "UTC" : $"UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset:hh\\:mm}";
    }
}

/// <summary>
/// The clock of one request: the real time, unless work that replays the past (demo seeding) sets it to
/// when the event happened, so history and audit times read true.
/// </summary>
public sealed class RequestClock(TimeProvider time, BusinessTime business) : IClock
{
    private DateTime? at;

    public DateTime UtcNow => at ?? time.GetUtcNow().UtcDateTime;

    public DateOnly Today => business.DayOf(UtcNow);

    public void Set(DateTime utc) => at = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
}
