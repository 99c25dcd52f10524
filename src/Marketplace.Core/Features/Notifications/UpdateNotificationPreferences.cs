using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Notifications;

/// <summary>A member (or an admin for them) chooses how the daily digest reaches them: email, Slack, at what time, in which language.</summary>
public static class UpdateNotificationPreferences
{
    public sealed record Command : ICommand<NotificationPreferencesDto>
    {
        [JsonIgnore] public Guid MemberId { get; init; }
        [JsonIgnore] public long? ExpectedVersion { get; init; }
        public bool? Email { get; init; }
        public string? SlackWebhookUrl { get; init; }
        public string? DigestTime { get; init; }
        /// <summary>ja or en; the language the member reads now when left out.</summary>
        public string? Language { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Email).NotNull().WithMessageKey(ValidationMessages.Required);
            RuleFor(c => c.DigestTime).NotEmpty().WithMessageKey(ValidationMessages.Required)
                .Must(Preferences.IsClockTime).WithMessageKey(ValidationMessages.ClockTime);
            RuleFor(c => c.SlackWebhookUrl).MaximumLength(500).Must(Preferences.IsWebhookUrl).WithMessageKey(ValidationMessages.WebhookUrl);
            RuleFor(c => c.Language).OneOf(Preferences.Languages);
        }
    }

    public static class Sql
    {
        public const string Insert = """
            INSERT INTO notification_preferences (member_id, email, slack_webhook_url, digest_time, language, updated_at, version)
            VALUES (@memberId, @email, @slackWebhookUrl, @digestTime, @language, @at, 1)
            """;
        public const string Update = """
            UPDATE notification_preferences SET email = @email, slack_webhook_url = @slackWebhookUrl, digest_time = @digestTime,
                   language = @language, updated_at = @at, version = version + 1
            WHERE member_id = @memberId AND version = @version
            """;
    }

    public sealed class Handler(Db db, Audit audit, IActorAccessor actor, IClock clock) : IRequestHandler<Command, NotificationPreferencesDto>
    {
        public async Task<NotificationPreferencesDto> Handle(Command c, CancellationToken ct)
        {
            Preferences.CheckAccess(actor.Current, c.MemberId);
            var before = await Preferences.Read(db, c.MemberId, ct);
            Versions.CheckRequired(c.ExpectedVersion, before.Version, "notification preferences");
            var args = new
            {
                memberId = c.MemberId, email = c.Email!.Value, slackWebhookUrl = string.IsNullOrWhiteSpace(c.SlackWebhookUrl) ? null : c.SlackWebhookUrl.Trim(),
                digestTime = c.DigestTime, language = c.Language ?? before.Language, at = clock.UtcNow, version = before.Version,
            };
            if (before.Version == 0) await db.ExecuteAsync(Sql.Insert, args, ct);
            else if (await db.ExecuteAsync(Sql.Update, args, ct) == 0) Versions.Check(c.ExpectedVersion, before.Version + 1, "notification preferences");
            // The webhook URL is a secret of sorts (anyone holding it can post): the audit says whether there is one, never what.
            await audit.Write("update", "notification_preferences", c.MemberId,
                $"email {(args.email ? "on" : "off")}, slack {(args.slackWebhookUrl is null ? "off" : "on")}, at {args.digestTime}, {args.language}", ct);
            return await Preferences.Read(db, c.MemberId, ct);
        }
    }
}
