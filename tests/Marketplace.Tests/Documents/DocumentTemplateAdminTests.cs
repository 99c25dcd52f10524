using System.Net;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Documents;

/// <summary>Admins edit templates through the API: validated before saving, versioned, restorable, audited, sandboxed.</summary>
public sealed class DocumentTemplateAdminTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly Scenario given = new(app);
    private ApiClient Admin => given.Admin;

    private async Task<(string Content, string ETag)> Current(string name)
    {
        var response = await Admin.Get($"/api/templates/{name}");
        var body = await ApiClient.Expect(response, HttpStatusCode.OK);
        return (body["content"]!.GetValue<string>(), response.Headers.ETag!.Tag);
    }

    private async Task<HttpResponseMessage> Save(string name, string content)
    {
        var (_, etag) = await Current(name);
        return await Admin.Put($"/api/templates/{name}", new { content }, etag);
    }

    private async Task<string> Company()
    {
        var (company, _, _, _, _) = await given.ActiveEngagement();
        return company;
    }

    [Fact]
    public async Task Lists_every_template_with_its_kind_language_and_format()
    {
        var list = (await Admin.GetOk("/api/templates")).AsArray().Select(t => t!).ToList();
        var names = list.Select(t => t["name"]!.GetValue<string>()).ToHashSet();
        foreach (var document in new[] { "kickoff-checklist.ja.md", "kickoff-checklist.en.html", "onboarding-guide.ja.md", "onboarding-guide.en.html", "usage-deck.ja.html", "usage-deck.en.html", "_header.html", "_footer.html", "_styles.css" })
            Assert.Contains(document, names);
        var deck = list.Single(t => t["name"]!.GetValue<string>() == "usage-deck.ja.html");
        Assert.Equal("document", deck["kind"]!.GetValue<string>());
        Assert.Equal("ja", deck["lang"]!.GetValue<string>());
        Assert.Equal("html", deck["format"]!.GetValue<string>());
        Assert.Equal("partial", list.Single(t => t["name"]!.GetValue<string>() == "_header.html")["kind"]!.GetValue<string>());
        await ApiClient.Problem(await Admin.Get("/api/templates/no-such.ja.html"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_syntax_error_is_refused_with_line_and_column_and_the_old_template_keeps_rendering()
    {
        var company = await Company();
        var (before, etag) = await Current("onboarding-guide.en.md");

        var response = await Admin.Put("/api/templates/onboarding-guide.en.md", new { content = "# Guide\nHello {{ company.name }}\n{{ if company.name }}\nno end here" }, etag);

        var problem = await ApiClient.Problem(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("template_syntax", problem["rule"]!.GetValue<string>());
        Assert.Equal("onboarding-guide.en.md", problem["template"]!.GetValue<string>());
        Assert.True(problem["line"]!.GetValue<int>() >= 3, problem.ToJsonString());
        Assert.True(problem["column"]!.GetValue<int>() >= 1);
        Assert.Contains("line", problem["detail"]!.GetValue<string>());
        Assert.Equal(before, (await Current("onboarding-guide.en.md")).Content);
        var guide = await Admin.Get($"/api/companies/{company}/onboarding-guide?format=md&lang=en");
        Assert.Equal(HttpStatusCode.OK, guide.StatusCode);
        Assert.Contains("Preventing an unhappy ending", await guide.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Saving_renders_the_new_version_and_a_restore_brings_back_the_previous_one()
    {
        var company = await Company();
        var (original, etag) = await Current("onboarding-guide.ja.md");
        var edited = original.Replace("## 次のステップ", "## 次のステップ(改訂版)");

        var saved = await ApiClient.Expect(await Admin.Put("/api/templates/onboarding-guide.ja.md", new { content = edited }, etag), HttpStatusCode.OK);
        var version = saved["template"]!["version"]!.GetValue<long>();
        Assert.Equal("edited", saved["template"]!["source"]!.GetValue<string>());
        var guide = await (await Admin.Get($"/api/companies/{company}/onboarding-guide?format=md&lang=ja")).Content.ReadAsStringAsync();
        Assert.Contains("次のステップ(改訂版)", guide);

        // The stale ETag is refused; no If-Match at all is refused too.
        await ApiClient.Problem(await Admin.Put("/api/templates/onboarding-guide.ja.md", new { content = original }, etag), HttpStatusCode.PreconditionFailed);
        await ApiClient.Problem(await Admin.Put("/api/templates/onboarding-guide.ja.md", new { content = original }), HttpStatusCode.PreconditionRequired);

        var versions = (await Admin.GetOk("/api/templates/onboarding-guide.ja.md/versions")).AsArray();
        Assert.Equal(version, versions[0]!["version"]!.GetValue<long>());
        Assert.True(versions[0]!["current"]!.GetValue<bool>());
        var previous = versions[1]!["version"]!.GetValue<long>();

        var restored = await Admin.PostOk($"/api/templates/onboarding-guide.ja.md/versions/{previous}/restore", new { });
        Assert.Equal(version + 1, restored["template"]!["version"]!.GetValue<long>());
        Assert.Equal(original, restored["content"]!.GetValue<string>());
        guide = await (await Admin.Get($"/api/companies/{company}/onboarding-guide?format=md&lang=ja")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("改訂版", guide);
        Assert.Contains("## 次のステップ", guide);
        await ApiClient.Problem(await Admin.Post("/api/templates/onboarding-guide.ja.md/versions/999/restore"), HttpStatusCode.NotFound);

        var audit = (await Admin.GetOk("/api/audit?entity=template&pageSize=200"))["items"]!.AsArray()
            .Where(a => a!["entityId"]!.GetValue<string>() == "onboarding-guide.ja.md").Select(a => a!["action"]!.GetValue<string>()).ToList();
        Assert.Contains("update", audit);
        Assert.Contains("restore", audit);
    }

    [Fact]
    public async Task Another_instance_on_the_same_database_renders_the_edit()
    {
        var company = await Company();
        var (original, _) = await Current("onboarding-guide.en.md");
        Assert.Equal(HttpStatusCode.OK, (await Save("onboarding-guide.en.md", original.Replace("## Next steps", "## Next steps (shared)"))).StatusCode);

        using var other = MarketplaceApp.SharingDatabaseWith(app);
        var guide = await (await other.Admin().Get($"/api/companies/{company}/onboarding-guide?format=md&lang=en")).Content.ReadAsStringAsync();
        Assert.Contains("Next steps (shared)", guide);
        await Save("onboarding-guide.en.md", original);
    }

    [Fact]
    public async Task A_missing_member_fails_clearly_instead_of_printing_nothing()
    {
        var (original, _) = await Current("_footer.md");

        var response = await Save("_footer.md", original + "\n{{ company.nmae }}\n");

        var problem = await ApiClient.Problem(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("template_render", problem["rule"]!.GetValue<string>());
        Assert.Equal("_footer.md", problem["template"]!.GetValue<string>());
        Assert.Contains("nmae", problem["detail"]!.GetValue<string>());
        Assert.Equal(original, (await Current("_footer.md")).Content);

        var variable = await Save("kickoff-checklist.en.md", "{{ no_such_variable }}");
        Assert.Contains("no_such_variable", (await ApiClient.Problem(variable, HttpStatusCode.UnprocessableEntity))["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_infinite_loop_or_recursion_is_stopped_by_the_limits()
    {
        var loop = await ApiClient.Problem(await Save("usage-deck.en.html", "<p>{{ while true }}x{{ end }}</p>"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("limit", loop["detail"]!.GetValue<string>());
        Assert.Equal(1, loop["line"]!.GetValue<int>());

        var recursion = await ApiClient.Problem(await Save("usage-deck.en.html", "{{ func f; ret f; end; f }}"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("recursive", recursion["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Templates_cannot_reach_dotnet_members()
    {
        var problem = await ApiClient.Problem(await Save("usage-deck.en.html", "{{ company.name.GetType }}"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("GetType", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Preview_renders_unsaved_content_for_a_chosen_company()
    {
        var company = await Company();
        var name = (await Admin.GetOk($"/api/companies/{company}"))["name"]!.GetValue<string>();

        var response = await Admin.Post($"/api/templates/kickoff-checklist.en.html/preview?companyId={company}", new { content = "<b>{{ company.name }}</b> / {{ worker.name }} / {{ engagement.title }}" });
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<b>{name}</b>", body);
        Assert.Contains("API開発", body);

        var current = await Admin.Post($"/api/templates/_header.html/preview?companyId={company}");
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Contains(name, await current.Content.ReadAsStringAsync());

        var broken = await Admin.Post($"/api/templates/usage-deck.ja.html/preview?companyId={company}", new { content = "{{ for x in }}" });
        await ApiClient.Problem(broken, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("companyId", await ApiClient.FieldError(await Admin.Post("/api/templates/usage-deck.ja.html/preview"), "companyId"));
        await ApiClient.Problem(await Admin.Post($"/api/templates/usage-deck.ja.html/preview?companyId={Guid.NewGuid()}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_admins_edit_templates()
    {
        var (_, cs) = await given.Member("cs");
        var (_, etag) = await Current("_footer.html");
        Assert.Equal(HttpStatusCode.Forbidden, (await cs.Put("/api/templates/_footer.html", new { content = "x" }, etag)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cs.Get("/api/templates/_footer.html")).StatusCode);
    }
}
