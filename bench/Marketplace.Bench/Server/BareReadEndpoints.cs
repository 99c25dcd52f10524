using Microsoft.AspNetCore.Builder;

namespace Marketplace.Bench.Server;

/// <summary>Bare baselines of the read API: the company list and company SQL straight through Dapper.</summary>
public static class BareReadEndpoints
{
    public static void Map(WebApplication app)
    {
    }
}
