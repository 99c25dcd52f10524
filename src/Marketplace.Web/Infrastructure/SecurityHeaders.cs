using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Marketplace.Web.Infrastructure;

/// <summary>
/// The browser-facing defences every response carries: no framing, no content sniffing, no referrer leaving
/// the site, and only the app's own scripts and styles. A response that set its own policy (a rendered
/// document is sandboxed further, and may be framed by the app's own pages) keeps it.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public const string Policy = "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public Task Invoke(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            if (!headers.ContainsKey("Content-Security-Policy")) headers.ContentSecurityPolicy = Policy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            if (!headers.ContainsKey("X-Frame-Options")) headers.XFrameOptions = "DENY";
            return Task.CompletedTask;
        });
        return next(context);
    }
}

/// <summary>
/// Behind a TLS-terminating proxy the original scheme and client address come from X-Forwarded-* headers,
/// honoured only from the proxies named in <c>ForwardedHeaders:KnownProxies</c> (addresses) and
/// <c>ForwardedHeaders:KnownNetworks</c> (CIDR); with none named, no forwarded header is believed.
/// </summary>
public static class ForwardedHeadersSetup
{
    /// <summary>Only with a proxy named: the middleware with empty lists would believe any caller.</summary>
    public static bool Enabled(IConfiguration config) =>
        (config.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>()?.Length ?? 0) > 0
        || (config.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>()?.Length ?? 0) > 0;

    public static void Configure(ForwardedHeadersOptions options, IConfiguration config)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // The older list still holds the loopback default until it is removed.
        options.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
        foreach (var proxy in config.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
            options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address) ? address
                : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies holds '{proxy}', which is not an IP address."));
        foreach (var network in config.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [])
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed) ? parsed
                : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks holds '{network}', which is not a CIDR network."));
        options.ForwardLimit = config.GetValue<int?>("ForwardedHeaders:ForwardLimit") ?? 1;
    }
}
