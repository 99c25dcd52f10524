using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using Marketplace.Core.Shared;

namespace Marketplace.Core.Imports;

/// <summary>
/// What an import's cells name by the team's words — members by email, churn reasons by code or label — read once per
/// import and kept for its rows.
/// </summary>
public sealed class ImportLookups(Db db, ReasonCatalogCache catalog)
{
    public static class Sql
    {
        // The column compares without case (COLLATE NOCASE; the server's collation on SQL Server), through its unique index.
        public const string MemberByEmail = "SELECT id FROM members WHERE email = @email";
        public const string WorkerByEmail = "SELECT id FROM workers WHERE email = @email";
    }

    private readonly Dictionary<string, Guid?> members = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Guid?> workers = new(StringComparer.Ordinal);

    /// <summary>
    /// The worker with the email, read once per import (keyed by the cell as written, so the column's own case rule is
    /// the one that matches): a file names each worker it creates once, and no engagement use case changes an email.
    /// </summary>
    public async Task<Guid?> Worker(string email, CancellationToken ct)
    {
        if (!workers.TryGetValue(email, out var id))
            workers[email] = id = await db.QuerySingleOrDefaultAsync<Guid?>(Sql.WorkerByEmail, new { email }, ct);
        return id;
    }

    /// <summary>The member with the email in the cell (any case), or a problem at the cell; null when the cell is blank or names nobody.</summary>
    public async Task<Guid?> Member(ImportRow row, string field, bool required, CancellationToken ct)
    {
        var email = row.Text(field, required);
        if (email is null) return null;
        if (!members.TryGetValue(email, out var id))
            members[email] = id = await db.QuerySingleOrDefaultAsync<Guid?>(Sql.MemberByEmail, new { email }, ct);
        if (id is null) row.Problem(field, ValidationMessages.Text(ValidationMessages.ImportNoMember, field, ("Column", HeaderOf(row, field)), ("Value", email)));
        return id;
    }

    /// <summary>The reason codes of a list cell, each written as its code or its Japanese or English label.</summary>
    public async Task<IReadOnlyList<string>?> Reasons(ImportRow row, string field, CancellationToken ct)
    {
        var items = row.List(field);
        if (items is null) return null;
        var reasons = await catalog.All(ct);
        var codes = new List<string>();
        foreach (var item in items)
        {
            var reason = reasons.FirstOrDefault(r => string.Equals(r.Code, item, StringComparison.OrdinalIgnoreCase) || r.LabelJa == item
                || string.Equals(r.LabelEn, item, StringComparison.OrdinalIgnoreCase));
            if (reason is null) row.Problem(field, ValidationMessages.Text(ValidationMessages.ImportNoReason, field, ("Column", HeaderOf(row, field)), ("Value", item)));
            else if (!codes.Contains(reason.Code)) codes.Add(reason.Code);
        }
        return codes;
    }

    private static string HeaderOf(ImportRow row, string field) => row.HeaderOf(field);
}
