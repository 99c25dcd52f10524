using System.Text.Json.Serialization;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;

namespace Marketplace.Core.Features.Notifications;

/// <summary>How a member hears of their day. <c>Version</c> is 0 while the member keeps the defaults (no row yet).</summary>
public sealed record NotificationPreferencesDto
{
    public Guid MemberId { get; init; }
    public bool Email { get; init; }
    public string? SlackWebhookUrl { get; init; }
    public string DigestTime { get; init; } = Preferences.DefaultTime;
    public string Language { get; init; } = Preferences.DefaultLanguage;
    [JsonIgnore] public long Version { get; init; }
}

public static class Preferences
{
    public const string DefaultTime = "08:00";
    public const string DefaultLanguage = "ja";
    public static readonly string[] Languages = ["ja", "en"];

    public static class Sql
    {
        public const string Member = "SELECT COUNT(*) FROM members WHERE id = @memberId";
        public const string Select = """
            SELECT member_id, email, slack_webhook_url, digest_time, language, version
            FROM notification_preferences /*rowlock*/ WHERE member_id = @memberId
            """;
    }

    /// <summary>A member's preferences may be read and changed by the member and by admins, nobody else.</summary>
    public static void CheckAccess(Actor actor, Guid memberId)
    {
        if (actor.Team != Team.Admin && actor.MemberId != memberId)
            throw new ForbiddenException("Only the member themself or an admin may see or change a member's notification preferences.");
    }

    public static async Task<NotificationPreferencesDto> Read(Db db, Guid memberId, CancellationToken ct)
    {
        if (await db.ExecuteScalarAsync<int>(Sql.Member, new { memberId }, ct) == 0) throw new NotFoundException("member", memberId);
        return await db.QuerySingleOrDefaultAsync<NotificationPreferencesDto>(Sql.Select, new { memberId }, ct)
            ?? new NotificationPreferencesDto { MemberId = memberId, Email = true, Version = 0 };
    }

    /// <summary>A time of day as HH:mm, 00:00 to 23:59.</summary>
    public static bool IsClockTime(string? value) =>
        value is { Length: 5 } && TimeOnly.TryParseExact(value, "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _);

    /// <summary>Where Slack's incoming webhooks live: the server posts only there, so a member can't aim it at another host.</summary>
    public const string SlackHost = "hooks.slack.com";

    /// <summary>
    /// Slack's incoming webhooks: https on hooks.slack.com. This machine's loopback is taken too (over http as well),
    /// where the tests stand a listener in for Slack; a digest never crosses a network unencrypted or to another host.
    /// </summary>
    public static bool IsWebhookUrl(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return true;
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host)) return false;
        return uri.IsLoopback ? uri.Scheme is "https" or "http"
            : uri.Scheme == Uri.UriSchemeHttps && string.Equals(uri.Host, SlackHost, StringComparison.OrdinalIgnoreCase);
    }
}
