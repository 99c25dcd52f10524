using Marketplace.Core.Data;

namespace Marketplace.Core.Shared;

/// <summary>Whether a company, worker or member is there, for a command or page that names one and must say 404 or 400 when not.</summary>
public static class RecordExists
{
    public static class Sql
    {
        public const string Company = "SELECT COUNT(*) FROM companies WHERE id = @id";
        public const string Worker = "SELECT COUNT(*) FROM workers WHERE id = @id";
        public const string Member = "SELECT COUNT(*) FROM members WHERE id = @id";
    }

    public static async Task<bool> Company(Db db, Guid id, CancellationToken ct) => await db.ExecuteScalarAsync<long>(Sql.Company, new { id }, ct) > 0;

    public static async Task<bool> Worker(Db db, Guid id, CancellationToken ct) => await db.ExecuteScalarAsync<long>(Sql.Worker, new { id }, ct) > 0;

    public static async Task<bool> Member(Db db, Guid id, CancellationToken ct) => await db.ExecuteScalarAsync<long>(Sql.Member, new { id }, ct) > 0;
}
