using System.Net;
using Marketplace.Tests.Infrastructure;
using static Marketplace.Tests.Infrastructure.ApiClient;

namespace Marketplace.Tests.Api;

public class WorkersApiTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly Scenario given = new(app);

    private static object Body(string conciergeId, string email, string jobType = "designer") => new
    {
        name = "中村 さくら",
        email,
        jobType,
        skills = new[] { "Figma", "UI設計" },
        mainJobStyle = "freelancer",
        weeklyHours = 12,
        conciergeId,
    };

    [Fact]
    public async Task A_registered_worker_starts_in_registered_with_a_first_history_entry()
    {
        var (cc, ccClient) = await given.Member("cc");
        var response = await ccClient.Post("/api/workers", Body(cc, $"{Guid.NewGuid():N}@example.jp"));
        var worker = await Expect(response, HttpStatusCode.Created);
        Assert.Equal("registered", worker["status"]!.GetValue<string>());
        Assert.Equal(["Figma", "UI設計"], worker["skills"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(["screening", "left"], worker["allowedTransitions"]!.AsArray().Select(s => s!.GetValue<string>()));
        var history = (await ccClient.GetOk($"/api/workers/{worker["id"]}/history")).AsArray();
        var first = Assert.Single(history)!;
        Assert.Null(first["from"]);
        Assert.Equal("registered", first["to"]!.GetValue<string>());
        Assert.Equal(cc, first["by"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invalid_and_duplicate_registrations_are_refused_without_a_trace()
    {
        var (cc, _) = await given.Member("cc");
        var (cs, _) = await given.Member("cs");
        var email = $"{Guid.NewGuid():N}@example.jp";
        await given.Admin.PostCreated("/api/workers", Body(cc, email));
        var before = given.Snapshot();
        var dup = await Problem(await given.Admin.Post("/api/workers", Body(cc, email.ToUpperInvariant())), HttpStatusCode.Conflict);
        Assert.Equal("email", dup["field"]!.GetValue<string>());
        Assert.Contains("engineer", await FieldError(await given.Admin.Post("/api/workers", Body(cc, "x@example.jp", jobType: "astronaut")), "jobType"));
        Assert.Contains("cc team", await FieldError(await given.Admin.Post("/api/workers", Body(cs, "y@example.jp")), "conciergeId"));
        var missing = await Problem(await given.Admin.Post("/api/workers", new { name = "x" }), HttpStatusCode.BadRequest);
        foreach (var field in new[] { "email", "jobType", "mainJobStyle", "weeklyHours", "conciergeId" })
            Assert.True(missing["errors"]!.AsObject().ContainsKey(field), field);
        await FieldError(await given.Admin.Post("/api/workers", new { name = "x", email = "z@example.jp", jobType = "pm", mainJobStyle = "student", weeklyHours = 200, conciergeId = cc }), "weeklyHours");
        Assert.Equal(before, given.Snapshot());
    }

    [Fact]
    public async Task A_concierge_moves_a_worker_along_the_graph_and_every_move_is_in_history()
    {
        var (cc, ccClient) = await given.Member("cc");
        var id = await given.Worker(cc);
        foreach (var status in new[] { "screening", "available", "paused", "available", "left" })
            await ccClient.PostOk($"/api/workers/{id}/status", new { status, note = $"→ {status}" });
        var history = (await ccClient.GetOk($"/api/workers/{id}/history")).AsArray();
        Assert.Equal(["registered", "screening", "available", "paused", "available", "left"], history.Select(h => h!["to"]!.GetValue<string>()));
        Assert.Equal("paused", history[4]!["from"]!.GetValue<string>());
        Assert.Equal("→ left", history[5]!["note"]!.GetValue<string>());
        Assert.Equal(5, (await given.Admin.GetOk($"/api/audit?entity=worker&entityId={id}"))["items"]!.AsArray().Count(e => e!["action"]!.GetValue<string>() == "status_change"));
    }

    [Fact]
    public async Task A_move_outside_the_graph_is_a_conflict_that_changes_nothing()
    {
        var (cc, _) = await given.Member("cc");
        var id = await given.Worker(cc);
        var before = given.Snapshot();
        var problem = await Problem(await given.Admin.Post($"/api/workers/{id}/status", new { status = "active" }), HttpStatusCode.Conflict);
        Assert.Equal(["screening", "left"], problem["allowed"]!.AsArray().Select(s => s!.GetValue<string>()));
        await FieldError(await given.Admin.Post($"/api/workers/{id}/status", new { status = "dancing" }), "status");
        await FieldError(await given.Admin.Post($"/api/workers/{id}/status", new { note = "no status" }), "status");
        await Problem(await given.Admin.Post($"/api/workers/{Guid.NewGuid()}/status", new { status = "screening" }), HttpStatusCode.NotFound);
        Assert.Equal(before, given.Snapshot());
    }

    [Fact]
    public async Task A_status_change_based_on_a_stale_version_is_refused()
    {
        var (cc, _) = await given.Member("cc");
        var id = await given.Worker(cc);
        var get = await given.Admin.Get($"/api/workers/{id}");
        var etag = get.Headers.ETag!.Tag;
        await given.Admin.PostOk($"/api/workers/{id}/status", new { status = "screening" });
        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/workers/{id}/status") { Content = Json(new { status = "left" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        await Problem(await given.Admin.Http.SendAsync(stale), HttpStatusCode.PreconditionFailed);
        Assert.Equal("screening", (await given.Admin.GetOk($"/api/workers/{id}"))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Lists_filter_by_status_job_type_concierge_and_text()
    {
        var (cc, _) = await given.Member("cc");
        var tag = Guid.NewGuid().ToString("N")[..10];
        await given.Admin.PostCreated("/api/workers", Body(cc, $"{tag}-a@example.jp", "data"));
        var b = (await given.Admin.PostCreated("/api/workers", Body(cc, $"{tag}-b@example.jp", "hr")))["id"]!.GetValue<string>();
        await given.Admin.PostOk($"/api/workers/{b}/status", new { status = "screening" });
        Assert.Equal(2, (await given.Admin.GetOk($"/api/workers?q={tag}"))["total"]!.GetValue<int>());
        Assert.Equal(2, (await given.Admin.GetOk($"/api/workers?conciergeId={cc}"))["total"]!.GetValue<int>());
        var screening = await given.Admin.GetOk($"/api/workers?conciergeId={cc}&status=screening");
        Assert.Equal(b, Assert.Single(screening["items"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal(1, (await given.Admin.GetOk($"/api/workers?conciergeId={cc}&jobType=data"))["total"]!.GetValue<int>());
        await FieldError(await given.Admin.Get("/api/workers?jobType=wizard"), "jobType");
    }

    [Fact]
    public async Task Only_concierge_and_admin_change_workers()
    {
        var (cc, _) = await given.Member("cc");
        var (_, cs) = await given.Member("cs");
        var id = await given.Worker(cc);
        await Problem(await cs.Post("/api/workers", Body(cc, "q@example.jp")), HttpStatusCode.Forbidden);
        await Problem(await cs.Post($"/api/workers/{id}/status", new { status = "screening" }), HttpStatusCode.Forbidden);
        await cs.GetOk($"/api/workers/{id}/history");
        await Problem(await given.Admin.Get($"/api/workers/{Guid.NewGuid()}/history"), HttpStatusCode.NotFound);
    }
}
