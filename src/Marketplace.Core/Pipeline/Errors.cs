namespace Marketplace.Core.Pipeline;

/// <summary>
/// Failures a use case can report. The web layer maps each to one problem-details status, in one place;
/// field-level input errors use FluentValidation's ValidationException (400).
/// </summary>
public abstract class DomainException(string message, IReadOnlyDictionary<string, object?>? details = null) : Exception(message)
{
    public IReadOnlyDictionary<string, object?> Details { get; } = details ?? new Dictionary<string, object?>();
}

/// <summary>404: the resource named in the route does not exist.</summary>
public sealed class NotFoundException(string entity, object id)
    : DomainException($"{entity} '{id}' was not found.")
{
    public string Entity { get; } = entity;
}

/// <summary>
/// 409: the request conflicts with the current state (invalid transition, duplicate, concurrent change). The code
/// names the conflict for clients and for the pages, which explain it in the reader's language.
/// </summary>
public sealed class ConflictException(string message, IReadOnlyDictionary<string, object?>? details = null, string? code = null)
    : DomainException(message, details)
{
    public string? Code { get; } = code;

    /// <summary>Someone else changed the record between this request's read and its write.</summary>
    public static ConflictException Stale(string message) => new(message, code: ConflictCodes.Stale);
}

public static class ConflictCodes
{
    public const string Stale = "stale";
    public const string EmailTaken = "email_taken";
    public const string StatusMove = "status_move";
    public const string AlreadyChurned = "already_churned";
    public const string NotChurned = "not_churned";
    public const string ActiveEngagements = "active_engagements";
    public const string CompanyChurned = "company_churned";
    public const string NotProposable = "not_proposable";
    /// <summary>A churned company's record is history until it signs again (再契約).</summary>
    public const string CompanyReadOnly = "company_read_only";
    /// <summary>A task completed twice, or reopened while open.</summary>
    public const string TaskState = "task_state";
    public const string EngagementStatus = "engagement_status";
    public const string CompanyNotActive = "company_not_active";
    public const string ReasonCodeTaken = "reason_code_taken";
    public const string NoKickoff = "no_kickoff";
    public const string NotEnded = "not_ended";
    public const string FollowUpNotHeld = "follow_up_not_held";
}

/// <summary>422: well-formed but against a business rule (e.g. the first kickoff without CS).</summary>
public sealed class BusinessRuleException(string rule, string message, IReadOnlyDictionary<string, object?>? details = null)
    : DomainException(message, details)
{
    public string Rule { get; } = rule;
}

/// <summary>403: the caller is signed in but the record is not theirs to read or change (another member's preferences).</summary>
public sealed class ForbiddenException(string message) : DomainException(message);

/// <summary>412: the If-Match version is stale.</summary>
public sealed class PreconditionFailedException(string message) : DomainException(message);

/// <summary>428: an update that must name the version it was based on did not.</summary>
public sealed class PreconditionRequiredException(string message) : DomainException(message);

/// <summary>The version a caller last saw, from If-Match; null when none was sent.</summary>
public static class Versions
{
    public static string ETag(long version) => $"\"{version}\"";

    /// <summary>Parses an If-Match value such as "3" or W/"3"; "*" means any version.</summary>
    public static bool TryParseIfMatch(string? header, out long? version)
    {
        version = null;
        if (string.IsNullOrWhiteSpace(header)) return true;
        var value = header.Trim();
        if (value == "*") return true;
        if (value.StartsWith("W/", StringComparison.Ordinal)) value = value[2..];
        value = value.Trim('"');
        if (long.TryParse(value, out var v)) { version = v; return true; }
        return false;
    }

    /// <summary>For an update that must name the version it was based on: 428 without If-Match, 412 when stale.</summary>
    public static void CheckRequired(long? expected, long actual, string entity)
    {
        if (expected is null)
            throw new PreconditionRequiredException($"Send If-Match with the ETag of the {entity} you edited, so a concurrent edit is not overwritten.");
        Check(expected, actual, entity);
    }

    public static void Check(long? expected, long actual, string entity)
    {
        if (expected is { } e && e != actual)
            throw new PreconditionFailedException($"The {entity} was changed by someone else (your version {e}, current {actual}). Reload it and apply your change again.");
    }
}

/// <summary>503: a dependency the request needs (e.g. Chromium for PDF output) is not available here.</summary>
public sealed class ServiceUnavailableException(string message) : DomainException(message);
