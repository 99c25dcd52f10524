extern alias JsonSchemaNet;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JsonSchemaNet::Json.Schema;
using Marketplace.Core.Domain;
using Marketplace.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Tests.Api;

/// <summary>
/// /openapi/v1.json tells the truth: each route's real answers — a success on a seeded database and the errors the
/// rules name — come with a status, content type, headers and body that the document declares for that route.
/// MARKETPLACE_OPENAPI_OUT names a file to write the document to, for .ci/run's Redocly lint.
/// </summary>
public class OpenApiDocumentTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private static readonly DateOnly Today = BusinessDay.Today;
    private static string Ago(int days) => InsightGiven.Day(Today.AddDays(-days));
    private static string Month(int daysAgo) => Today.AddDays(-daysAgo).ToString("yyyy-MM");
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private async Task<JsonObject> Document()
    {
        var response = await app.CreateClient().GetAsync("/openapi/v1.json");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (Environment.GetEnvironmentVariable("MARKETPLACE_OPENAPI_OUT") is { Length: > 0 } file) await File.WriteAllTextAsync(file, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static IEnumerable<(string Key, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Select(op => ($"{op.Key.ToUpperInvariant()} {path.Key}", op.Value!.AsObject())));

    private static string? RefName(JsonNode? schema) => schema?["$ref"]?.GetValue<string>().Split('/')[^1];

    /// <summary>The request body's schema name; an optional body is oneOf null and the schema.</summary>
    private static string? BodySchema(JsonObject operation)
    {
        var schema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
        return RefName(schema) ?? RefName(schema?["oneOf"]?[1]);
    }

    [Fact]
    public async Task Distinct_types_get_distinct_schema_names_after_their_use_case()
    {
        var document = await Document();
        var schemas = document["components"]!["schemas"]!.AsObject();
        Assert.DoesNotContain(schemas, s => s.Key is "Command" or "Result" or "Query" or "Item" or "Entry");

        // Every request body and success body type, through the app's own API descriptions, against the name the document gives it.
        var byOperation = Operations(document).ToDictionary(o => o.Key, o => o.Operation);
        var names = new Dictionary<string, HashSet<Type>>();
        foreach (var api in app.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items.SelectMany(g => g.Items))
        {
            var operation = byOperation[$"{api.HttpMethod} /{api.RelativePath}"];
            var used = new List<(Type, string?)>();
            if (api.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body) is { } body)
                used.Add((body.Type, BodySchema(operation)));
            foreach (var response in api.SupportedResponseTypes.Where(r => r.StatusCode is >= 200 and < 300 && r.Type is not null && r.Type != typeof(void)))
                if (RefName(operation["responses"]![response.StatusCode.ToString()]?["content"]?["application/json"]?["schema"]) is { } name)
                    used.Add((response.Type!, name));
            foreach (var (type, name) in used.Where(u => u.Item2 is not null))
                (names.TryGetValue(name!, out var types) ? types : names[name!] = []).Add(type);
        }
        Assert.Empty(names.Where(n => n.Value.Count > 1).Select(n => $"{n.Key}: {string.Join(", ", n.Value.Select(t => t.FullName))}"));

        Assert.Equal("CreateCompanyCommand", BodySchema(byOperation["POST /api/companies"]));
        Assert.Equal("UpdateCompanyCommand", BodySchema(byOperation["PUT /api/companies/{id}"]));
        Assert.Equal("PreviewTemplateCommand", BodySchema(byOperation["POST /api/templates/{name}/preview"]));
        Assert.Equal("ChurnRiskResult", RefName(byOperation["GET /api/insights/churn-risk"]["responses"]!["200"]!["content"]!["application/json"]!["schema"]));
        Assert.Equal("PagedOfListDueFollowUpsItem", RefName(byOperation["GET /api/follow-ups"]["responses"]!["200"]!["content"]!["application/json"]!["schema"]));
    }

    [Fact]
    public async Task Enums_are_the_words_the_json_carries()
    {
        var schemas = (await Document())["components"]!["schemas"]!.AsObject();
        static string[] Words<T>() where T : struct, Enum => Enum.GetValues<T>().Select(Wire.Name).ToArray();
        void IsStringEnum(JsonNode? schema, string[] words, string what)
        {
            if (RefName(schema) is { } name) schema = schemas[name];
            Assert.True(schema?["type"]?.GetValue<string>() == "string", $"{what} is not a string: {schema?.ToJsonString()}");
            Assert.Equal(words, schema!["enum"]!.AsArray().Select(w => w!.GetValue<string>()).ToArray());
        }

        IsStringEnum(schemas["CompanyDto"]!["properties"]!["purposes"]!["items"], Words<Purpose>(), "CompanyDto.purposes[]");
        Assert.Equal("Stage", RefName(schemas["CompanyDto"]!["properties"]!["stage"]));
        IsStringEnum(schemas["Stage"], Words<Stage>(), "Stage");
        IsStringEnum(schemas["WorkerStatus"], Words<WorkerStatus>(), "WorkerStatus");
        IsStringEnum(schemas["WorkerDto"]!["properties"]!["allowedTransitions"]!["items"], Words<WorkerStatus>(), "WorkerDto.allowedTransitions[]");
        // Every domain enum named in the document is its words, none a number or an empty schema.
        foreach (var type in typeof(Wire).Assembly.GetTypes().Where(t => t.IsEnum && t.Namespace == typeof(Wire).Namespace))
            if (schemas[type.Name] is { } schema)
                IsStringEnum(schema, Enum.GetValues(type).Cast<Enum>().Select(Wire.NameOf).ToArray(), type.Name);
    }

    [Fact]
    public async Task The_company_lists_sort_takes_its_keys_either_way_and_nothing_else()
    {
        var list = Operations(await Document()).Single(o => o.Key == "GET /api/companies").Operation;
        var sort = list["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "sort")!;
        Assert.Equal("query", sort["in"]!.GetValue<string>());
        Assert.Equal("string", sort["schema"]!["type"]!.GetValue<string>());
        Assert.Equal(["name", "-name", "signedOn", "-signedOn", "csOwnerName", "-csOwnerName", "employeeCount", "-employeeCount",
                "monthlyFee", "-monthlyFee", "activeEngagements", "-activeEngagements"],
            sort["schema"]!["enum"]!.AsArray().Select(w => w!.GetValue<string>()));
        Assert.Contains("name when omitted", sort["description"]!.GetValue<string>());
        // Each word the document offers is one the list takes.
        foreach (var word in sort["schema"]!["enum"]!.AsArray().Select(w => w!.GetValue<string>()))
            await app.Admin().GetOk($"/api/companies?pageSize=1&sort={Uri.EscapeDataString(word)}");
    }

    [Fact]
    public async Task Every_operation_has_an_id_a_summary_the_bearer_key_and_problem_details_for_errors()
    {
        var document = await Document();
        var scheme = document["components"]?["securitySchemes"]?["bearer"];
        Assert.True(scheme is not null, "The document has no bearer security scheme.");
        Assert.Equal("http", scheme["type"]!.GetValue<string>());
        Assert.Equal("bearer", scheme["scheme"]!.GetValue<string>());

        var operations = Operations(document).ToList();
        Assert.Equal(operations.Count, operations.Select(o => o.Operation["operationId"]?.GetValue<string>()).Distinct().Count());
        foreach (var (key, operation) in operations)
        {
            Assert.False(string.IsNullOrWhiteSpace(operation["operationId"]?.GetValue<string>()), $"{key} has no operationId");
            Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), $"{key} has no summary");
            Assert.True(operation["security"]?.AsArray().Any(r => r!.AsObject().ContainsKey("bearer")) == true, $"{key} does not name the bearer scheme");
            foreach (var (status, response) in operation["responses"]!.AsObject().Where(r => int.Parse(r.Key) >= 400))
            {
                var schema = RefName(response!["content"]?["application/problem+json"]?["schema"]);
                Assert.True(schema is not null && schema.EndsWith("ProblemDetails", StringComparison.Ordinal), $"{key} {status} is not problem details");
                if (status == "400") Assert.Equal("ValidationProblemDetails", schema);
            }
            Assert.True(operation["responses"]!.AsObject().ContainsKey("401"), $"{key} does not document 401");
        }
        Assert.Contains("errors", document["components"]!["schemas"]!["ValidationProblemDetails"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()));

        // The document covers every API route the app serves, and only those: no pages, /health or the document itself.
        app.CreateClient().Dispose();
        var apiRoutes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .ToHashSet();
        Assert.Equal(apiRoutes.Order(), operations.Select(o => o.Key).Order());
    }

    [Fact]
    public async Task A_real_answer_of_every_route_matches_what_the_document_declares()
    {
        var document = await Document();
        var contract = new DeclaredResponses(document);
        var scenario = new Scenario(app);
        var admin = scenario.Admin;
        var anonymous = new ApiClient(app.CreateClient(), null);
        var (cs, _) = await scenario.Member("cs");
        var (cc, concierge) = await scenario.Member("cc");
        var failures = new List<string>();
        var covered = new HashSet<string>();

        async Task<(JsonNode? Body, HttpResponseMessage Response)> Call(string operation, HttpStatusCode expected, Task<HttpResponseMessage> request)
        {
            var response = await request;
            var bytes = await response.Content.ReadAsByteArrayAsync();
            covered.Add(operation);
            if (response.StatusCode != expected)
                failures.Add($"{operation}: expected {(int)expected}, got {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
            failures.AddRange(contract.Check(operation, response, bytes).Select(f => $"{operation} {(int)response.StatusCode}: {f}"));
            var json = response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true && bytes.Length > 0;
            return (json ? JsonNode.Parse(bytes) : null, response);
        }
        string Id((JsonNode? Body, HttpResponseMessage) answer) => answer.Body?["id"]?.ToString() ?? Guid.Empty.ToString();
        static string ETag((JsonNode?, HttpResponseMessage Response) answer) => answer.Response.Headers.ETag?.Tag ?? "\"0\"";

        // Companies.
        var companyBody = new { name = Unique("会社"), industry = "SaaS", employeeCount = 120, monthlyFee = 100_000, csOwnerId = cs, signedOn = Ago(400), purposes = new[] { "know_how", "resource_shortage" } };
        var company = Id(await Call("POST /api/companies", HttpStatusCode.Created, admin.Post("/api/companies", companyBody)));
        await Call("GET /api/companies", HttpStatusCode.OK, admin.Get("/api/companies?pageSize=5"));
        var companyTag = ETag(await Call("GET /api/companies/{id}", HttpStatusCode.OK, admin.Get($"/api/companies/{company}")));
        await Call("PUT /api/companies/{id}", HttpStatusCode.OK, admin.Put($"/api/companies/{company}", companyBody with { employeeCount = 130 }, companyTag));
        await Call("PUT /api/companies/{id}/assessment", HttpStatusCode.OK, admin.Put($"/api/companies/{company}/assessment", new { rank = "a", stage = "onboard" }));
        await Call("POST /api/companies/{id}/satisfaction", HttpStatusCode.Created, admin.Post($"/api/companies/{company}/satisfaction", new { surveyedOn = Ago(10), score = 9, comment = "満足" }));
        var lead = Id(await Call("POST /api/companies/{id}/expansion-leads", HttpStatusCode.Created, admin.Post($"/api/companies/{company}/expansion-leads", new { tossedOn = Ago(5), description = "デザイナーも追加したい" })));
        await Call("GET /api/expansion-leads", HttpStatusCode.OK, admin.Get($"/api/expansion-leads?companyId={company}"));
        await Call("POST /api/expansion-leads/{id}/outcome", HttpStatusCode.OK, admin.Post($"/api/expansion-leads/{lead}/outcome", new { status = "lost" }));

        // Workers.
        var workerBody = new { name = Unique("人材"), email = $"{Unique("w")}@example.jp", jobType = "engineer", skills = new[] { "C#" }, mainJobStyle = "employee", weeklyHours = 10, conciergeId = cc };
        var worker = Id(await Call("POST /api/workers", HttpStatusCode.Created, admin.Post("/api/workers", workerBody)));
        await Call("GET /api/workers", HttpStatusCode.OK, admin.Get("/api/workers?pageSize=5"));
        var workerTag = ETag(await Call("GET /api/workers/{id}", HttpStatusCode.OK, admin.Get($"/api/workers/{worker}")));
        await Call("PUT /api/workers/{id}", HttpStatusCode.OK, admin.Put($"/api/workers/{worker}", workerBody with { weeklyHours = 12 }, workerTag));
        foreach (var status in new[] { "screening", "available" })
            await Call("POST /api/workers/{id}/status", HttpStatusCode.OK, admin.Post($"/api/workers/{worker}/status", new { status }));
        await Call("GET /api/workers/{id}/history", HttpStatusCode.OK, admin.Get($"/api/workers/{worker}/history"));

        // An engagement through its whole life, and one declined.
        var terms = new { companyId = company, workerId = worker, title = "API開発", jobType = "engineer", startOn = Ago(300), monthlyHours = 40, monthlyFee = 300_000 };
        var engagement = Id(await Call("POST /api/engagements", HttpStatusCode.Created, admin.Post("/api/engagements", terms)));
        await Call("GET /api/engagements", HttpStatusCode.OK, admin.Get($"/api/engagements?companyId={company}"));
        var engagementTag = ETag(await Call("GET /api/engagements/{id}", HttpStatusCode.OK, admin.Get($"/api/engagements/{engagement}")));
        await Call("PUT /api/engagements/{id}", HttpStatusCode.OK, admin.Put($"/api/engagements/{engagement}", new { terms.title, terms.jobType, terms.startOn, monthlyHours = 45, terms.monthlyFee }, engagementTag));
        await Call("POST /api/engagements/{id}/contract", HttpStatusCode.OK, admin.Post($"/api/engagements/{engagement}/contract", new { contractedOn = Ago(305) }));
        await Call("POST /api/engagements/{id}/kickoff", HttpStatusCode.OK, admin.Post($"/api/engagements/{engagement}/kickoff", new { heldOn = Ago(300), csAttendeeId = cs, attendees = new[] { "山田" } }));
        await Call("PUT /api/engagements/{id}/kickoff", HttpStatusCode.OK, admin.Put($"/api/engagements/{engagement}/kickoff", new { heldOn = Ago(299), csAttendeeId = cs, attendees = new[] { "山田", "佐藤" } }));
        await Call("PUT /api/engagements/{id}/kickoff/checklist", HttpStatusCode.OK, admin.Put($"/api/engagements/{engagement}/kickoff/checklist", new { items = new[] { new { key = "goals_scope", done = true } } }));
        await Call("GET /api/follow-ups", HttpStatusCode.OK, admin.Get($"/api/follow-ups?csOwnerId={cs}"));
        var followUp = Id(await Call("POST /api/engagements/{id}/follow-ups", HttpStatusCode.Created, admin.Post($"/api/engagements/{engagement}/follow-ups",
            new { heldOn = Ago(250), companySatisfaction = 4, workerEvaluation = 4, workerSatisfaction = 5, note = "順調" })));
        await Call("PUT /api/follow-ups/{id}", HttpStatusCode.OK, admin.Put($"/api/follow-ups/{followUp}", new { heldOn = Ago(249), companySatisfaction = 5, workerEvaluation = 4, workerSatisfaction = 5 }));
        await Call("GET /api/engagements/{id}/kickoff-checklist", HttpStatusCode.OK, admin.Get($"/api/engagements/{engagement}/kickoff-checklist?format=md&lang=en"));
        await Call("POST /api/engagements/{id}/end", HttpStatusCode.Created, admin.Post($"/api/engagements/{engagement}/end", new { endedOn = Ago(100), initiatedBy = "company", reasons = new[] { "budget" } }));
        await Call("PUT /api/engagements/{id}/end", HttpStatusCode.OK, admin.Put($"/api/engagements/{engagement}/end", new { endedOn = Ago(99), initiatedBy = "mutual", reasons = new[] { "project_completed" } }));
        var proposed = await scenario.Engagement(company, await scenario.AvailableWorker(cc), Ago(20));
        await Call("POST /api/engagements/{id}/decline", HttpStatusCode.OK, admin.Post($"/api/engagements/{proposed}/decline", new { note = "見送り" }));

        // A company that churns, has its churn corrected and signs again.
        var churning = await scenario.Company(cs, Ago(400));
        var churn = Id(await Call("POST /api/companies/{id}/churn", HttpStatusCode.Created, admin.Post($"/api/companies/{churning}/churn", new { churnedOn = Ago(50), reasons = new[] { "budget" }, note = "予算" })));
        await Call("PUT /api/company-churns/{id}", HttpStatusCode.OK, admin.Put($"/api/company-churns/{churn}", new { churnedOn = Ago(49), reasons = new[] { "budget", "low_utilization" }, note = "訂正" }));
        await Call("POST /api/companies/{id}/reactivate", HttpStatusCode.OK, admin.Post($"/api/companies/{churning}/reactivate", new { signedOn = Ago(10) }));
        await Call("GET /api/churn-reasons", HttpStatusCode.OK, admin.Get("/api/churn-reasons"));
        var reasonCode = "move_" + Guid.NewGuid().ToString("N")[..8];
        var addedReason = await Call("POST /api/churn-reasons", HttpStatusCode.Created, admin.Post("/api/churn-reasons", new { code = reasonCode, labelJa = "移転", labelEn = "Move", negative = false, appliesTo = "both" }));
        await Call("GET /api/churn-reasons/{code}", HttpStatusCode.OK, admin.Get($"/api/churn-reasons/{reasonCode}"));
        var relabelled = await Call("PUT /api/churn-reasons/{code}/labels", HttpStatusCode.OK, admin.Put($"/api/churn-reasons/{reasonCode}/labels", new { labelJa = "事業所の移転", labelEn = "Relocation" }, ETag(addedReason)));
        await Call("PUT /api/churn-reasons/{code}/negative", HttpStatusCode.OK, admin.Put($"/api/churn-reasons/{reasonCode}/negative", new { negative = true }, ETag(relabelled)));
        await Call("POST /api/churn-reasons/{code}/retire", HttpStatusCode.OK, admin.Post($"/api/churn-reasons/{reasonCode}/retire"));
        await Call("GET /api/churn/engagements", HttpStatusCode.OK, admin.Get($"/api/churn/engagements?companyId={company}"));
        await Call("GET /api/churn/companies", HttpStatusCode.OK, admin.Get($"/api/churn/companies?companyId={churning}"));

        // Notes, and the timelines they join with every event above.
        await Call("POST /api/companies/{id}/notes", HttpStatusCode.Created, admin.Post($"/api/companies/{churning}/notes", new { kind = "call", heldOn = Ago(5), body = "再契約の相談" }));
        await Call("POST /api/workers/{id}/notes", HttpStatusCode.Created, admin.Post($"/api/workers/{worker}/notes", new { kind = "meeting", heldOn = Ago(5), body = "次の案件の希望" }));
        await Call("GET /api/companies/{id}/timeline", HttpStatusCode.OK, admin.Get($"/api/companies/{company}/timeline"));
        await Call("GET /api/companies/{id}/timeline", HttpStatusCode.OK, admin.Get($"/api/companies/{churning}/timeline?pageSize=5"));
        await Call("GET /api/workers/{id}/timeline", HttpStatusCode.OK, admin.Get($"/api/workers/{worker}/timeline"));

        // Insights, as JSON and as CSV.
        await Call("GET /api/insights/churn-rates", HttpStatusCode.OK, admin.Get($"/api/insights/churn-rates?kind=company&from={Month(400)}&to={Month(0)}&by=industry"));
        await Call("GET /api/insights/churn-rates", HttpStatusCode.OK, admin.Get($"/api/insights/churn-rates?kind=engagement&from={Month(400)}&to={Month(0)}&format=csv"));
        await Call("GET /api/insights/reasons", HttpStatusCode.OK, admin.Get($"/api/insights/reasons?kind=engagement&from={Month(400)}&to={Month(0)}"));
        await Call("GET /api/insights/tenure", HttpStatusCode.OK, admin.Get("/api/insights/tenure?kind=engagement"));
        await Call("GET /api/insights/rep-load", HttpStatusCode.OK, admin.Get("/api/insights/rep-load"));
        await Call("GET /api/insights/rep-load", HttpStatusCode.OK, admin.Get("/api/insights/rep-load?format=csv"));
        await Call("GET /api/insights/stage-agreement", HttpStatusCode.OK, admin.Get("/api/insights/stage-agreement"));
        await Call("GET /api/insights/churn-risk", HttpStatusCode.OK, admin.Get("/api/insights/churn-risk"));
        await Call("GET /api/insights/revenue-churn", HttpStatusCode.OK, admin.Get($"/api/insights/revenue-churn?from={Month(400)}&to={Month(0)}"));
        await Call("GET /api/insights/stage-agreement", HttpStatusCode.OK, admin.Get($"/api/insights/stage-agreement?asOf={Ago(30)}"));

        // Documents and templates.
        await Call("GET /api/companies/{id}/onboarding-guide", HttpStatusCode.OK, admin.Get($"/api/companies/{company}/onboarding-guide"));
        await Call("GET /api/companies/{id}/usage-deck", HttpStatusCode.OK, admin.Get($"/api/companies/{company}/usage-deck?format=pdf"));
        await Call("GET /api/companies/{id}/usage-deck", HttpStatusCode.OK, admin.Get($"/api/companies/{company}/usage-deck?format=pptx&allJobTypes=true"));
        await Call("GET /api/companies/{id}/review-report", HttpStatusCode.OK, admin.Get($"/api/companies/{company}/review-report?from={Ago(90)}&to={Ago(0)}&format=pptx"));
        await Call("GET /api/companies/{id}/review-report", HttpStatusCode.BadRequest, admin.Get($"/api/companies/{company}/review-report?from={Ago(0)}&to={Ago(90)}"));
        await Call("GET /api/templates", HttpStatusCode.OK, admin.Get("/api/templates"));
        const string template = "usage-deck.en.html";
        var (current, currentResponse) = await Call("GET /api/templates/{name}", HttpStatusCode.OK, admin.Get($"/api/templates/{template}"));
        await Call("PUT /api/templates/{name}", HttpStatusCode.OK, admin.Put($"/api/templates/{template}", new { content = current?["content"]?.GetValue<string>() + "\n" }, ETag((current, currentResponse))));
        await Call("GET /api/templates/{name}/versions", HttpStatusCode.OK, admin.Get($"/api/templates/{template}/versions"));
        await Call("POST /api/templates/{name}/versions/{version}/restore", HttpStatusCode.OK, admin.Post($"/api/templates/{template}/versions/0/restore"));
        await Call("POST /api/templates/{name}/preview", HttpStatusCode.OK, admin.Post($"/api/templates/onboarding-guide.ja.md/preview?companyId={company}"));

        // Tasks and playbooks.
        var task = Id(await Call("POST /api/tasks", HttpStatusCode.Created, admin.Post("/api/tasks", new { title = "契約更新の確認", dueOn = Ago(0), assigneeId = cs, companyId = company })));
        await Call("GET /api/tasks", HttpStatusCode.OK, admin.Get($"/api/tasks?assigneeId={cs}&due=week"));
        var taskTag = ETag(await Call("GET /api/tasks/{id}", HttpStatusCode.OK, admin.Get($"/api/tasks/{task}")));
        await Call("PUT /api/tasks/{id}", HttpStatusCode.OK, admin.Put($"/api/tasks/{task}", new { title = "契約更新の確認", dueOn = Ago(-3), assigneeId = cs }, taskTag));
        await Call("POST /api/tasks/{id}/complete", HttpStatusCode.OK, admin.Post($"/api/tasks/{task}/complete", new { note = "済み" }));
        await Call("POST /api/tasks/{id}/reopen", HttpStatusCode.OK, admin.Post($"/api/tasks/{task}/reopen"));
        await Call("GET /api/playbooks", HttpStatusCode.OK, admin.Get("/api/playbooks"));
        await Call("POST /api/playbooks/run", HttpStatusCode.OK, admin.Post($"/api/playbooks/run?day={Ago(0)}"));
        await Call("PUT /api/playbooks/{rule}", HttpStatusCode.OK, admin.Put("/api/playbooks/expansion_lead_tossed", new { enabled = true, title = "追加案件トスの対応", assignee = "sales", dueInBusinessDays = 2 }));

        // Notifications: a Slack URL on loopback that refuses, so the run records a try and nothing leaves the machine.
        var preferencesTag = ETag(await Call("GET /api/members/{id}/notifications", HttpStatusCode.OK, admin.Get($"/api/members/{cs}/notifications")));
        await Call("PUT /api/members/{id}/notifications", HttpStatusCode.OK, admin.Put($"/api/members/{cs}/notifications", new { email = true, slackWebhookUrl = "http://127.0.0.1:9/hook", digestTime = "08:30", language = "ja" }, preferencesTag));
        await Call("POST /api/notifications/digests/run", HttpStatusCode.OK, admin.Post($"/api/notifications/digests/run?day={Ago(0)}"));
        await Call("GET /api/notifications", HttpStatusCode.OK, admin.Get($"/api/notifications?day={Ago(0)}"));

        // Imports: a template, and a dry run of a sheet made from it.
        var (_, templateResponse) = await Call("GET /api/imports/templates/{kind}", HttpStatusCode.OK, admin.Get("/api/imports/templates/workers?format=csv"));
        var sheet = Marketplace.Tests.Imports.ImportFiles.Upload(await templateResponse.Content.ReadAsByteArrayAsync(), "workers.csv");
        await Call("POST /api/imports/{kind}", HttpStatusCode.OK, admin.Http.PostAsync("/api/imports/workers?dryRun=true", sheet));

        // Members, keys and the audit log.
        var member = Id(await Call("POST /api/members", HttpStatusCode.Created, admin.Post("/api/members", new { name = Unique("営業"), email = $"{Unique("m")}@example.jp", team = "sales" })));
        await Call("GET /api/members", HttpStatusCode.OK, admin.Get("/api/members?team=sales"));
        var key = Id(await Call("POST /api/members/{id}/api-keys", HttpStatusCode.Created, admin.Post($"/api/members/{member}/api-keys")));
        await Call("POST /api/members/{id}/password", HttpStatusCode.NoContent, admin.Post($"/api/members/{member}/password", new { password = "correct-horse-battery" }));
        await Call("DELETE /api/api-keys/{id}", HttpStatusCode.NoContent, admin.Delete($"/api/api-keys/{key}"));
        await Call("GET /api/audit", HttpStatusCode.OK, admin.Get("/api/audit?pageSize=5"));

        // The check itself refuses what the document does not allow: a property it does not name, a word not in an enum.
        var made = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        made.Headers.ETag = new EntityTagHeaderValue("\"1\"");
        Assert.NotEmpty(contract.Check("GET /api/companies/{id}", made, """{"id":"00000000-0000-0000-0000-000000000001","surprise":1}"""u8.ToArray()));
        Assert.NotEmpty(contract.Check("GET /api/companies/{id}", made, """{"stage":"dormant"}"""u8.ToArray()));
        Assert.NotEmpty(contract.Check("GET /api/companies/{id}", made, """{"signedOn":"yesterday"}"""u8.ToArray()));
        Assert.Empty(contract.Check("GET /api/companies/{id}", made, """{"stage":"loyal"}"""u8.ToArray()));

        Assert.Empty(Operations(document).Select(o => o.Key).Except(covered));
        Assert.Empty(covered.Except(Operations(document).Select(o => o.Key)));

        // The errors each rule maps to, as declared for the route that answered them.
        await Call("GET /api/companies", HttpStatusCode.Unauthorized, anonymous.Get("/api/companies"));
        await Call("POST /api/companies", HttpStatusCode.Forbidden, concierge.Post("/api/companies", companyBody));
        await Call("POST /api/companies", HttpStatusCode.BadRequest, admin.Post("/api/companies", new { }));
        await Call("GET /api/companies/{id}", HttpStatusCode.BadRequest, admin.Get("/api/companies/not-an-id"));
        await Call("GET /api/companies", HttpStatusCode.BadRequest, admin.Get("/api/companies?pageSize=0"));
        await Call("GET /api/companies/{id}", HttpStatusCode.NotFound, admin.Get($"/api/companies/{Guid.NewGuid()}"));
        await Call("POST /api/companies/{id}/reactivate", HttpStatusCode.Conflict, admin.Post($"/api/companies/{company}/reactivate", new { signedOn = Ago(1) }));
        await Call("PUT /api/companies/{id}", HttpStatusCode.PreconditionFailed, admin.Put($"/api/companies/{company}", companyBody, "\"999\""));
        await Call("PUT /api/companies/{id}", HttpStatusCode.PreconditionRequired, admin.Put($"/api/companies/{company}", companyBody));
        await Call("POST /api/companies", HttpStatusCode.RequestEntityTooLarge, admin.Http.PostAsync("/api/companies", new StringContent(new string(' ', 1_100_000), Encoding.UTF8, "application/json")));
        await Call("POST /api/companies", HttpStatusCode.UnsupportedMediaType, admin.Http.PostAsync("/api/companies", new StringContent("name=x", Encoding.UTF8, "text/plain")));
        var templateTag = (await admin.Get($"/api/templates/{template}")).Headers.ETag!.Tag;
        await Call("PUT /api/templates/{name}", HttpStatusCode.UnprocessableEntity, admin.Put($"/api/templates/{template}", new { content = "{{ if }}" }, templateTag));
        await Call("GET /api/insights/rep-load", HttpStatusCode.NotFound, admin.Get("/api/insights/rep-load?format=xml"));

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>
    /// What the document declares for each operation and status, checked against a real response. Bodies are
    /// validated as JSON Schema 2020-12 (what OpenAPI 3.1 schemas are) with formats enforced, and strictly: an
    /// object may carry only the properties its schema names, except problem details, which take extension members.
    /// </summary>
    private sealed class DeclaredResponses(JsonObject document)
    {
        private readonly Dictionary<string, JsonObject> operations = Operations(document).ToDictionary(o => o.Key, o => o.Operation);
        private readonly JsonObject definitions = StrictDefinitions(document);

        public IEnumerable<string> Check(string operation, HttpResponseMessage response, byte[] body)
        {
            var status = ((int)response.StatusCode).ToString();
            if (operations[operation]["responses"]![status] is not JsonObject declared)
            {
                yield return "this status is not declared";
                yield break;
            }
            var headers = declared["headers"]?.AsObject() ?? [];
            if (headers.ContainsKey("ETag") != response.Headers.ETag is not null)
                yield return $"ETag {(response.Headers.ETag is null ? "declared but not sent" : "sent but not declared")}";
            if (status == "201" && (response.Headers.Location is null || !headers.ContainsKey("Location")))
                yield return "201 without a Location header, or one the document does not declare";

            var content = declared["content"]?.AsObject();
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (content is null || content.Count == 0)
            {
                if (body.Length > 0) yield return $"a {mediaType} body where the document declares none";
                yield break;
            }
            if (mediaType is null || content[mediaType] is not JsonObject media)
            {
                yield return $"{mediaType} is not one of the declared {string.Join(", ", content.Select(c => c.Key))}";
                yield break;
            }
            var instance = mediaType.EndsWith("json", StringComparison.Ordinal) ? JsonDocument.Parse(body).RootElement
                : mediaType == "application/pdf" ? JsonSerializer.SerializeToElement(body.AsSpan(0, 5).ToArray() is [0x25, 0x50, 0x44, 0x46, _] ? "pdf" : "not a PDF")
                : JsonSerializer.SerializeToElement(Encoding.UTF8.GetString(body));
            if (mediaType == "application/pdf" && instance.GetString() != "pdf") yield return "the body is not a PDF";
            foreach (var error in Validate(media["schema"]!, instance)) yield return error;
        }

        private IEnumerable<string> Validate(JsonNode schema, JsonElement instance)
        {
            var root = new JsonObject
            {
                ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                ["$defs"] = definitions.DeepClone(),
                ["allOf"] = new JsonArray(Strict(schema.DeepClone(), strict: true)),
            };
            var text = root.ToJsonString().Replace("\"#/components/schemas/", "\"#/$defs/", StringComparison.Ordinal);
            var evaluation = JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() })
                .Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
            if (evaluation.IsValid) yield break;
            foreach (var detail in evaluation.Details?.Where(d => d.Errors is { Count: > 0 }) ?? [])
                foreach (var (keyword, message) in detail.Errors!)
                    yield return $"{detail.InstanceLocation} ({detail.EvaluationPath} {keyword}): {message}";
        }

        private static JsonObject StrictDefinitions(JsonObject document)
        {
            var definitions = new JsonObject();
            foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject())
                definitions[name] = Strict(schema!.DeepClone(), strict: !name.EndsWith("ProblemDetails", StringComparison.Ordinal));
            return definitions;
        }

        /// <summary>Every object schema that lists its properties and says nothing of others allows no others.</summary>
        private static JsonNode Strict(JsonNode node, bool strict)
        {
            switch (node)
            {
                case JsonObject schema:
                    foreach (var child in schema.Select(p => p.Value).OfType<JsonNode>().ToList()) Strict(child, strict);
                    if (strict && schema.ContainsKey("properties") && !schema.ContainsKey("additionalProperties") && !schema.ContainsKey("unevaluatedProperties"))
                        schema["unevaluatedProperties"] = false;
                    break;
                case JsonArray items:
                    foreach (var item in items.OfType<JsonNode>()) Strict(item, strict);
                    break;
            }
            return node;
        }
    }
}
