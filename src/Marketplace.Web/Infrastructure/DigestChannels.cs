using System.Net.Http.Json;
using Marketplace.Core.Features.Notifications;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Marketplace.Web.Infrastructure;

/// <summary>The mail server digests go out through (<c>Notifications:Smtp:*</c>); without a host there is no email channel.</summary>
public sealed record SmtpOptions
{
    public string? Host { get; init; }
    public int Port { get; init; } = 587;
    public string? From { get; init; }
    public string? UserName { get; init; }
    public string? Password { get; init; }
    /// <summary>STARTTLS (or TLS from the start on port 465); off only for a relay on the same machine or network.</summary>
    public bool UseTls { get; init; } = true;
}

/// <summary>Digests by email through MailKit: plain text with an HTML alternative, one connection per message.</summary>
public sealed class SmtpDigestChannel(SmtpOptions smtp) : IDigestChannel
{
    public string Name => "email";
    public bool Available => !string.IsNullOrWhiteSpace(smtp.Host);

    public async Task Send(DigestRecipient to, DigestMessage message, CancellationToken ct)
    {
        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(string.IsNullOrWhiteSpace(smtp.From) ? "marketplace-cs@localhost" : smtp.From));
        mail.To.Add(new MailboxAddress(to.Name, to.Email));
        mail.Subject = message.Subject;
        mail.Body = new BodyBuilder { TextBody = message.Text, HtmlBody = message.Html }.ToMessageBody();
        using var client = new SmtpClient { Timeout = 30_000 };
        var security = !smtp.UseTls ? SecureSocketOptions.None : smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
        await client.ConnectAsync(smtp.Host, smtp.Port, security, ct);
        if (!string.IsNullOrEmpty(smtp.UserName)) await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
        await client.SendAsync(mail, ct);
        await client.DisconnectAsync(true, ct);
    }
}

/// <summary>Digests to a member's Slack incoming webhook: a POST of <c>{"text": …}</c> in Slack's mrkdwn.</summary>
public sealed class SlackDigestChannel(IHttpClientFactory clients) : IDigestChannel
{
    public const string Client = "slack";
    public string Name => "slack";
    public bool Available => true;

    public async Task Send(DigestRecipient to, DigestMessage message, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(to.SlackWebhookUrl)) throw new InvalidOperationException("The member has no Slack webhook URL.");
        using var response = await clients.CreateClient(Client).PostAsJsonAsync(to.SlackWebhookUrl, new { text = message.Slack }, ct);
        // The body can echo the request; the status is enough to say why a try failed.
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"Slack answered {(int)response.StatusCode} {response.ReasonPhrase}.");
    }
}
