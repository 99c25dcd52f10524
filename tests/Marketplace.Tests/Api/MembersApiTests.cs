using System.Net;
using Marketplace.Tests.Infrastructure;
using static Marketplace.Tests.Infrastructure.ApiClient;

namespace Marketplace.Tests.Api;

public class MembersApiTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly Scenario given = new(app);

    [Fact]
    public async Task Admin_creates_a_member_who_then_appears_in_the_team_list()
    {
        var email = $"{Guid.NewGuid():N}@example.jp";
        var response = await given.Admin.Post("/api/members", new { name = "高橋 美咲", email, team = "sales" });
        var member = await Expect(response, HttpStatusCode.Created);
        Assert.Equal($"/api/members/{member["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal("sales", member["team"]!.GetValue<string>());

        var list = await given.Admin.GetOk("/api/members?team=sales&pageSize=200");
        Assert.Contains(list["items"]!.AsArray(), m => m!["email"]!.GetValue<string>() == email);
        Assert.All(list["items"]!.AsArray(), m => Assert.Equal("sales", m!["team"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Invalid_members_are_refused_field_by_field_and_nothing_is_stored()
    {
        var before = given.Snapshot();
        Assert.Contains("name", await FieldError(await given.Admin.Post("/api/members", new { email = "a@example.jp", team = "cs" }), "name"));
        Assert.Contains("email", await FieldError(await given.Admin.Post("/api/members", new { name = "x", email = "not-an-email", team = "cs" }), "email"));
        Assert.Contains("cc, cs, sales, admin", await FieldError(await given.Admin.Post("/api/members", new { name = "x", email = "b@example.jp", team = "boss" }), "team"));
        await FieldError(await given.Admin.Post("/api/members", new { name = "x", email = "c@example.jp" }), "team");
        Assert.Equal(before, given.Snapshot());
    }

    [Fact]
    public async Task A_duplicate_email_is_a_conflict_whatever_its_case()
    {
        var email = $"dup-{Guid.NewGuid():N}@example.jp";
        await given.Admin.PostCreated("/api/members", new { name = "一人目", email, team = "cs" });
        var before = given.Snapshot();
        var problem = await Problem(await given.Admin.Post("/api/members", new { name = "二人目", email = email.ToUpperInvariant(), team = "cc" }), HttpStatusCode.Conflict);
        Assert.Contains("already exists", problem["detail"]!.GetValue<string>());
        Assert.Equal(before, given.Snapshot());
    }

    [Fact]
    public async Task An_issued_key_authenticates_its_member_until_it_is_revoked()
    {
        var member = await given.Admin.PostCreated("/api/members", new { name = "伊藤", email = $"{Guid.NewGuid():N}@example.jp", team = "cc" });
        var key = await given.Admin.PostCreated($"/api/members/{member["id"]}/api-keys", new { });
        var keyText = key["key"]!.GetValue<string>();
        var client = new ApiClient(app.CreateClient(), keyText);
        await client.GetOk("/api/members");

        // The key itself is never stored, only its hash.
        using (var db = app.OpenDatabase())
        {
            var stored = Dapper.SqlMapper.QuerySingle<string>(db, "SELECT key_hash FROM api_keys WHERE member_id = @id", new { id = member["id"]!.GetValue<string>() });
            Assert.DoesNotContain(keyText, stored);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await given.Admin.Delete($"/api/api-keys/{key["id"]}")).StatusCode);
        await Problem(await client.Get("/api/members"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Keys_for_unknown_members_and_malformed_ids_are_refused()
    {
        await Problem(await given.Admin.Post($"/api/members/{Guid.NewGuid()}/api-keys"), HttpStatusCode.NotFound);
        await FieldError(await given.Admin.Post("/api/members/not-a-guid/api-keys"), "id");
        await Problem(await given.Admin.Delete($"/api/api-keys/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_admins_manage_members_and_read_the_audit_log()
    {
        var (_, cs) = await given.Member("cs");
        await Problem(await cs.Post("/api/members", new { name = "x", email = "x@example.jp", team = "cs" }), HttpStatusCode.Forbidden);
        await Problem(await cs.Get("/api/audit"), HttpStatusCode.Forbidden);
        await Problem(await new ApiClient(app.CreateClient(), null).Get("/api/members"), HttpStatusCode.Unauthorized);
        await Problem(await new ApiClient(app.CreateClient(), "wrong-key").Get("/api/members"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_audit_log_records_who_did_what_to_which_entity()
    {
        var (csId, _) = await given.Member("cs");
        var company = await given.Company(csId);
        var entries = await given.Admin.GetOk($"/api/audit?entity=company&entityId={company}");
        var entry = Assert.Single(entries["items"]!.AsArray());
        Assert.Equal("create", entry!["action"]!.GetValue<string>());
        Assert.Equal("bootstrap-admin", entry["actor"]!.GetValue<string>());
        Assert.Equal(company, entry["entityId"]!.GetValue<string>());
    }
}
