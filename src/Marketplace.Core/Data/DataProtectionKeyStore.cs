using Dapper;

namespace Marketplace.Core.Data;

/// <summary>
/// Keeps the web's data-protection key ring (which signs sign-in cookies and antiforgery tokens) in the
/// database, so several web instances behind a load balancer share it and restarts keep users signed in.
/// </summary>
public sealed class DataProtectionKeyStore(ConnectionFactory factory)
{
    public static class Sql
    {
        public const string All = "SELECT xml FROM data_protection_keys ORDER BY created_at, name";
        public const string Insert = "INSERT INTO data_protection_keys (name, xml, created_at) VALUES (@name, @xml, @at)";
    }

    // The data-protection API is synchronous; it reads the ring rarely and caches it.
    public IReadOnlyList<string> All()
    {
        using var connection = factory.Open();
        return connection.Query<string>(Sql.All).AsList();
    }

    public void Store(string name, string xml)
    {
        using var connection = factory.Open();
        connection.Execute(Sql.Insert, new { name, xml, at = DateTime.UtcNow });
    }
}
