using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Marketplace.Core.Documents;
using Marketplace.Core.Domain;
using Marketplace.Core.Features;
using Marketplace.Core.Features.Documents;
using Marketplace.Core.Features.Insights;
using Marketplace.Core.Pipeline;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Marketplace.Web.Infrastructure;

/// <summary>
/// The API's OpenAPI document (/openapi/v1.json) as the app really behaves: schema names that do not collide,
/// enum words as the JSON carries them, every status a route can answer with its problem details, the bearer
/// key, and the document and CSV content types. General rules live here; a route's own statuses are its
/// [ProducesResponseType] attributes.
/// </summary>
public static class OpenApiDocumentSetup
{
    private const string BearerScheme = "bearer";
    private const string ProblemSchema = "ProblemDetails";
    private const string ValidationProblemSchema = "ValidationProblemDetails";
    private const string BusinessRuleProblemSchema = "BusinessRuleProblemDetails";
    private const string ProblemJson = "application/problem+json";
    private const string Json = "application/json";

    public static void Configure(OpenApiOptions options)
    {
        options.CreateSchemaReferenceId = SchemaName;
        options.AddSchemaTransformer(WireEnumWords);
        options.AddSchemaTransformer(GetOnlyPropertiesAreReadOnly);
        options.AddOperationTransformer(Operation);
        options.AddDocumentTransformer(Document);
    }

    /// <summary>
    /// The use cases' nested types (CreateCompany.Command, ChurnRisk.Result) are named with their declaring
    /// type, so no two types share a schema: CreateCompanyCommand, PagedOfListDueFollowUpsItem.
    /// </summary>
    private static string? SchemaName(JsonTypeInfo info) =>
        // A nullable enum is inlined as its words and null rather than named NullableOfStage beside Stage.
        OpenApiOptions.CreateDefaultSchemaReferenceId(info) is null || Nullable.GetUnderlyingType(info.Type) is not null ? null : TypeName(info.Type);

    private static string TypeName(Type type)
    {
        var name = type.IsGenericType ? type.Name[..type.Name.IndexOf('`')] : type.Name;
        if (type.IsGenericType && !type.IsGenericTypeDefinition)
            name += "Of" + string.Join("And", type.GetGenericArguments().Select(TypeName));
        return type.DeclaringType is { } outer && !type.IsGenericParameter ? TypeName(outer) + name : name;
    }

    /// <summary>Domain enums travel as their snake_case words (<see cref="WireEnumConverterFactory"/>), never as numbers.</summary>
    private static async Task WireEnumWords(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = context.JsonTypeInfo.Type;
        var enumType = Nullable.GetUnderlyingType(type) ?? type;
        if (IsWireEnum(enumType))
        {
            schema.Type = enumType == type ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
            schema.Enum = [.. Enum.GetValues(enumType).Cast<Enum>().Select(v => (JsonNode)JsonValue.Create(Wire.NameOf(v)))];
            if (enumType != type) schema.Enum.Add(null!);
        }
        // A list of enum words: the exporter leaves its items out, as it cannot see through the custom converter.
        else if (context.JsonTypeInfo is { Kind: JsonTypeInfoKind.Enumerable, ElementType: { } element } && IsWireEnum(element) && schema.Items is null)
            schema.Items = await context.GetOrCreateSchemaAsync(element, null, ct);
    }

    /// <summary>
    /// A computed property (RecordKickoff.Command.AttendeeList) is written but never read from a request body,
    /// which JSON Schema calls readOnly.
    /// </summary>
    private static Task GetOnlyPropertiesAreReadOnly(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonTypeInfo.Kind != JsonTypeInfoKind.Object || schema.Properties is null) return Task.CompletedTask;
        foreach (var property in context.JsonTypeInfo.Properties.Where(p => p.Set is null))
            if (schema.Properties.TryGetValue(property.Name, out var declared) && declared is OpenApiSchema inline)
                inline.ReadOnly = true;
        return Task.CompletedTask;
    }

    private static bool IsWireEnum(Type type) => type.IsEnum && new WireEnumConverterFactory().CanConvert(type);

    private static Task Operation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var api = context.Description;
        var action = (ControllerActionDescriptor)api.ActionDescriptor;
        operation.OperationId = $"{action.ControllerName}_{action.ActionName}";
        operation.Parameters = DocumentedParameters(operation, api);
        DescribeSort(operation, api);
        operation.Responses ??= [];

        var successType = api.SupportedResponseTypes.FirstOrDefault(r => r.StatusCode is >= 200 and < 300)?.Type;
        foreach (var (status, response) in operation.Responses.Where(r => r.Key.StartsWith('2')).Select(r => (r.Key, (OpenApiResponse)r.Value)))
        {
            KeepJsonOnly(response);
            if (status == "201") (response.Headers ??= new Dictionary<string, IOpenApiHeader>())["Location"] = Header("The URL of what was created.");
            if (successType is not null && IsVersioned(successType))
                (response.Headers ??= new Dictionary<string, IOpenApiHeader>())["ETag"] = Header("The version of the resource, for If-Match on the next change.");
        }
        if (action.MethodInfo.GetCustomAttribute<RendersDocumentAttribute>() is { } rendered)
            DocumentResponse(operation, rendered.Formats);
        if (action.FilterDescriptors.Any(f => f.Filter is FormatFilterAttribute) && successType is not null && typeof(ICsvTable).IsAssignableFrom(successType))
            CsvResponse(operation);

        var body = api.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body);
        // A write runs a command in a transaction; a POST whose body is a plain request (a template preview) only reads.
        var isWrite = !HttpMethods.IsGet(api.HttpMethod ?? "GET") && (body is null || IsCommand(body.Type));
        // A command with ExpectedVersion is given the If-Match version by its controller (ApiController.IfMatch).
        var takesIfMatch = body?.Type.GetProperty("ExpectedVersion") is not null;
        // Binding and the validators refuse a body, a query value, a non-text route value or a malformed If-Match.
        if (body is not null || takesIfMatch || api.ParameterDescriptions.Any(p => p.Source == BindingSource.Query || (p.Source == BindingSource.Path && p.Type != typeof(string))))
            Add(operation, 400);
        // Every API route needs a key (the fallback policy too); only the read policy admits every team.
        Add(operation, 401);
        if (action.EndpointMetadata.OfType<IAuthorizeData>().Any(a => a.Policy is not null && a.Policy != Policies.Read)) Add(operation, 403);
        if (api.ParameterDescriptions.Any(p => p.Source == BindingSource.Path)) Add(operation, 404);
        // A write can meet a state that refuses it, or lose a uniqueness race to another request (Problems: constraint → 409).
        if (isWrite) Add(operation, 409);
        if (takesIfMatch) Add(operation, 412);
        if (body is not null) { Add(operation, 413); Add(operation, 415); }
        // A write waits for the database's one writer; when it is busy or cannot write, the answer is 503.
        if (isWrite) Add(operation, 503);
        if (takesIfMatch)
        {
            // The use cases that must not overwrite a concurrent edit answer 428 without If-Match.
            var required = operation.Responses.ContainsKey("428");
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Required = required,
                Description = required
                    ? "The ETag of the version you edited (428 without it, 412 when someone changed it meanwhile)."
                    : "The ETag of the version you edited; when sent, a change made meanwhile answers 412.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
        foreach (var (status, response) in operation.Responses.Where(r => int.Parse(r.Key) >= 400).ToList())
        {
            var code = int.Parse(status);
            // The generator describes a declared status by its reason phrase only; the rules here say more.
            var own = response.Description is { Length: > 0 } d && d != ReasonPhrases.GetReasonPhrase(code) ? d : null;
            operation.Responses[status] = Problem(code, own, context.Document!);
        }
        // A file answer (an import template) has a media type the generator gives no schema: it is a string of bytes.
        foreach (var media in operation.Responses.Values.SelectMany(r => r.Content?.Values ?? []).Where(m => m.Schema is null))
            media.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The file." };
        operation.Responses = Ordered(operation.Responses);
        return Task.CompletedTask;
    }

    private static bool IsCommand(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommand<>));

    /// <summary>Query names as clients write them (camelCase); a get-only property (PagedQuery.Skip) is never bound.</summary>
    private static List<IOpenApiParameter> DocumentedParameters(OpenApiOperation operation, ApiDescription api)
    {
        var readOnly = api.ParameterDescriptions.Where(p => p.Source == BindingSource.Query && p.ModelMetadata is { MetadataKind: ModelMetadataKind.Property, IsReadOnly: true })
            .Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var kept = new List<IOpenApiParameter>();
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (parameter.In == ParameterLocation.Query && readOnly.Contains(parameter.Name!)) continue;
            if (parameter.In == ParameterLocation.Query) parameter.Name = char.ToLowerInvariant(parameter.Name![0]) + parameter.Name[1..];
            kept.Add(parameter);
        }
        return kept;
    }

    /// <summary>A sorted list's ?sort= takes the words of its fixed orders (<see cref="ISortedQuery"/>), and nothing else.</summary>
    private static void DescribeSort(OpenApiOperation operation, ApiDescription api)
    {
        var query = api.ParameterDescriptions.Select(p => p.ModelMetadata?.ContainerType).FirstOrDefault(t => t is not null && typeof(ISortedQuery).IsAssignableFrom(t));
        if (query?.GetProperty(nameof(ISortedQuery.Orders), BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is not SortOrders orders) return;
        foreach (var parameter in operation.Parameters!.OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Query && p.Name == "sort"))
        {
            parameter.Description = $"The order of the items: a key ascending, or the key after '-' descending; {orders.Default} when omitted. Rows with equal values keep one order.";
            parameter.Schema = StringEnum(orders.Words);
        }
    }

    /// <summary>JSON bodies are written as application/json; the formatter list ApiExplorer offers (text/plain, text/json) is not what clients get.</summary>
    private static void KeepJsonOnly(OpenApiResponse response)
    {
        if (response.Content is null || !response.Content.TryGetValue(Json, out var json)) return;
        response.Content = new Dictionary<string, OpenApiMediaType> { [Json] = json };
    }

    /// <summary>A resource whose version travels as its ETag keeps it out of the JSON body.</summary>
    private static bool IsVersioned(Type type) =>
        type.GetProperty("Version") is { } version && version.GetCustomAttribute<JsonIgnoreAttribute>() is not null;

    private static OpenApiHeader Header(string description) =>
        new() { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };

    private static void DocumentResponse(OpenApiOperation operation, IReadOnlyList<string> formats)
    {
        var content = new Dictionary<string, OpenApiMediaType>();
        foreach (var format in formats)
        {
            var mediaType = DocumentRenderer.ContentType(format).Split(';')[0];
            content[mediaType] = new OpenApiMediaType
            {
                Schema = format switch
                {
                    "pdf" => new OpenApiSchema { Type = JsonSchemaType.String, ContentMediaType = mediaType, Description = "The PDF file." },
                    "pptx" => new OpenApiSchema { Type = JsonSchemaType.String, ContentMediaType = mediaType, Description = "The PowerPoint file (16:9, editable text boxes and shapes)." },
                    _ => new OpenApiSchema { Type = JsonSchemaType.String, Description = $"The document as {format} text (UTF-8)." },
                },
            };
        }
        operation.Responses!["200"] = new OpenApiResponse
        {
            Description = "The rendered document: HTML, Markdown and PDF shown inline, PPTX as an attachment; Content-Disposition names the file "
                + "company_document_day.ext, in UTF-8 by RFC 5987 (filename*) with an ASCII fallback (filename).",
            Content = content,
            Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Content-Disposition"] = Header("inline or attachment; filename=\"…\"; filename*=UTF-8''%E6%A0%AA%E5%BC%8F…_2026-12-01.pptx"),
            },
        };
        foreach (var parameter in operation.Parameters!.OfType<OpenApiParameter>())
        {
            if (parameter.Name == "format")
            {
                parameter.Description = $"The document's format; {formats[0]} when omitted.";
                parameter.Schema = StringEnum(formats);
            }
            if (parameter.Name == "lang")
            {
                parameter.Description = $"The document's language; {DocumentRules.DefaultLang} when omitted.";
                parameter.Schema = StringEnum(Enum.GetValues<DocumentLanguage>().Select(l => Wire.Name(l)).ToArray());
            }
            if (parameter.Name == "allJobTypes")
                parameter.Description = "true for a slide of every job type; by default only the job types the company engages or its purposes call for.";
            if (parameter.Name is "from" or "to")
            {
                // The review report's period, both days included; the validator refuses either missing (400 naming it).
                parameter.Description = parameter.Name == "from" ? "The period's first day (yyyy-MM-dd)." : "The period's last day (yyyy-MM-dd), not before from.";
                parameter.Required = true;
            }
        }
    }

    /// <summary>Insights are also CSV with ?format=csv (<see cref="CsvOutputFormatter"/>).</summary>
    private static void CsvResponse(OpenApiOperation operation)
    {
        operation.Parameters!.Add(new OpenApiParameter
        {
            Name = "format",
            In = ParameterLocation.Query,
            Description = "csv for the same rows as CSV (UTF-8 with a byte order mark, a header row); json when omitted.",
            Schema = StringEnum([CsvOutputFormatter.Format, "json"]),
        });
        // [FormatFilter] answers a format it has no formatter for with 404.
        Add(operation, 404, "format is neither json nor csv.");
        var ok = (OpenApiResponse)operation.Responses!["200"];
        ok.Content![CsvOutputFormatter.MediaType] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "CSV: a header row of camelCase column names, then one line per row." },
        };
    }

    private static OpenApiSchema StringEnum(IReadOnlyList<string> words) =>
        new() { Type = JsonSchemaType.String, Enum = [.. words.Select(w => (JsonNode)JsonValue.Create(w))] };

    private static void Add(OpenApiOperation operation, int status, string? description = null) =>
        operation.Responses!.TryAdd(status.ToString(), new OpenApiResponse { Description = description });

    private static OpenApiResponse Problem(int status, string? description, OpenApiDocument document) => new()
    {
        Description = description ?? status switch
        {
            400 => "The request is not valid: errors names each field (bad JSON, ids, dates, enum words, If-Match, or a rule on the value).",
            401 => "No API key, or an unknown or revoked one: send Authorization: Bearer <key>.",
            403 => "The caller's team may not do this.",
            404 => "Nothing has the id or name that the request names.",
            409 => "The change conflicts with the current state (a status that does not allow it, a duplicate) or lost a uniqueness check to a concurrent change.",
            412 => "If-Match names a version someone else has changed meanwhile: reload and apply the change again.",
            413 => "The request body is larger than the configured limit.",
            415 => "The body is not JSON (send Content-Type: application/json).",
            422 => "Well-formed but against a business rule; rule names it.",
            428 => "This change must send If-Match with the ETag of the version it was based on.",
            503 => "The database is busy or cannot take writes, or a dependency (such as Chromium for PDF) is unavailable; try again later.",
            _ => "Error.",
        },
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [ProblemJson] = new()
            {
                Schema = new OpenApiSchemaReference(status switch
                {
                    400 => ValidationProblemSchema,
                    422 => BusinessRuleProblemSchema,
                    _ => ProblemSchema,
                }, document),
            },
        },
    };

    private static OpenApiResponses Ordered(OpenApiResponses responses)
    {
        var ordered = new OpenApiResponses();
        foreach (var (status, response) in responses.OrderBy(r => r.Key, StringComparer.Ordinal)) ordered[status] = response;
        return ordered;
    }

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Churn"] = "Churn records of engagements and companies, and the reasons they are filed under.",
        ["Companies"] = "Client companies: details, assessment, churn and reactivation, satisfaction, expansion leads.",
        ["Documents"] = "Documents rendered from templates, and the templates themselves.",
        ["Engagements"] = "Engagements of workers at companies: proposal, contract, kickoff, follow-ups, end.",
        ["Insights"] = "Churn insights; each also as CSV with ?format=csv.",
        ["Members"] = "Team members, their API keys and passwords, and the audit log.",
        ["Workers"] = "Side-job workers: profiles and status history.",
    };

    private static Task Document(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Marketplace CS API",
            Version = "v1",
            Description = "Customer success for the side-job talent marketplace: companies, workers, engagements, churn and insights. " +
                          "Every route takes an API key as a bearer token; errors are RFC 9457 problem details.",
        };
        // The API is served by the host that serves this document.
        document.Servers = [new OpenApiServer { Url = "/" }];
        document.Tags = new HashSet<OpenApiTag>(TagDescriptions.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A member's API key (issued by an admin with POST /api/members/{id}/api-keys) or the bootstrap admin key: Authorization: Bearer <key>.",
            },
        };
        var schemas = document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        schemas[ProblemSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 9457 problem details; some problems add members such as field or engagementStatus.",
            Required = new HashSet<string> { "title", "status" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI reference naming the kind of problem." },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request path." },
                ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String },
            },
        };
        schemas[ValidationProblemSchema] = new OpenApiSchema
        {
            Description = "A 400: errors lists the messages for each field, named as the client wrote it (camelCase JSON paths, body, If-Match).",
            AllOf = [new OpenApiSchemaReference(ProblemSchema, document)],
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "errors" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            },
        };
        schemas[BusinessRuleProblemSchema] = new OpenApiSchema
        {
            Description = "A 422: rule names the business rule the request would break.",
            AllOf = [new OpenApiSchemaReference(ProblemSchema, document)],
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "rule" },
            Properties = new Dictionary<string, IOpenApiSchema> { ["rule"] = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        document.Components.Schemas = schemas.OrderBy(s => s.Key, StringComparer.Ordinal).ToDictionary(s => s.Key, s => s.Value);

        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations ?? []).Select(o => o.Value))
            (operation.Security ??= []).Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] });
        return Task.CompletedTask;
    }
}

/// <summary>A route that answers with a rendered document: the formats it comes in (?format=), first the default.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RendersDocumentAttribute(params string[] formats) : Attribute
{
    public IReadOnlyList<string> Formats { get; } = formats;
}
