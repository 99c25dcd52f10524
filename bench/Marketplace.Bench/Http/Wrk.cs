using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Marketplace.Bench.Http;

/// <summary>What one wrk run reported.</summary>
public sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Non2xx, long SocketErrors, string Output)
{
    public bool Clean => Non2xx == 0 && SocketErrors == 0 && Requests > 0;
}

/// <summary>
/// Runs Debian's wrk against loopback, bounded in time, threads and connections, and reads its --latency report.
/// </summary>
public static partial class Wrk
{
    public static string? Version()
    {
        try
        {
            var (_, output) = Exec("-v", TimeSpan.FromSeconds(5));
            var m = VersionLine().Match(output);
            return m.Success ? m.Groups[1].Value : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }

    /// <summary>wrk -t threads -c connections -d seconds --latency [-s script] [-H header]... url</summary>
    public static WrkResult Run(string url, TimeSpan duration, int threads = 2, int connections = 16,
        IEnumerable<string>? headers = null, string? script = null)
    {
        var args = new List<string> { "-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{Math.Max(1, (int)Math.Ceiling(duration.TotalSeconds))}s", "--latency", "--timeout", "10s" };
        foreach (var h in headers ?? []) { args.Add("-H"); args.Add(h); }
        if (script is not null) { args.Add("-s"); args.Add(script); }
        args.Add(url);
        var (exit, output) = Exec(args, duration + TimeSpan.FromSeconds(30));
        if (exit != 0) throw new InvalidOperationException($"wrk exited with {exit}: {output}");
        return Parse(output);
    }

    public static WrkResult Parse(string output)
    {
        double Number(Regex r, double otherwise = 0) { var m = r.Match(output); return m.Success ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : otherwise; }
        double Latency(string percentile)
        {
            // wrk prints each latency in the largest unit that keeps it readable: us, ms, s, m (minutes) or h.
            var m = Regex.Match(output, $@"^\s*{percentile}%\s+([\d.]+)(us|ms|s|m|h)\s*$", RegexOptions.Multiline);
            if (!m.Success) return double.NaN;
            var v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return m.Groups[2].Value switch { "us" => v / 1000, "s" => v * 1000, "m" => v * 60_000, "h" => v * 3_600_000, _ => v };
        }
        var socket = SocketErrors().Match(output);
        long socketErrors = socket.Success ? socket.Groups.Cast<Group>().Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture)) : 0;
        return new WrkResult(Number(RequestsPerSec()), Latency("50"), Latency("99"), (long)Number(RequestsTotal()),
            (long)Number(Non2xxLine()), socketErrors, output);
    }

    private static (int Exit, string Output) Exec(IEnumerable<string> args, TimeSpan timeout) => Exec(args.ToArray(), timeout);

    private static (int Exit, string Output) Exec(string arg, TimeSpan timeout) => Exec([arg], timeout);

    private static (int Exit, string Output) Exec(string[] args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("wrk did not finish in time.");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    [GeneratedRegex(@"wrk\s+(\S+)")] private static partial Regex VersionLine();
    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")] private static partial Regex RequestsPerSec();
    [GeneratedRegex(@"(\d+) requests in")] private static partial Regex RequestsTotal();
    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")] private static partial Regex Non2xxLine();
    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")] private static partial Regex SocketErrors();
}
