using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Marketplace.Tests.Infrastructure;

/// <summary>An HTTP client with an API key, speaking the API's JSON.</summary>
public sealed class ApiClient
{
    public ApiClient(HttpClient http, string? key)
    {
        Http = http;
        if (key is not null) Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    }

    public HttpClient Http { get; }

    public Task<HttpResponseMessage> Get(string url) => Http.GetAsync(url);
    public Task<HttpResponseMessage> Post(string url, object? body = null) => Http.PostAsync(url, Json(body ?? new { }));
    public Task<HttpResponseMessage> Put(string url, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = Json(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return Http.SendAsync(request);
    }
    public Task<HttpResponseMessage> Delete(string url) => Http.DeleteAsync(url);

    /// <summary>Sends text as it is, for malformed JSON.</summary>
    public Task<HttpResponseMessage> PostRaw(string url, string body) =>
        Http.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));

    public static StringContent Json(object body) =>
        new(body as string ?? JsonSerializer.Serialize(body, Options), Encoding.UTF8, "application/json");

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public async Task<JsonNode> GetOk(string url) => await Expect(await Get(url), HttpStatusCode.OK);
    public async Task<JsonNode> PostCreated(string url, object body) => await Expect(await Post(url, body), HttpStatusCode.Created);
    public async Task<JsonNode> PostOk(string url, object body) => await Expect(await Post(url, body), HttpStatusCode.OK);

    public static async Task<JsonNode> Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text.Length == 0 ? "{}" : text)!;
    }

    /// <summary>Asserts a problem-details answer with this status and returns it.</summary>
    public static async Task<JsonNode> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        var problem = await Expect(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        return problem;
    }

    /// <summary>Asserts a 400 whose errors name this field, and returns that field's messages.</summary>
    public static async Task<string> FieldError(HttpResponseMessage response, string field)
    {
        var problem = await Problem(response, HttpStatusCode.BadRequest);
        var errors = problem["errors"]?.AsObject();
        Assert.True(errors is not null && errors.ContainsKey(field), $"Expected an error for '{field}' in {problem.ToJsonString()}");
        return string.Join(" | ", errors![field]!.AsArray().Select(m => m!.GetValue<string>()));
    }
}
