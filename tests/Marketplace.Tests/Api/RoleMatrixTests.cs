using System.Net;
using Marketplace.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Tests.Api;

/// <summary>
/// Every route the app serves, called as anonymous and as each team. Routes are discovered from the app's
/// endpoint data source, so a new route without an entry in <see cref="Allowed"/> fails this test.
/// </summary>
public class RoleMatrixTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private const string Anyone = "anyone";
    /// <summary>A page for any signed-in member: pages take the sign-in cookie only, never an API key.</summary>
    private const string SignedIn = "signed-in";
    /// <summary>The page shown after a refusal: open to all, and itself answers 403.</summary>
    private const string RefusalPage = "refusal-page";
    private static readonly string[] Teams = ["cc", "cs", "sales", "admin"];
    private static readonly string[] Readers = Teams;

    /// <summary>Who may call each route; admin may call everything, "anyone" includes anonymous callers.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["GET /health"] = [Anyone],
        ["GET /openapi/{documentName}.json"] = [Anyone],
        ["GET /"] = [SignedIn],
        ["GET /account/sign-in"] = [Anyone],
        ["POST /account/sign-in"] = [Anyone],
        ["POST /account/sign-out"] = [SignedIn],
        ["GET /account/forbidden"] = [RefusalPage],
        ["GET /error/{status:int}"] = [Anyone],
        ["POST /error/{status:int}"] = [Anyone],
        ["PUT /error/{status:int}"] = [Anyone],
        ["DELETE /error/{status:int}"] = [Anyone],
        ["PATCH /error/{status:int}"] = [Anyone],
        ["GET /lang/{lang}"] = [Anyone],
        ["GET /dashboard"] = [SignedIn],
        ["GET /companies/{id:guid}/documents/onboarding-guide"] = [SignedIn],
        ["GET /companies/{id:guid}/documents/usage-deck"] = [SignedIn],
        ["GET /engagements/{id:guid}/kickoff-checklist"] = [SignedIn],
        ["GET /dashboard/csv/{insight}"] = [SignedIn],
        ["GET /workers"] = [SignedIn],
        ["GET /workers/{id:guid}"] = [SignedIn],
        ["POST /workers/{id:guid}/status"] = [SignedIn],
        ["GET /workers/new"] = [SignedIn],
        ["POST /workers/new"] = [SignedIn],
        ["POST /workers/{id:guid}/profile"] = [SignedIn],
        ["POST /workers/{id:guid}/notes"] = [SignedIn],
        ["GET /companies"] = [SignedIn],
        ["GET /companies/{id:guid}"] = [SignedIn],
        ["GET /companies/{id:guid}/churn"] = [SignedIn],
        ["POST /companies/{id:guid}/churn"] = [SignedIn],
        ["POST /companies/{id:guid}/satisfaction"] = [SignedIn],
        ["POST /companies/{id:guid}/expansion-leads"] = [SignedIn],
        ["POST /companies/{id:guid}/notes"] = [SignedIn],
        ["GET /engagements/new"] = [SignedIn],
        ["POST /engagements/new"] = [SignedIn],
        ["GET /engagements/{id:guid}"] = [SignedIn],
        ["POST /engagements/{id:guid}/contract"] = [SignedIn],
        ["POST /engagements/{id:guid}/decline"] = [SignedIn],
        ["POST /engagements/{id:guid}/kickoff"] = [SignedIn],
        ["POST /engagements/{id:guid}/checklist"] = [SignedIn],
        ["POST /engagements/{id:guid}/follow-ups"] = [SignedIn],
        ["POST /engagements/{id:guid}/end"] = [SignedIn],
        ["POST /expansion-leads/{id:guid}/outcome"] = [SignedIn],
        ["GET /admin/members"] = [SignedIn],
        ["POST /admin/members"] = [SignedIn],
        ["GET /admin/members/{id:guid}"] = [SignedIn],
        ["POST /admin/members/{id:guid}/password"] = [SignedIn],
        ["POST /admin/members/{id:guid}/api-keys"] = [SignedIn],
        ["POST /admin/members/{id:guid}/api-keys/{keyId:guid}/revoke"] = [SignedIn],
        ["GET /admin/templates"] = [SignedIn],
        ["GET /admin/templates/{name}"] = [SignedIn],
        ["POST /admin/templates/{name}"] = [SignedIn],
        ["POST /admin/templates/{name}/preview"] = [SignedIn],
        ["POST /admin/templates/{name}/versions/{version:long}/restore"] = [SignedIn],
        ["GET /admin/churn-reasons"] = [SignedIn],
        ["POST /admin/churn-reasons"] = [SignedIn],
        ["POST /admin/churn-reasons/{code}/labels"] = [SignedIn],
        ["POST /admin/churn-reasons/{code}/negative"] = [SignedIn],
        ["POST /admin/churn-reasons/{code}/retire"] = [SignedIn],
        ["GET /companies/new"] = [SignedIn],
        ["POST /companies/new"] = [SignedIn],
        ["GET /companies/{id:guid}/edit"] = [SignedIn],
        ["POST /companies/{id:guid}/edit"] = [SignedIn],
        ["POST /companies/{id:guid}/assessment"] = [SignedIn],
        ["POST /companies/{id:guid}/reactivate"] = [SignedIn],
        ["POST /companies/{id:guid}/churns/{churnId:guid}/correction"] = [SignedIn],
        ["POST /engagements/{id:guid}/kickoff/correction"] = [SignedIn],
        ["POST /engagements/{id:guid}/follow-ups/{followUpId:guid}/correction"] = [SignedIn],
        ["POST /engagements/{id:guid}/end/correction"] = [SignedIn],
        ["GET /api/members"] = Readers,
        ["POST /api/members/{id}/password"] = ["admin"],
        ["POST /api/members"] = ["admin"],
        ["POST /api/members/{id}/api-keys"] = ["admin"],
        ["DELETE /api/api-keys/{id}"] = ["admin"],
        ["GET /api/audit"] = ["admin"],
        ["POST /api/companies"] = ["cs", "admin"],
        ["GET /api/companies"] = Readers,
        ["GET /api/companies/{id}"] = Readers,
        ["PUT /api/companies/{id}"] = ["cs", "admin"],
        ["PUT /api/companies/{id}/assessment"] = ["cs", "admin"],
        ["POST /api/companies/{id}/churn"] = ["cs", "admin"],
        ["POST /api/companies/{id}/reactivate"] = ["cs", "admin"],
        ["POST /api/companies/{id}/satisfaction"] = ["cs", "admin"],
        ["POST /api/companies/{id}/expansion-leads"] = ["cs", "admin"],
        ["POST /api/companies/{id}/notes"] = ["cs", "admin"],
        ["GET /api/companies/{id}/timeline"] = Readers,
        ["GET /api/expansion-leads"] = Readers,
        ["POST /api/expansion-leads/{id}/outcome"] = ["sales", "admin"],
        ["POST /api/workers"] = ["cc", "admin"],
        ["GET /api/workers"] = Readers,
        ["GET /api/workers/{id}"] = Readers,
        ["POST /api/workers/{id}/status"] = ["cc", "admin"],
        ["GET /api/workers/{id}/history"] = Readers,
        ["POST /api/workers/{id}/notes"] = ["cc", "admin"],
        ["GET /api/workers/{id}/timeline"] = Readers,
        ["POST /api/engagements"] = ["cs", "admin"],
        ["GET /api/engagements"] = Readers,
        ["GET /api/engagements/{id}"] = Readers,
        ["POST /api/engagements/{id}/contract"] = ["cs", "admin"],
        ["POST /api/engagements/{id}/decline"] = ["cs", "admin"],
        ["POST /api/engagements/{id}/kickoff"] = ["cs", "admin"],
        ["PUT /api/engagements/{id}/kickoff/checklist"] = ["cs", "admin"],
        ["PUT /api/engagements/{id}"] = ["cs", "admin"],
        ["PUT /api/engagements/{id}/kickoff"] = ["cs", "admin"],
        ["PUT /api/engagements/{id}/end"] = ["cs", "admin"],
        ["PUT /api/follow-ups/{id}"] = ["cs", "admin"],
        ["PUT /api/company-churns/{id}"] = ["cs", "admin"],
        ["PUT /api/workers/{id}"] = ["cc", "admin"],
        ["POST /api/engagements/{id}/follow-ups"] = ["cs", "admin"],
        ["POST /api/engagements/{id}/end"] = ["cs", "admin"],
        ["GET /api/follow-ups"] = Readers,
        ["GET /api/churn-reasons"] = Readers,
        ["GET /api/churn-reasons/{code}"] = Readers,
        ["POST /api/churn-reasons"] = ["admin"],
        ["PUT /api/churn-reasons/{code}/labels"] = ["admin"],
        ["PUT /api/churn-reasons/{code}/negative"] = ["admin"],
        ["POST /api/churn-reasons/{code}/retire"] = ["admin"],
        ["GET /api/churn/engagements"] = Readers,
        ["GET /api/churn/companies"] = Readers,
        ["GET /api/insights/churn-rates"] = Readers,
        ["GET /api/insights/reasons"] = Readers,
        ["GET /api/insights/tenure"] = Readers,
        ["GET /api/insights/rep-load"] = Readers,
        ["GET /api/insights/stage-agreement"] = Readers,
        ["GET /api/insights/churn-risk"] = Readers,
        ["GET /api/insights/revenue-churn"] = Readers,
        ["GET /api/engagements/{id}/kickoff-checklist"] = Readers,
        ["GET /api/companies/{id}/onboarding-guide"] = Readers,
        ["GET /api/companies/{id}/usage-deck"] = Readers,
        ["GET /api/templates"] = Readers,
        ["GET /api/templates/{name}"] = Readers,
        ["PUT /api/templates/{name}"] = ["admin"],
        ["GET /api/templates/{name}/versions"] = Readers,
        ["POST /api/templates/{name}/versions/{version}/restore"] = ["admin"],
        ["POST /api/templates/{name}/preview"] = ["admin"],
        ["GET /api/tasks"] = Readers,
        ["POST /api/tasks"] = Readers,
        ["GET /api/tasks/{id}"] = Readers,
        ["PUT /api/tasks/{id}"] = Readers,
        ["POST /api/tasks/{id}/complete"] = Readers,
        ["POST /api/tasks/{id}/reopen"] = Readers,
        ["GET /api/playbooks"] = Readers,
        ["PUT /api/playbooks/{rule}"] = ["admin"],
        ["POST /api/playbooks/run"] = ["admin"],
        // The member's own preferences or, for an admin, anyone's: a random id is never the caller's own.
        ["GET /api/members/{id}/notifications"] = ["admin"],
        ["PUT /api/members/{id}/notifications"] = ["admin"],
        ["GET /api/notifications"] = ["admin"],
        ["POST /api/notifications/digests/run"] = ["admin"],
        ["GET /notifications"] = [SignedIn],
        ["GET /members/{id:guid}/notifications"] = [SignedIn],
        ["POST /members/{id:guid}/notifications"] = [SignedIn],
        ["GET /admin/notifications"] = [SignedIn],
        ["POST /admin/notifications/run"] = [SignedIn],
        ["GET /api/imports/templates/{kind}"] = ["cs", "cc", "admin"],
        // The matrix imports companies: CS's records (a concierge imports workers, ImportsApiTests).
        ["POST /api/imports/{kind}"] = ["cs", "admin"],
        ["GET /imports"] = [SignedIn],
        ["POST /tasks/new"] = [SignedIn],
        ["GET /admin/playbooks"] = [SignedIn],
        ["POST /admin/playbooks/{rule}"] = [SignedIn],
        ["POST /tasks/{id:guid}/complete"] = [SignedIn],
        ["POST /tasks/{id:guid}/reschedule"] = [SignedIn],
        ["GET /imports/templates/{kind}"] = [SignedIn],
        ["POST /imports/{kind}/preview"] = [SignedIn],
        ["POST /imports/{kind}/commit"] = [SignedIn],
    };

    private IReadOnlyList<(string Method, string Route)> Routes()
    {
        app.CreateClient().Dispose();
        return app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .Distinct()
            .OrderBy(r => r.Item2).ThenBy(r => r.m)
            .ToList();
    }

    [Fact]
    public void Every_route_has_an_expected_audience()
    {
        var routes = Routes().Select(r => $"{r.Method} {r.Route}").ToList();
        Assert.Empty(routes.Except(Allowed.Keys));
        Assert.Empty(Allowed.Keys.Except(routes));
    }

    [Fact]
    public async Task Each_caller_gets_401_403_or_through_as_expected()
    {
        var given = new Scenario(app);
        var clients = new Dictionary<string, ApiClient> { ["anonymous"] = new(app.CreateClient(), null) };
        foreach (var team in Teams)
            clients[team] = team == "admin" ? given.Admin : (await given.Member(team)).Client;

        var failures = new List<string>();
        foreach (var (method, route) in Routes())
        {
            var allowed = Allowed[$"{method} {route}"];
            var url = route.Replace("{id}", Guid.NewGuid().ToString()).Replace("{id:guid}", Guid.NewGuid().ToString()).Replace("{keyId:guid}", Guid.NewGuid().ToString()).Replace("{churnId:guid}", Guid.NewGuid().ToString()).Replace("{followUpId:guid}", Guid.NewGuid().ToString()).Replace("{version:long}", "0").Replace("{lang}", "en").Replace("{insight}", "reasons").Replace("{documentName}", "v1")
                .Replace("{name}", "usage-deck.ja.html").Replace("{version}", "0").Replace("{code}", "no_such_reason").Replace("{status:int}", "404").Replace("{kind}", "companies").Replace("{rule}", "detractor_survey");
            foreach (var (caller, client) in clients)
            {
                var request = new HttpRequestMessage(new HttpMethod(method), url);
                if (method is "POST" or "PUT") request.Content = route.Contains("imports/") ? new MultipartFormDataContent { { new ByteArrayContent([]), "file", "empty.csv" } } : ApiClient.Json(new { });
                var response = await client.Http.SendAsync(request);
                var status = response.StatusCode;
                var expected = allowed.Contains(RefusalPage) ? "403"
                    : allowed.Contains(Anyone) || allowed.Contains(caller) ? "through"
                    : allowed.Contains(SignedIn) ? "sign-in"
                    : caller == "anonymous" ? "401" : "403";
                var actual = status switch
                {
                    HttpStatusCode.Unauthorized => "401",
                    HttpStatusCode.Forbidden => "403",
                    HttpStatusCode.Redirect when response.Headers.Location?.OriginalString.Contains("/account/sign-in") == true => "sign-in",
                    >= HttpStatusCode.InternalServerError => "5xx",
                    _ => "through",
                };
                if (actual != expected) failures.Add($"{method} {route} as {caller}: expected {expected}, got {(int)status}");
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
