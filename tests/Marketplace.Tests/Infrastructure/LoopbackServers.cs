using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Marketplace.Tests.Infrastructure;

public static class FreePort
{
    /// <summary>A loopback port nobody listens on now (the OS picks it), for a server a test starts (or leaves down).</summary>
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>A real SMTP server in process on 127.0.0.1 (the SmtpServer package): what the app's MailKit client sends arrives here.</summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private Task? running;

    public SmtpSink(int? port = null) => Port = port ?? FreePort.Next();

    public int Port { get; }
    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    public SmtpSink Start()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(Messages));
        running = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
        return this;
    }

    /// <summary>The app's settings for this server: plain SMTP on loopback, no TLS, no login.</summary>
    public IEnumerable<(string Key, string Value)> Settings() =>
    [
        ("Notifications:Smtp:Host", "127.0.0.1"), ("Notifications:Smtp:Port", Port.ToString()),
        ("Notifications:Smtp:From", "cs-digest@example.jp"), ("Notifications:Smtp:UseTls", "false"),
    ];

    public async Task<IReadOnlyList<MimeMessage>> WaitFor(int count, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (Messages.Count < count && DateTime.UtcNow < until) await Task.Delay(50);
        return [.. Messages];
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (running is not null) try { await running; } catch (OperationCanceledException) { }
        stop.Dispose();
    }

    private sealed class Store(ConcurrentQueue<MimeMessage> messages) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}

/// <summary>
/// An HTTP listener on 127.0.0.1 standing in for Slack's incoming webhooks: it keeps each POSTed JSON body by path,
/// and answers 500 to a path with "fail" in it.
/// </summary>
public sealed class SlackSink : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;

    public SlackSink()
    {
        Port = FreePort.Next();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(Serve);
    }

    public int Port { get; }
    public ConcurrentQueue<(string Path, JsonNode Body)> Posts { get; } = new();
    public string Url(string path) => $"http://127.0.0.1:{Port}/{path.TrimStart('/')}";

    private async Task Serve()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception) when (!listener.IsListening) { return; }
            catch (HttpListenerException) { return; }
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var path = context.Request.Url!.AbsolutePath;
            if (path.Contains("fail", StringComparison.Ordinal)) context.Response.StatusCode = 500;
            else Posts.Enqueue((path, JsonNode.Parse(body)!));
            context.Response.Close();
        }
    }

    public async Task<IReadOnlyList<(string Path, JsonNode Body)>> WaitFor(int count, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (Posts.Count < count && DateTime.UtcNow < until) await Task.Delay(50);
        return [.. Posts];
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        try { loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
