using Microsoft.AspNetCore.Builder;

namespace Marketplace.Bench.Server;

/// <summary>Bare baselines of the insight endpoints: each insight's SQL straight through Dapper.</summary>
public static class BareInsightEndpoints
{
    public static void Map(WebApplication app)
    {
    }
}
