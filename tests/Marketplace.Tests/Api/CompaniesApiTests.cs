using System.Net;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using static Marketplace.Tests.Infrastructure.ApiClient;

namespace Marketplace.Tests.Api;

public class CompaniesApiTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly Scenario given = new(app);

    private static object Body(string csOwnerId, string name = "株式会社サンプル", int employees = 450) => new
    {
        name,
        industry = "製造業",
        employeeCount = employees,
        monthlyFee = 150_000,
        csOwnerId,
        signedOn = "2026-03-01",
        purposes = new[] { "variable_cost", "core_productivity" },
    };

    [Fact]
    public async Task A_created_company_has_location_etag_touch_tier_and_entry_stage()
    {
        var (cs, csClient) = await given.Member("cs");
        var response = await csClient.Post("/api/companies", Body(cs));
        var company = await Expect(response, HttpStatusCode.Created);
        Assert.Equal($"/api/companies/{company["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal("mid", company["touchTier"]!.GetValue<string>());
        Assert.Equal("entry", company["stage"]!.GetValue<string>());
        Assert.Equal("active", company["status"]!.GetValue<string>());
        Assert.Equal(["variable_cost", "core_productivity"], company["purposes"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Null(company["assessment"]);

        var fetched = await csClient.Get($"/api/companies/{company["id"]}");
        Assert.Equal("\"1\"", fetched.Headers.ETag?.Tag);
        Assert.Equal(company.ToJsonString(), (await Expect(fetched, HttpStatusCode.OK)).ToJsonString());
    }

    [Fact]
    public async Task Missing_and_invalid_fields_are_named_and_nothing_is_stored()
    {
        var (cs, _) = await given.Member("cs");
        var (cc, _) = await given.Member("cc");
        var before = given.Snapshot();
        var missing = await Problem(await given.Admin.Post("/api/companies", new { }), HttpStatusCode.BadRequest);
        foreach (var field in new[] { "name", "industry", "employeeCount", "monthlyFee", "csOwnerId", "signedOn", "purposes" })
            Assert.True(missing["errors"]!.AsObject().ContainsKey(field), field);
        await FieldError(await given.Admin.Post("/api/companies", Body(cs, employees: 0)), "employeeCount");
        await FieldError(await given.Admin.Post("/api/companies", Body(cs, name: new string('x', 201))), "name");
        Assert.Contains("No member", await FieldError(await given.Admin.Post("/api/companies", Body(Guid.NewGuid().ToString())), "csOwnerId"));
        Assert.Contains("cs team", await FieldError(await given.Admin.Post("/api/companies", Body(cc)), "csOwnerId"));
        Assert.Equal(before, given.Snapshot());
    }

    [Fact]
    public async Task List_filters_by_owner_status_and_text_and_pages()
    {
        var (cs, _) = await given.Member("cs");
        var tag = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 3; i++)
            await given.Admin.PostCreated("/api/companies", Body(cs, name: $"検索{tag}-{i}"));
        var page = await given.Admin.GetOk($"/api/companies?q={tag}&pageSize=2&page=2");
        Assert.Equal(3, page["total"]!.GetValue<int>());
        Assert.Equal($"検索{tag}-2", Assert.Single(page["items"]!.AsArray())!["name"]!.GetValue<string>());
        var owned = await given.Admin.GetOk($"/api/companies?csOwnerId={cs}&status=active");
        Assert.Equal(3, owned["total"]!.GetValue<int>());
        Assert.Equal(0, (await given.Admin.GetOk($"/api/companies?csOwnerId={cs}&status=churned"))["total"]!.GetValue<int>());
        Assert.Equal(3, (await given.Admin.GetOk($"/api/companies?csOwnerId={cs}&stage=entry"))["total"]!.GetValue<int>());
        // Wildcards in the search text are matched literally.
        Assert.Equal(0, (await given.Admin.GetOk($"/api/companies?q={tag}%25zz"))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task List_sorts_by_a_key_either_way_with_the_id_breaking_ties_and_pages_in_that_order()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        async Task<string> Owner(string name) =>
            (await given.Admin.PostCreated("/api/members", new { name, email = $"{Guid.NewGuid():N}@example.jp", team = "cs" }))["id"]!.GetValue<string>();
        var early = await Owner($"あ担当{tag}");
        var late = await Owner($"ん担当{tag}");
        // Names, owners, days and sizes each put the four in a different order; two share a signed-on day.
        var a = await given.Company(late, "2026-03-01", 10, $"並び{tag}-A");
        var b = await given.Company(early, "2026-01-15", 800, $"並び{tag}-B");
        var c = await given.Company(late, "2026-02-01", 60, $"並び{tag}-C");
        var d = await given.Company(early, "2026-03-01", 300, $"並び{tag}-D");
        var sameDay = new[] { a, d }.Order(StringComparer.Ordinal).ToArray();

        async Task<string[]> Ids(string sort, int pageSize = 50, int page = 1) =>
            (await given.Admin.GetOk($"/api/companies?q={tag}&sort={Uri.EscapeDataString(sort)}&pageSize={pageSize}&page={page}"))["items"]!
                .AsArray().Select(i => i!["id"]!.GetValue<string>()).ToArray();

        async Task Sorted(string sort, params string[] expected) => Assert.Equal(expected, await Ids(sort));
        await Sorted("name", a, b, c, d);
        await Sorted("-name", d, c, b, a);
        await Sorted("signedOn", [b, c, .. sameDay]);
        await Sorted("-signedOn", [.. sameDay.Reverse(), c, b]);
        await Sorted("-employeeCount", b, d, c, a);
        await Sorted("employeeCount", a, c, d, b);
        await Sorted("csOwnerName", [.. new[] { b, d }.Order(StringComparer.Ordinal), .. new[] { a, c }.Order(StringComparer.Ordinal)]);
        // A page of a sorted list is that stretch of the whole order, and the total is every match.
        var second = await given.Admin.GetOk($"/api/companies?q={tag}&sort=-employeeCount&pageSize=2&page=2");
        Assert.Equal(4, second["total"]!.GetValue<int>());
        Assert.Equal(new[] { c, a }, second["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        // The stage filter picks its companies in memory and keeps the order.
        Assert.Equal(new[] { b, d, c, a }, (await given.Admin.GetOk($"/api/companies?q={tag}&stage=entry&sort=-employeeCount"))["items"]!
            .AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal(await Ids("name"), (await given.Admin.GetOk($"/api/companies?q={tag}"))["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("stage")]
    [InlineData("Name")]
    [InlineData("--name")]
    [InlineData("-")]
    [InlineData("name desc")]
    [InlineData("name; DROP TABLE companies")]
    public async Task A_sort_that_is_not_one_of_the_keys_is_a_400_naming_sort_in_either_language(string sort)
    {
        var url = $"/api/companies?sort={Uri.EscapeDataString(sort)}";
        var english = await FieldError(await given.Admin.Get(url), "sort");
        Assert.Contains("sort must be one of: name, -name, signedOn, -signedOn, csOwnerName", english);

        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", app.AdminKey);
        request.Headers.AcceptLanguage.ParseAdd("ja-JP");
        Assert.Equal("並び順の値が正しくありません。", await FieldError(await app.CreateClient().SendAsync(request), "sort"));
    }

    [Fact]
    public async Task Update_needs_the_current_etag()
    {
        var (cs, _) = await given.Member("cs");
        var id = await given.Company(cs);
        var url = $"/api/companies/{id}";
        var before = given.Snapshot();
        await Problem(await given.Admin.Put(url, Body(cs, name: "無条件")), (HttpStatusCode)428);
        await Problem(await given.Admin.Put(url, Body(cs, name: "古い版"), "\"7\""), HttpStatusCode.PreconditionFailed);
        Assert.Equal(before, given.Snapshot());

        var updated = await given.Admin.Put(url, Body(cs, name: "新しい名前", employees: 5000), "\"1\"");
        var company = await Expect(updated, HttpStatusCode.OK);
        Assert.Equal("\"2\"", updated.Headers.ETag?.Tag);
        Assert.Equal("新しい名前", company["name"]!.GetValue<string>());
        Assert.Equal("high", company["touchTier"]!.GetValue<string>());
        Assert.Equal(["variable_cost", "core_productivity"], company["purposes"]!.AsArray().Select(p => p!.GetValue<string>()));
        // The first editor's ETag is now stale.
        await Problem(await given.Admin.Put(url, Body(cs, name: "上書き"), "\"1\""), HttpStatusCode.PreconditionFailed);
        Assert.Equal("新しい名前", (await given.Admin.GetOk(url))["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Assessment_satisfaction_and_expansion_leads_are_recorded()
    {
        var (cs, csClient) = await given.Member("cs");
        var (_, sales) = await given.Member("sales");
        var id = await given.Company(cs);
        var assessed = await Expect(await csClient.Put($"/api/companies/{id}/assessment", new { rank = "a", stage = "onboard" }), HttpStatusCode.OK);
        Assert.Equal("a", assessed["assessment"]!["rank"]!.GetValue<string>());
        Assert.Equal("onboard", assessed["assessment"]!["stage"]!.GetValue<string>());
        Assert.Contains("s, a, b, c", await FieldError(await csClient.Put($"/api/companies/{id}/assessment", new { rank = "z", stage = "onboard" }), "rank"));
        await Problem(await csClient.Put($"/api/companies/{id}/assessment", new { rank = "b", stage = "active" }, "\"1\""), HttpStatusCode.PreconditionFailed);

        var survey = await csClient.PostCreated($"/api/companies/{id}/satisfaction", new { surveyedOn = "2026-04-01", score = 9, comment = "満足" });
        Assert.Equal(9, survey["score"]!.GetValue<int>());
        await FieldError(await csClient.Post($"/api/companies/{id}/satisfaction", new { surveyedOn = "2026-04-01", score = 11 }), "score");
        await Problem(await csClient.Post($"/api/companies/{Guid.NewGuid()}/satisfaction", new { surveyedOn = "2026-04-01", score = 5 }), HttpStatusCode.NotFound);

        var lead = await csClient.PostCreated($"/api/companies/{id}/expansion-leads", new { tossedOn = "2026-05-01", description = "デザイナーも追加したい" });
        Assert.Equal("open", lead["status"]!.GetValue<string>());
        await FieldError(await csClient.Post($"/api/companies/{id}/expansion-leads", new { tossedOn = "2026-05-01" }), "description");
        var open = await sales.GetOk($"/api/expansion-leads?status=open&companyId={id}");
        Assert.Equal(lead["id"]!.GetValue<string>(), Assert.Single(open["items"]!.AsArray())!["id"]!.GetValue<string>());
        var lost = await sales.PostOk($"/api/expansion-leads/{lead["id"]}/outcome", new { status = "lost" });
        Assert.Equal("lost", lost["status"]!.GetValue<string>());
        Assert.Equal(0, (await sales.GetOk($"/api/expansion-leads?status=open&companyId={id}"))["total"]!.GetValue<int>());
        await Problem(await sales.Post($"/api/companies/{id}/expansion-leads", new { tossedOn = "2026-05-01", description = "x" }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Churn_is_refused_while_engagements_run_then_ends_each_with_its_own_engagement_churn()
    {
        var (company, worker, engagement, cs, cc) = await given.ActiveEngagement();
        var second = await given.Engagement(company, await given.AvailableWorker(cc), "2026-03-01");
        await given.Admin.PostOk($"/api/engagements/{second}/contract", new { contractedOn = "2026-02-20" });
        await given.Admin.PostOk($"/api/engagements/{second}/kickoff", new { heldOn = "2026-03-01", attendees = Array.Empty<string>() });
        var proposal = await given.Engagement(company, await given.AvailableWorker(cc), "2026-09-01");

        var before = given.Snapshot();
        var conflict = await Problem(await given.Admin.Post($"/api/companies/{company}/churn",
            new { churnedOn = "2026-08-31", reasons = new[] { "low_utilization" }, note = "活用が進まず" }), HttpStatusCode.Conflict);
        Assert.Equal(new[] { engagement, second }.Order(), conflict["activeEngagements"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()).Order());
        Assert.Equal(before, given.Snapshot());

        var churn = await given.Admin.PostCreated($"/api/companies/{company}/churn",
            new { churnedOn = "2026-08-31", reasons = new[] { "low_utilization" }, note = "活用が進まず", endActiveEngagements = true });
        Assert.True(churn["negative"]!.GetValue<bool>());
        Assert.Equal(233, churn["tenureDays"]!.GetValue<int>()); // 2026-01-10 → 2026-08-31
        Assert.Equal(2, churn["endedEngagements"]!.AsArray().Count);
        Assert.Equal(proposal, Assert.Single(churn["declinedProposals"]!.AsArray())!.GetValue<string>());

        var engagementChurns = (await given.Admin.GetOk("/api/churn/engagements?from=2026-08-31&to=2026-08-31&pageSize=200"))["items"]!.AsArray()
            .Where(c => c!["companyId"]!.GetValue<string>() == company).ToList();
        Assert.Equal(2, engagementChurns.Count);
        Assert.All(engagementChurns, c =>
        {
            Assert.Equal(["company_churn"], c!["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
            Assert.False(c["negative"]!.GetValue<bool>());
            Assert.Equal(churn["id"]!.GetValue<string>(), c["companyChurnId"]!.GetValue<string>());
        });
        var w = await given.Admin.GetOk($"/api/workers/{worker}");
        Assert.Equal("available", w["status"]!.GetValue<string>());
        Assert.Equal("churned", (await given.Admin.GetOk($"/api/companies/{company}"))["status"]!.GetValue<string>());

        var companyChurns = await given.Admin.GetOk("/api/churn/companies?from=2026-08-01&to=2026-08-31&pageSize=200");
        var record = Assert.Single(companyChurns["items"]!.AsArray(), c => c!["companyId"]!.GetValue<string>() == company)!;
        Assert.Equal(["low_utilization"], record["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(233, record["tenureDays"]!.GetValue<int>());
        Assert.NotEmpty(cs);
    }

    [Fact]
    public async Task Churn_validates_its_reasons_and_dates_and_happens_once()
    {
        var (cs, _) = await given.Member("cs");
        var company = await given.Company(cs);
        var url = $"/api/companies/{company}/churn";
        var before = given.Snapshot();
        await FieldError(await given.Admin.Post(url, new { churnedOn = "2026-05-01", reasons = Array.Empty<string>() }), "reasons");
        Assert.Contains("does not apply", await FieldError(await given.Admin.Post(url, new { churnedOn = "2026-05-01", reasons = new[] { "project_completed" } }), "reasons"));
        Assert.Contains("not a known", await FieldError(await given.Admin.Post(url, new { churnedOn = "2026-05-01", reasons = new[] { "'; DROP TABLE companies; --" } }), "reasons"));
        await FieldError(await given.Admin.Post(url, new { churnedOn = "2025-12-31", reasons = new[] { "budget" } }), "churnedOn");
        await FieldError(await given.Admin.Post(url, new { reasons = new[] { "budget" } }), "churnedOn");
        Assert.Equal(before, given.Snapshot());

        var churn = await given.Admin.PostCreated(url, new { churnedOn = "2026-05-01", reasons = new[] { "budget", "hired_in_house" } });
        Assert.False(churn["negative"]!.GetValue<bool>());
        await Problem(await given.Admin.Post(url, new { churnedOn = "2026-06-01", reasons = new[] { "budget" } }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_churned_company_can_sign_again_and_keeps_its_churn_history()
    {
        var (cs, _) = await given.Member("cs");
        var company = await given.Company(cs, signedOn: "2025-04-01");
        await Problem(await given.Admin.Post($"/api/companies/{company}/reactivate", new { signedOn = "2026-01-01" }), HttpStatusCode.Conflict);
        await given.Admin.PostCreated($"/api/companies/{company}/churn", new { churnedOn = "2025-10-31", reasons = new[] { "skill_mismatch" } });
        await FieldError(await given.Admin.Post($"/api/companies/{company}/reactivate", new { signedOn = "2025-10-01" }), "signedOn");

        var back = await given.Admin.PostOk($"/api/companies/{company}/reactivate", new { signedOn = "2026-02-01" });
        Assert.Equal("active", back["status"]!.GetValue<string>());
        Assert.Equal("2026-02-01", back["signedOn"]!.GetValue<string>());

        var history = await given.Admin.GetOk("/api/churn/companies?from=2025-10-31&to=2025-10-31&pageSize=200");
        var earlier = Assert.Single(history["items"]!.AsArray(), c => c!["companyId"]!.GetValue<string>() == company)!;
        Assert.Equal("2025-04-01", earlier["signedOn"]!.GetValue<string>());
        Assert.Equal(213, earlier["tenureDays"]!.GetValue<int>());
        Assert.True(earlier["negative"]!.GetValue<bool>());

        // Its tenure now counts from the new signing.
        var again = await given.Admin.PostCreated($"/api/companies/{company}/churn", new { churnedOn = "2026-03-01", reasons = new[] { "budget" } });
        Assert.Equal(28, again["tenureDays"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_churned_company_is_read_only_until_it_signs_again()
    {
        var (cs, _) = await given.Member("cs");
        var company = await given.Company(cs, signedOn: "2025-04-01");
        await given.Admin.PostCreated($"/api/companies/{company}/churn", new { churnedOn = "2025-10-31", reasons = new[] { "budget" } });
        var read = await given.Admin.Get($"/api/companies/{company}");
        var before = given.Snapshot();

        var edit = await Problem(await given.Admin.Put($"/api/companies/{company}", Body(cs, name: "改名した会社"), read.Headers.ETag!.Tag), HttpStatusCode.Conflict);
        Assert.Equal("company_read_only", edit["code"]!.GetValue<string>());
        var assess = await Problem(await given.Admin.Put($"/api/companies/{company}/assessment", new { rank = "a", stage = "active" }, read.Headers.ETag!.Tag), HttpStatusCode.Conflict);
        Assert.Equal("company_read_only", assess["code"]!.GetValue<string>());
        var survey = await Problem(await given.Admin.Post($"/api/companies/{company}/satisfaction", new { surveyedOn = "2025-11-05", score = 3 }), HttpStatusCode.Conflict);
        Assert.Equal("company_read_only", survey["code"]!.GetValue<string>());
        Assert.Equal(before, given.Snapshot());

        await given.Admin.PostOk($"/api/companies/{company}/reactivate", new { signedOn = "2026-02-01" });
        read = await given.Admin.Get($"/api/companies/{company}");
        await Expect(await given.Admin.Put($"/api/companies/{company}", Body(cs, name: "改名した会社"), read.Headers.ETag!.Tag), HttpStatusCode.OK);
        await given.Admin.PostCreated($"/api/companies/{company}/satisfaction", new { surveyedOn = "2026-02-10", score = 9 });
    }

    [Fact]
    public async Task Only_cs_and_admin_change_companies_while_everyone_reads()
    {
        var (cs, _) = await given.Member("cs");
        var (_, cc) = await given.Member("cc");
        var (_, sales) = await given.Member("sales");
        var id = await given.Company(cs);
        await Problem(await cc.Post("/api/companies", Body(cs)), HttpStatusCode.Forbidden);
        await Problem(await sales.Post($"/api/companies/{id}/churn", new { churnedOn = "2026-05-01", reasons = new[] { "budget" } }), HttpStatusCode.Forbidden);
        await cc.GetOk($"/api/companies/{id}");
        await sales.GetOk("/api/companies");
    }
}
