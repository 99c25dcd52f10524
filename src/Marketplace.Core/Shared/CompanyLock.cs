using Marketplace.Core.Data;

namespace Marketplace.Core.Shared;

/// <summary>
/// Commands that write a company's records (its engagements, their kickoffs, follow-ups and ends, its churns) take the
/// company first, before any other write. On SQL Server the row is held to the end of the transaction, so two commands
/// on one company take turns instead of deadlocking when the derived facts read what the other wrote; on SQLite the
/// write transaction already holds the database.
/// </summary>
public static class CompanyLock
{
    public static class Sql
    {
        public const string Take = $"SELECT id FROM companies {SqlDialect.RowLock} WHERE id = @companyId";
        public const string TakeOf = $"SELECT c.id FROM companies c {SqlDialect.RowLock} WHERE c.id = (SELECT e.company_id FROM engagements e WHERE e.id = @engagementId)";
    }

    public static Task Take(Db db, Guid companyId, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<Guid?>(Sql.Take, new { companyId }, ct);

    /// <summary>Takes the company of an engagement, for a command that checks the engagement's records after taking it.</summary>
    public static Task TakeOf(Db db, Guid engagementId, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<Guid?>(Sql.TakeOf, new { engagementId }, ct);
}
