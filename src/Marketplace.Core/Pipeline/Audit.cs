using Marketplace.Core.Data;

namespace Marketplace.Core.Pipeline;

/// <summary>Appends to the audit log inside the command's transaction, so an entry exists exactly when its change does.</summary>
public sealed class Audit(Db db, IActorAccessor actor, IClock clock)
{
    public static class Sql
    {
        public const string Insert = """
            INSERT INTO audit_log (at, member_id, actor, action, entity, entity_id, summary)
            VALUES (@at, @memberId, @actor, @action, @entity, @entityId, @summary)
            """;
    }

    public Task Write(string action, string entity, Guid entityId, string summary, CancellationToken ct) =>
        Write(action, entity, entityId.ToString("D"), summary, ct);

    /// <summary>For entities named by text rather than an id (document templates).</summary>
    public Task Write(string action, string entity, string entityId, string summary, CancellationToken ct)
    {
        var by = actor.Current;
        return WriteBy(by.MemberId, by.Name, action, entity, entityId, summary, ct);
    }

    /// <summary>For what happens before anyone is signed in (a sign-in attempt), naming who acted instead of the request's member.</summary>
    public Task WriteBy(Guid? memberId, string actorName, string action, string entity, string entityId, string summary, CancellationToken ct) =>
        db.ExecuteAsync(Sql.Insert, new
        {
            at = clock.UtcNow,
            memberId = memberId?.ToString("D"),
            actor = actorName,
            action,
            entity,
            entityId,
            summary,
        }, ct);
}
