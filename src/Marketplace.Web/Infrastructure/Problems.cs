using System.Text.Json;
using FluentValidation;
using Marketplace.Core.Pipeline;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Data.Sqlite;

namespace Marketplace.Web.Infrastructure;

/// <summary>
/// The one mapping from failures to RFC 9457 problem details. Everything the API answers with an error
/// goes through <see cref="Write"/>, <see cref="FromModelState"/> or the exception handler below.
/// </summary>
public static class Problems
{
    public static Task Write(HttpContext context, int status, string title, string detail, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Instance = context.Request.Path };
        if (extensions is not null)
            foreach (var (k, v) in extensions) problem.Extensions[k] = v;
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).AsTask();
    }

    /// <summary>The title and a fixed detail in the request's language; a detail built from data stays as written.</summary>
    public static void Localize(HttpContext context, ProblemDetails problem)
    {
        var text = context.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<ProblemText>>();
        if (problem.Title is { } title && text[title] is { ResourceNotFound: false } t) problem.Title = t.Value;
        if (problem.Detail is { } detail && text[detail] is { ResourceNotFound: false } d) problem.Detail = d.Value;
    }

    /// <summary>Field names as the client wrote them: camelCase JSON paths, "body" for the body as a whole.</summary>
    public static string FieldName(string key)
    {
        var path = key.StartsWith("$.", StringComparison.Ordinal) ? key[2..] : key.TrimStart('$');
        if (path.Length == 0) return "body";
        return string.Join('.', path.Split('.').Select(p => p.Length > 0 ? char.ToLowerInvariant(p[0]) + p[1..] : p));
    }

    public static ValidationProblemDetails Validation(IDictionary<string, string[]> errors) =>
        new(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid",
            Detail = "See errors for each field.",
        };

    /// <summary>Binding failures (malformed JSON, wrong enum words, bad ids and dates in the route or query).</summary>
    public static IActionResult FromModelState(ActionContext context)
    {
        var errors = new Dictionary<string, List<string>>();
        var hasJsonError = context.ModelState.Keys.Any(k => k.StartsWith('$'));
        foreach (var (key, entry) in context.ModelState)
        {
            if (entry.ValidationState != ModelValidationState.Invalid) continue;
            // MVC adds "the <parameter> field is required" beside the real JSON error; the JSON error says more.
            if (hasJsonError && !key.StartsWith('$')) continue;
            var field = FieldName(key);
            var list = errors.TryGetValue(field, out var l) ? l : errors[field] = [];
            foreach (var error in entry.Errors)
                list.Add(Message(field, error, fromJson: key.StartsWith('$')));
        }
        var problem = Validation(errors.ToDictionary(e => e.Key, e => e.Value.Distinct().ToArray()));
        problem.Instance = context.HttpContext.Request.Path;
        Localize(context.HttpContext, problem);
        return new BadRequestObjectResult(problem) { ContentTypes = { "application/problem+json" } };
    }

    /// <summary>
    /// A binding error in the request's language: MVC's own messages are localized where they are made
    /// (<see cref="BindingMessages"/>); a JSON value of the wrong type is told how the field is written.
    /// </summary>
    private static string Message(string field, ModelError error, bool fromJson)
    {
        var text = error.ErrorMessage is { Length: > 0 } m ? m : error.Exception?.Message ?? ValidationMessages.Text(ValidationMessages.WrongType, field);
        if (text.Contains("could not be converted to", StringComparison.Ordinal))
            return ValidationMessages.Text(
                text.Contains("DateOnly", StringComparison.Ordinal) ? ValidationMessages.NotADate
                : text.Contains("Guid", StringComparison.Ordinal) ? ValidationMessages.NotAnId
                : text.Contains("Int", StringComparison.Ordinal) ? ValidationMessages.NotAWholeNumber
                : text.Contains("Boolean", StringComparison.Ordinal) ? ValidationMessages.NotABoolean
                : ValidationMessages.WrongType, field);
        var cut = text.IndexOf(" Path: ", StringComparison.Ordinal);
        text = cut > 0 ? text[..cut] : text;
        // An enum word the API does not know (its JSON converter names the words).
        const string OneOf = "Must be one of: ";
        if (text.StartsWith(OneOf, StringComparison.Ordinal))
            return ValidationMessages.Text(ValidationMessages.WordOneOf, field, ("Words", text[OneOf.Length..].TrimEnd('.')));
        // The JSON reader's own account of malformed text has no translation: a Japanese reader gets it inside a sentence.
        return fromJson ? ValidationMessages.Text(ValidationMessages.UnreadableJson, field, ("Reason", text)) : text;
    }
}

/// <summary>Turns what a use case throws into its status; anything unexpected is a 500 without internals.</summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, IConfiguration config, ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var problem = For(exception, context.RequestAborted.IsCancellationRequested, config.GetValue("Errors:IncludeExceptionDetail", false));
        if (problem.Status >= 500) log.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        // A browser gets the error page (ErrorController) with this status, the API the problem itself.
        if (BrowserRoutes.Is(context)) return false;
        // A named rule or conflict is explained in Japanese to a client that asks for it, in the pages' words.
        if (System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja")
        {
            if (exception is DomainException refusal && Refusals.For(refusal) is { } explained)
                problem.Detail = explained.In(context.RequestServices.GetRequiredService<UiText>());
            else if (exception is NotFoundException missing)
                problem.Detail = context.RequestServices.GetRequiredService<UiText>()[Refusals.NotFound(missing)];
        }
        problem.Instance = context.Request.Path;
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>The status a failure answers with, for the error page of a browser route.</summary>
    public static int StatusOf(Exception exception) => For(exception, clientGone: false, includeDetail: false).Status!.Value;

    private static ProblemDetails For(Exception exception, bool clientGone, bool includeDetail) =>
        exception switch
        {
            ValidationException v => Problems.Validation(v.Errors
                .GroupBy(e => Problems.FieldName(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray())),
            NotFoundException e => new ProblemDetails { Status = 404, Title = "Not found", Detail = e.Message },
            ForbiddenException e => new ProblemDetails { Status = 403, Title = "Forbidden", Detail = e.Message },
            NotSignedInException e => new ProblemDetails { Status = 401, Title = "Authentication required", Detail = e.Message },
            ConflictException e => With(Coded(new ProblemDetails { Status = 409, Title = "Conflict", Detail = e.Message }, e.Code), e.Details),
            BusinessRuleException e => With(new ProblemDetails { Status = 422, Title = "Business rule", Detail = e.Message, Extensions = { ["rule"] = e.Rule } }, e.Details),
            PreconditionFailedException e => new ProblemDetails { Status = 412, Title = "Precondition failed", Detail = e.Message },
            PreconditionRequiredException e => new ProblemDetails { Status = 428, Title = "Precondition required", Detail = e.Message },
            ServiceUnavailableException e => new ProblemDetails { Status = 503, Title = "Service unavailable", Detail = e.Message },
            BadHttpRequestException e => new ProblemDetails
            {
                Status = e.StatusCode,
                Title = e.StatusCode == 413 ? "Request body too large" : "Bad request",
                Detail = e.StatusCode == 413 ? "The request body is larger than this API accepts." : e.Message,
            },
            // A uniqueness or reference check lost a race with another request: the data is intact.
            SqliteException { SqliteErrorCode: 19 } or Microsoft.Data.SqlClient.SqlException { Number: 2601 or 2627 or 547 } =>
                new ProblemDetails { Status = 409, Title = "Conflict", Detail = "The change conflicts with data stored meanwhile. Reload and try again." },
            SqliteException { SqliteErrorCode: 5 or 6 } =>
                new ProblemDetails { Status = 503, Title = "Busy", Detail = "The database is busy. Try again in a moment." },
            _ when Marketplace.Core.Data.StorageFault.Is(exception) => new ProblemDetails
            {
                Status = 503,
                Title = "Storage unavailable",
                Detail = "The database cannot store changes right now (its disk is read-only or full). Nothing was saved; try again once storage is restored.",
            },
            OperationCanceledException when clientGone =>
                new ProblemDetails { Status = 499, Title = "Client closed request" },
            _ => new ProblemDetails
            {
                Status = 500,
                Title = "Unexpected error",
                // Exception text can hold paths and data; it reaches a response only when an operator asks for it.
                Detail = includeDetail ? exception.ToString() : "Something went wrong on our side. It has been logged.",
            },
        };

    private static readonly HashSet<string> Reserved = ["type", "title", "status", "detail", "instance", "errors", "traceId", "code", "rule"];

    /// <summary>A conflict's code, when it has one, as a stable member clients can branch on.</summary>
    private static ProblemDetails Coded(ProblemDetails problem, string? code)
    {
        if (code is not null) problem.Extensions["code"] = code;
        return problem;
    }

    private static ProblemDetails With(ProblemDetails problem, IReadOnlyDictionary<string, object?> details)
    {
        foreach (var (k, v) in details)
        {
            // An extension named like a standard member would write that JSON key twice.
            if (Reserved.Contains(k)) throw new InvalidOperationException($"Problem extension '{k}' clashes with a problem-details member.");
            problem.Extensions[k] = v;
        }
        return problem;
    }
}

/// <summary>Refuses a body whose declared length is over the limit before anything reads it.</summary>
public sealed class BodySizeLimit(RequestDelegate next, long maxBytes, long maxImportBytes)
{
    public const long DefaultMaxImportBytes = 20 * 1024 * 1024;
    /// <summary>What a multipart upload adds around its file (boundaries, part headers, the antiforgery field).</summary>
    public const long MultipartOverheadBytes = 64 * 1024;

    /// <summary>The routes that take a team's spreadsheet: they accept files up to Limits:MaxImportBytes.</summary>
    public static bool IsImport(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api/imports") || context.Request.Path.StartsWithSegments("/imports");

    public async Task Invoke(HttpContext context)
    {
        var import = IsImport(context);
        var limit = import ? maxImportBytes + MultipartOverheadBytes : maxBytes;
        // The error page a refused upload re-executes to reads nothing of the body.
        if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null)
        {
            await next(context);
            return;
        }
        if (context.Request.ContentLength > limit && BrowserRoutes.Is(context))
        {
            // A page's upload meets the error page (Views/Shared/Error.cshtml), as every other bare status does.
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }
        if (context.Request.ContentLength > limit)
        {
            await Problems.Write(context, StatusCodes.Status413PayloadTooLarge, "Request body too large",
                import ? $"The file is larger than the {maxImportBytes} bytes an import accepts." : $"The request body is {context.Request.ContentLength} bytes; at most {maxBytes} are accepted.");
            return;
        }
        var feature = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false }) feature.MaxRequestBodySize = limit;
        await next(context);
    }
}

/// <summary>Routes a browser visits (the pages), as opposed to the API, the health check and the OpenAPI document.</summary>
public static class BrowserRoutes
{
    public static bool Is(HttpContext context) =>
        !context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/health")
        && !context.Request.Path.StartsWithSegments("/openapi");
}

public static class JsonSetup
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new Marketplace.Core.Domain.WireEnumConverterFactory());
    }
}
