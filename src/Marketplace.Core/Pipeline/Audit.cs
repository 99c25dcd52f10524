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

        /// <summary>The same statement with its parameters named after <paramref name="name"/>, for a batch that holds more than one entry.</summary>
        public static string InsertAs(string name) => Insert.Replace("@", $"@{name}_", StringComparison.Ordinal);
    }

    /// <summary>
    /// Set while an import applies a file: every change is then audited as action "import", naming the file and its
    /// row before what the use case says it did.
    /// </summary>
    public string? Source { get; set; }

    public Task Write(string action, string entity, Guid entityId, string summary, CancellationToken ct) =>
        Write(action, entity, entityId.ToString("D"), summary, ct);

    /// <summary>For entities named by text rather than an id (document templates).</summary>
    public Task Write(string action, string entity, string entityId, string summary, CancellationToken ct)
    {
        var (memberId, name, entryAction, entrySummary) = Entry(action, summary);
        return WriteBy(memberId, name, entryAction, entity, entityId, entrySummary, ct);
    }

    /// <summary>
    /// The same entry as a statement of the caller's batch, written with the records it tells of; its parameters are
    /// named after <paramref name="name"/>, so that two entries can share a batch.
    /// </summary>
    public void WriteIn(SqlBatch batch, string name, string action, string entity, Guid entityId, string summary)
    {
        var (memberId, actorName, entryAction, entrySummary) = Entry(action, summary);
        batch.Args.Add($"{name}_at", clock.UtcNow);
        batch.Args.Add($"{name}_memberId", memberId?.ToString("D"));
        batch.Args.Add($"{name}_actor", actorName);
        batch.Args.Add($"{name}_action", entryAction);
        batch.Args.Add($"{name}_entity", entity);
        batch.Args.Add($"{name}_entityId", entityId.ToString("D"));
        batch.Args.Add($"{name}_summary", entrySummary);
        batch.Add(Sql.InsertAs(name));
    }

    private (Guid? MemberId, string Actor, string Action, string Summary) Entry(string action, string summary)
    {
        var by = actor.Current;
        return Source is null ? (by.MemberId, by.Name, action, summary) : (by.MemberId, by.Name, "import", $"{Source}: {action}: {summary}");
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

/// <summary>The audit summary of a correction: "field: from → to" for each field that changed.</summary>
public static class AuditChanges
{
    public static string Describe(params (string Field, object? From, object? To)[] fields)
    {
        var changed = fields.Select(f => (f.Field, From: Text(f.From), To: Text(f.To))).Where(f => f.From != f.To)
            .Select(f => $"{f.Field}: {f.From} → {f.To}").ToList();
        return changed.Count == 0 ? "no change" : string.Join("; ", changed);
    }

    private static string Text(object? value) => value switch
    {
        null => "(none)",
        string s => s,
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Enum e => Domain.Wire.NameOf(e),
        System.Collections.IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(Text)) + "]",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
