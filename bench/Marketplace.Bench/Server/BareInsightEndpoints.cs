using Dapper;
using Marketplace.Bench.Insights;
using Marketplace.Core.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Bench.Server;

/// <summary>
/// Bare baselines of the insight endpoints: GET /bare/insights/{case} runs that insight's statements
/// (<see cref="InsightCases"/>) straight through Dapper on one connection and writes the raw rows as JSON, with no
/// authentication, MediatR, validation or C# post-processing.
/// </summary>
public static class BareInsightEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/bare/insights/{name}", async (string name, ConnectionFactory factory, CancellationToken ct) =>
        {
            if (InsightCases.Named(name) is not { } insight) return Results.NotFound();
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            await using var connection = await factory.OpenAsync(ct);
            var results = new List<List<dynamic>>();
            foreach (var statement in insight.Bare(today))
                results.Add((await connection.QueryAsync(new CommandDefinition(factory.Dialect.Render(statement.Sql), statement.Args, cancellationToken: ct))).AsList());
            return Results.Json(results.Select(rows => rows.Select(r => (IDictionary<string, object?>)r)));
        }).AllowAnonymous();
    }
}
