using System.Net;
using System.Text;
using Marketplace.Tests.Infrastructure;
using static Marketplace.Tests.Infrastructure.ApiClient;

namespace Marketplace.Tests.Api;

public class ErrorHandlingTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly Scenario given = new(app);

    [Fact]
    public async Task Malformed_json_is_a_400_not_a_500()
    {
        var before = given.Snapshot();
        await Problem(await given.Admin.PostRaw("/api/companies", "{\"name\": "), HttpStatusCode.BadRequest);
        await Problem(await given.Admin.PostRaw("/api/companies", "not json at all"), HttpStatusCode.BadRequest);
        await FieldError(await given.Admin.PostRaw("/api/companies", ""), "body");
        Assert.Equal(before, given.Snapshot());
    }

    [Fact]
    public async Task Values_of_the_wrong_type_name_their_field()
    {
        var (cs, _) = await given.Member("cs");
        var body = $$"""{"name":"A","industry":"B","employeeCount":"many","monthlyFee":1,"csOwnerId":"{{cs}}","signedOn":"2026-01-01","purposes":[]}""";
        Assert.Contains("whole number", await FieldError(await given.Admin.PostRaw("/api/companies", body), "employeeCount"));
        body = $$"""{"name":"A","industry":"B","employeeCount":5,"monthlyFee":1,"csOwnerId":"{{cs}}","signedOn":"2026-13-45","purposes":[]}""";
        Assert.Contains("yyyy-MM-dd", await FieldError(await given.Admin.PostRaw("/api/companies", body), "signedOn"));
        body = $$"""{"name":"A","industry":"B","employeeCount":5,"monthlyFee":1,"csOwnerId":"nope","signedOn":"2026-01-01","purposes":[]}""";
        await FieldError(await given.Admin.PostRaw("/api/companies", body), "csOwnerId");
        body = $$"""{"name":"A","industry":"B","employeeCount":5,"monthlyFee":1,"csOwnerId":"{{cs}}","signedOn":"2026-01-01","purposes":["world_peace"]}""";
        Assert.Contains("resource_shortage", await FieldError(await given.Admin.PostRaw("/api/companies", body), "purposes[0]"));
    }

    [Fact]
    public async Task Oversized_bodies_are_refused_with_413()
    {
        var big = new StringContent("{\"name\":\"" + new string('a', 2 * 1024 * 1024) + "\"}", Encoding.UTF8, "application/json");
        var response = await given.Admin.Http.PostAsync("/api/members", big);
        await Problem(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Unknown_routes_and_ids_are_404_problems()
    {
        await Problem(await given.Admin.Get("/api/nothing-here"), HttpStatusCode.NotFound);
        await Problem(await given.Admin.Get($"/api/companies/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await Problem(await given.Admin.Get($"/api/workers/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await Problem(await given.Admin.Get($"/api/engagements/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await FieldError(await given.Admin.Get("/api/companies/123"), "id");
    }

    [Fact]
    public async Task Paging_is_bounded()
    {
        await FieldError(await given.Admin.Get("/api/companies?pageSize=201"), "pageSize");
        await FieldError(await given.Admin.Get("/api/companies?page=0"), "page");
        await FieldError(await given.Admin.Get("/api/companies?status=sleeping"), "status");
    }

    [Fact]
    public async Task Health_reports_the_database_and_openapi_is_served()
    {
        var anonymous = new ApiClient(app.CreateClient(), null);
        var health = await anonymous.GetOk("/health");
        Assert.Equal("Healthy", health["status"]!.GetValue<string>());
        Assert.Contains("migrations applied", health["checks"]![0]!["description"]!.GetValue<string>());
        var openapi = await anonymous.GetOk("/openapi/v1.json");
        Assert.NotNull(openapi["paths"]!["/api/companies"]);
    }

    /// <summary>A real fault: a table the app needs has gone from the database.</summary>
    private static async Task<string> UnexpectedErrorDetail(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> factory, string adminKey, MarketplaceApp app)
    {
        var admin = new ApiClient(factory.CreateClient(), adminKey);
        await admin.GetOk("/api/members");
        using (var db = app.OpenDatabase()) Dapper.SqlMapper.Execute(db, "DROP TABLE expansion_leads");
        var response = await admin.Http.GetAsync("/api/expansion-leads");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        return (await System.Text.Json.Nodes.JsonNode.ParseAsync(await response.Content.ReadAsStreamAsync()))!["detail"]!.GetValue<string>();
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task An_unexpected_error_never_shows_its_exception_unless_a_setting_asks(string environment)
    {
        using var own = new MarketplaceApp();
        using var factory = own.WithWebHostBuilder(b => Microsoft.AspNetCore.Hosting.HostingAbstractionsWebHostBuilderExtensions.UseEnvironment(b, environment));
        var detail = await UnexpectedErrorDetail(factory, own.AdminKey, own);
        Assert.Equal("Something went wrong on our side. It has been logged.", detail);
    }

    [Fact]
    public async Task An_operator_can_ask_for_exception_detail_in_responses()
    {
        using var own = new MarketplaceApp().With("Errors:IncludeExceptionDetail", "true");
        var detail = await UnexpectedErrorDetail(own, own.AdminKey, own);
        Assert.Contains("no such table", detail);
    }

    [Fact]
    public void Running_from_source_is_not_development_by_default()
    {
        var settings = Path.Combine(Infrastructure.RepositoryDocsTests.Repository.Root, "src", "Marketplace.Web", "Properties", "launchSettings.json");
        Assert.False(File.Exists(settings) && File.ReadAllText(settings).Contains("Development", StringComparison.Ordinal),
            "dotnet run must start the app as in production; Development is opted into with ASPNETCORE_ENVIRONMENT.");
    }
}
