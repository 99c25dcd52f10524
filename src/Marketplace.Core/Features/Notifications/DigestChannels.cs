namespace Marketplace.Core.Features.Notifications;

/// <summary>Settings of the digest outbox (<c>Notifications:*</c>).</summary>
public sealed record NotificationOptions
{
    /// <summary>The app's address as members open it, for the links in a digest.</summary>
    public string BaseUrl { get; init; } = "http://localhost:5000";

    /// <summary>Tries before a digest is given up as failed; the waits between them double from a minute.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>How long an instance holds a digest it claimed before another may take it over (it crashed mid-send).</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(5);
}

public sealed record DigestRecipient(Guid MemberId, string Name, string Email, string? SlackWebhookUrl, string Language);

/// <summary>One digest written out for every channel: a subject, plain text and HTML for email, mrkdwn for Slack.</summary>
public sealed record DigestMessage(string Subject, string Text, string Html, string Slack);

/// <summary>A way a digest reaches a member (email, Slack). A channel without its settings is not available.</summary>
public interface IDigestChannel
{
    string Name { get; }
    bool Available { get; }
    Task Send(DigestRecipient to, DigestMessage message, CancellationToken ct);
}

/// <summary>Writes a member's digest in their language (the web app, which holds the product's words).</summary>
public interface IDigestWriter
{
    DigestMessage Write(DigestContent content, string language);
}
