using Marketplace.Core.Features.Notifications;

namespace Marketplace.Tests.Domain;

/// <summary>The server posts digests only to Slack's webhook host (or this machine, where tests listen), and only encrypted off it.</summary>
public class WebhookUrlTests
{
    [Theory]
    [InlineData("https://hooks.slack.com/services/T0/B0/abc", true)]
    [InlineData("https://HOOKS.SLACK.COM/services/T0/B0/abc", true)]
    [InlineData("https://127.0.0.1:9/services/x", true)]
    [InlineData("http://127.0.0.1:9/services/x", true)]
    [InlineData("http://hooks.slack.com/services/x", false)]
    [InlineData("https://hooks.slack.com.evil.example/services/x", false)]
    [InlineData("https://169.254.169.254/latest/meta-data", false)]
    [InlineData("https://intranet.example.jp/hook", false)]
    [InlineData(null, true)]
    public void Only_slacks_webhook_host_or_loopback_is_taken(string? url, bool taken) =>
        Assert.Equal(taken, Preferences.IsWebhookUrl(url));
}
