using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Api;

/// <summary>The admin-edited churn-reason catalog: add, relabel, tag negative or not, retire; the churns naming a reason follow it.</summary>
public class ChurnReasonCatalogApiTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly Scenario given = new(app);
    private ApiClient Admin => given.Admin;

    private static string NewCode() => "reason_" + Guid.NewGuid().ToString("N")[..8];

    private async Task<(string Code, string ETag)> Add(bool negative, string appliesTo = "both")
    {
        var code = NewCode();
        var response = await Admin.Post("/api/churn-reasons", new { code, labelJa = "オフィス移転", labelEn = "Office move", negative, appliesTo });
        var body = await ApiClient.Expect(response, HttpStatusCode.Created);
        Assert.Equal(code, body["code"]!.GetValue<string>());
        Assert.Equal($"/api/churn-reasons/{code}", response.Headers.Location!.OriginalString);
        return (code, response.Headers.ETag!.Tag);
    }

    private async Task<string> ETag(string code) => (await Admin.Get($"/api/churn-reasons/{code}")).Headers.ETag!.Tag;

    private async Task<JsonNode> Reason(string code) =>
        (await Admin.GetOk("/api/churn-reasons")).AsArray().Single(r => r!["code"]!.GetValue<string>() == code)!;

    private Task<HttpResponseMessage> End(string engagement, params string[] reasons) =>
        Admin.Post($"/api/engagements/{engagement}/end", new { endedOn = "2026-03-02", initiatedBy = "company", reasons });

    [Fact]
    public async Task An_admin_adds_and_relabels_a_reason_naming_the_version_and_each_edit_is_audited()
    {
        var (code, etag) = await Add(negative: false);
        Assert.Equal("\"1\"", etag);
        var added = await Reason(code);
        Assert.False(added["negative"]!.GetValue<bool>());
        Assert.False(added["retired"]!.GetValue<bool>());

        Assert.Equal(HttpStatusCode.Conflict, (await Admin.Post("/api/churn-reasons", new { code, labelJa = "重複", labelEn = "Duplicate", negative = false, appliesTo = "both" })).StatusCode);
        var bad = await Admin.Post("/api/churn-reasons", new { code = "Not A Code", labelJa = "", labelEn = "x", appliesTo = "both" });
        var problem = await ApiClient.Problem(bad, HttpStatusCode.BadRequest);
        foreach (var field in new[] { "code", "labelJa", "negative" })
            Assert.NotNull(problem["errors"]![field]);

        var labels = new { labelJa = "事業所の移転", labelEn = "Office relocation" };
        Assert.Equal((HttpStatusCode)428, (await Admin.Put($"/api/churn-reasons/{code}/labels", labels)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Admin.Put($"/api/churn-reasons/{code}/labels", labels, "\"7\"")).StatusCode);
        var relabelled = await Admin.Put($"/api/churn-reasons/{code}/labels", labels, etag);
        Assert.Equal("事業所の移転", (await ApiClient.Expect(relabelled, HttpStatusCode.OK))["labelJa"]!.GetValue<string>());
        Assert.Equal("\"2\"", relabelled.Headers.ETag!.Tag);
        Assert.Equal("Office relocation", (await Reason(code))["labelEn"]!.GetValue<string>());

        var (_, cs) = await given.Member("cs");
        Assert.Equal(HttpStatusCode.Forbidden, (await cs.Post("/api/churn-reasons", new { code = NewCode(), labelJa = "a", labelEn = "a", negative = false, appliesTo = "both" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await cs.Put($"/api/churn-reasons/{code}/labels", labels, "\"2\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.Put("/api/churn-reasons/no_such_reason/labels", labels, "\"1\"")).StatusCode);

        var audit = (await Admin.GetOk($"/api/audit?entity=churn_reason&pageSize=200"))["items"]!.AsArray()
            .Where(e => e!["entityId"]!.GetValue<string>() == code).Select(e => e!["summary"]!.GetValue<string>()).ToList();
        Assert.Equal(2, audit.Count);
        Assert.Contains("labelJa: オフィス移転 → 事業所の移転", audit[1]);
    }

    [Fact]
    public async Task A_retired_reason_cannot_be_chosen_for_a_new_churn_but_the_records_naming_it_keep_it()
    {
        var (code, etag) = await Add(negative: false);
        var (company, _, engagement, _, _) = await given.ActiveEngagement();
        await ApiClient.Expect(await End(engagement, code), HttpStatusCode.Created);

        var retire = new HttpRequestMessage(HttpMethod.Post, $"/api/churn-reasons/{code}/retire") { Content = ApiClient.Json(new { }) };
        retire.Headers.TryAddWithoutValidation("If-Match", etag);
        var retired = await ApiClient.Expect(await Admin.Http.SendAsync(retire), HttpStatusCode.OK);
        Assert.True(retired["retired"]!.GetValue<bool>());
        Assert.NotNull(retired["retiredAt"]);
        // Retiring again changes nothing.
        Assert.Equal(HttpStatusCode.OK, (await Admin.Post($"/api/churn-reasons/{code}/retire")).StatusCode);
        Assert.True((await Reason(code))["retired"]!.GetValue<bool>());

        var (_, _, other, _, _) = await given.ActiveEngagement();
        var refused = await ApiClient.FieldError(await End(other, code), "reasons");
        Assert.Contains("retired", refused);
        var (ownCs, _) = await given.Member("cs");
        var churnless = await given.Company(ownCs);
        Assert.Equal(HttpStatusCode.BadRequest, (await Admin.Post($"/api/companies/{churnless}/churn", new { churnedOn = "2026-06-01", reasons = new[] { code } })).StatusCode);

        // The old end still names it, and correcting that end may keep it.
        var ends = (await Admin.GetOk($"/api/churn/engagements?companyId={company}"))["items"]!.AsArray();
        Assert.Contains(code, ends.Single()!["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
        var corrected = await Admin.Put($"/api/engagements/{engagement}/end", new { endedOn = "2026-03-03", initiatedBy = "company", reasons = new[] { code } });
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        DerivedFactsCheck.AssertNone(app, "retiring a reason");
    }

    [Fact]
    public async Task Tagging_a_reason_negative_or_not_recomputes_the_churns_that_name_it_and_their_companies_stage_facts()
    {
        var (code, etag) = await Add(negative: false);
        var (company, _, engagement, cs, _) = await given.ActiveEngagement();
        await ApiClient.Expect(await End(engagement, code, "budget"), HttpStatusCode.Created);
        var churned = await given.Company(cs);
        await Admin.PostCreated($"/api/companies/{churned}/churn", new { churnedOn = "2026-06-01", reasons = new[] { code } });
        var (untouched, _, untouchedEngagement, _, _) = await given.ActiveEngagement();
        await ApiClient.Expect(await End(untouchedEngagement, "budget"), HttpStatusCode.Created);

        async Task<(bool Engagement, bool Company, bool Untouched, DateOnly? LastNegative)> Facts()
        {
            var end = (await Admin.GetOk($"/api/churn/engagements?companyId={company}"))["items"]!.AsArray().Single()!;
            var companyChurn = (await Admin.GetOk($"/api/churn/companies?companyId={churned}"))["items"]!.AsArray().Single()!;
            var other = (await Admin.GetOk($"/api/churn/engagements?companyId={untouched}"))["items"]!.AsArray().Single()!;
            using var db = app.OpenDatabase();
            var last = await db.ExecuteScalarAsync<string?>("SELECT last_negative_churn_on FROM companies WHERE id = @id", new { id = company });
            return (end["negative"]!.GetValue<bool>(), companyChurn["negative"]!.GetValue<bool>(), other["negative"]!.GetValue<bool>(),
                last is null ? null : DateOnly.Parse(last));
        }

        Assert.Equal((false, false, false, (DateOnly?)null), await Facts());

        var negative = await Admin.Put($"/api/churn-reasons/{code}/negative", new { negative = true }, etag);
        Assert.True((await ApiClient.Expect(negative, HttpStatusCode.OK))["negative"]!.GetValue<bool>());
        Assert.Equal((true, true, false, (DateOnly?)new DateOnly(2026, 3, 2)), await Facts());
        DerivedFactsCheck.AssertNone(app, "tagging a reason negative");

        var notNegative = await Admin.Put($"/api/churn-reasons/{code}/negative", new { negative = false }, negative.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, notNegative.StatusCode);
        Assert.Equal((false, false, false, (DateOnly?)null), await Facts());
        DerivedFactsCheck.AssertNone(app, "tagging a reason not negative");

        Assert.Equal(HttpStatusCode.BadRequest, (await Admin.Put($"/api/churn-reasons/{code}/negative", new { }, await ETag(code))).StatusCode);
        var audit = (await Admin.GetOk($"/api/audit?entity=churn_reason&pageSize=200"))["items"]!.AsArray()
            .Where(e => e!["entityId"]!.GetValue<string>() == code).Select(e => e!["summary"]!.GetValue<string>()).ToList();
        Assert.Equal(3, audit.Count);
        Assert.Equal("negative: False → True", audit[1]);
        Assert.Equal("negative: True → False", audit[2]);
    }
}
