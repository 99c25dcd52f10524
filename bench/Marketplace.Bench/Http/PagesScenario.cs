using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Marketplace.Bench.Report;
using Marketplace.Bench.Server;
using Marketplace.Core.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Bench.Http;

/// <summary>
/// Pages: every page of the web UI rendered server-side on the demo dataset, signed in with a cookie like a browser,
/// one request at a time; the median per page against 100 ms.
/// </summary>
public static partial class PagesScenario
{
    private const double TargetMs = 100;

    public static async Task<BenchSection> Run(SuiteOptions options)
    {
        var database = HttpBench.TempFile("pages", ".db");
        try
        {
            return await Run(options, database);
        }
        finally
        {
            HttpBench.DeleteDatabase(database);
        }
    }

    private sealed record Page(string Case, string Path, HttpClient Client);

    private static async Task<BenchSection> Run(SuiteOptions options, string database)
    {
        var rounds = options.Smoke ? 3 : 50;
        var warmups = options.Smoke ? 1 : 5;

        await using var server = await BenchServer.StartAsync(database);
        var seeding = Stopwatch.StartNew();
        DemoSeeder.Summary summary;
        await using (var scope = server.Services.CreateAsyncScope())
            summary = await new DemoSeeder(scope.ServiceProvider).Run();
        seeding.Stop();
        var cs = summary.Keys.First(k => k.Team.Equals("cs", StringComparison.OrdinalIgnoreCase));
        var cc = summary.Keys.First(k => k.Team.Equals("cc", StringComparison.OrdinalIgnoreCase));

        // The heaviest page of each kind: the active company with the most engagements, the worker with the longest
        // status history, the engagement with the most follow-ups.
        var company = HttpBench.Query<Guid>(server, """
            SELECT e.company_id FROM engagements e JOIN companies c ON c.id = e.company_id
            WHERE c.status = 'active' GROUP BY e.company_id ORDER BY COUNT(*) DESC, e.company_id LIMIT 1
            """)[0];
        var worker = HttpBench.Query<Guid>(server,
            "SELECT worker_id FROM worker_status_history GROUP BY worker_id ORDER BY COUNT(*) DESC, worker_id LIMIT 1")[0];
        var engagement = HttpBench.Query<Guid>(server, """
            SELECT f.engagement_id FROM follow_ups f JOIN kickoffs k ON k.engagement_id = f.engagement_id
            GROUP BY f.engagement_id ORDER BY COUNT(*) DESC, f.engagement_id LIMIT 1
            """)[0];

        using var anonymous = Client(server.BaseUrl);
        using var csClient = Client(server.BaseUrl);
        using var ccClient = Client(server.BaseUrl);
        await SignIn(csClient, cs.Email, cs.Password);
        await SignIn(ccClient, cc.Email, cc.Password);

        var pages = new List<Page>
        {
            new("/ — CS home", "/", csClient),
            new("/companies", "/companies", csClient),
            new("/companies/{id}", $"/companies/{company}", csClient),
            new("/companies/{id}/churn", $"/companies/{company}/churn", csClient),
            new("/companies/{id}/documents/onboarding-guide", $"/companies/{company}/documents/onboarding-guide", csClient),
            new("/companies/{id}/documents/usage-deck", $"/companies/{company}/documents/usage-deck", csClient),
            new("/engagements/new?companyId=", $"/engagements/new?companyId={company}", csClient),
            new("/engagements/{id}", $"/engagements/{engagement}", csClient),
            new("/engagements/{id}/kickoff-checklist", $"/engagements/{engagement}/kickoff-checklist", csClient),
            new("/dashboard", "/dashboard", csClient),
            new("/ — concierge home", "/", ccClient),
            new("/workers", "/workers", ccClient),
            new("/workers/{id}", $"/workers/{worker}", ccClient),
            new("/account/sign-in (anonymous)", "/account/sign-in", anonymous),
        };
        var floor = new Page("/health", "/health", anonymous);

        var failures = new List<string>();
        var timings = pages.Append(floor).ToDictionary(p => p, _ => new List<double>());
        var sizes = new Dictionary<Page, long>();
        for (var round = -warmups; round < rounds; round++)
        {
            // Round-robin over the pages, as a team moving between them would, rather than one page many times in a row.
            foreach (var page in timings.Keys)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await page.Client.GetAsync(page.Path);
                var body = await response.Content.ReadAsByteArrayAsync();
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    if (failures.Count < 20)
                        failures.Add($"GET {page.Path} → {(int)response.StatusCode} {response.Headers.Location}");
                    continue;
                }
                sizes[page] = body.Length;
                if (round >= 0) timings[page].Add(ms);
            }
        }
        if (failures.Count > 0 && options.Smoke)
            throw new InvalidOperationException("Pages: requests failed. " + string.Join(" | ", failures));

        var floorSorted = timings[floor].Order().ToList();
        var floorMedian = HttpBench.Percentile(floorSorted, 50);
        var rows = new List<BenchRow>();
        foreach (var page in pages)
        {
            var sorted = timings[page].Order().ToList();
            var failed = rounds - sorted.Count;
            if (sorted.Count == 0)
            {
                rows.Add(new BenchRow(page.Case, "failed", Fmt.Ms(floorMedian), "", $"median < {TargetMs:0} ms", Verdict.Missed, $"FAILED: every request of {page.Path}"));
                continue;
            }
            var median = HttpBench.Percentile(sorted, 50);
            var p95 = HttpBench.Percentile(sorted, 95);
            rows.Add(new BenchRow(page.Case, Fmt.Ms(median), Fmt.Ms(floorMedian), Fmt.Ratio(median / floorMedian), $"median < {TargetMs:0} ms",
                failed == 0 && median < TargetMs ? Verdict.Met : Verdict.Missed,
                $"p95 {Fmt.Ms(p95)}, {Fmt.Bytes(sizes.GetValueOrDefault(page))}" + (failed == 0 ? "" : $"; FAILED: {failed} of {rounds} requests")));
        }

        var notes = new List<string>
        {
            $"Demo dataset ({summary.Companies} companies, {summary.Workers} workers, {summary.Engagements} engagements, seeded through the use cases in {seeding.Elapsed.TotalSeconds:0.0} s) " +
            $"in a fresh SQLite file; {rounds} requests per page after {warmups} warm-up rounds, one request at a time, round-robin over the pages, timed by the client (request sent to last byte read).",
            $"Signed in through the sign-in form (antiforgery token and cookie) as a CS member ({cs.Email}) for the CS pages and as a concierge ({cc.Email}) for the home and worker pages. " +
            "Where a page shows one record it is the heaviest of the dataset: the active company with the most engagements, the worker with the longest status history, the engagement with the most follow-ups.",
            $"Baseline: the median of GET /health measured in the same rounds (anonymous; the same middleware and one database round trip), the floor of any request; the ratio says how many of those a page costs. p95 of /health: {Fmt.Ms(HttpBench.Percentile(floorSorted, 95))}.",
        };
        if (failures.Count > 0) notes.Add("Failures: " + string.Join(" | ", failures.Take(5)));
        return new BenchSection("Pages",
            "Server-side rendering time of every page of the web UI on the demo dataset, median and p95 per page over sequential requests with a browser's sign-in cookie; " +
            "the baseline is the median of GET /health (same pipeline, one database round trip) measured alongside.",
            rows, notes);
    }

    internal static HttpClient Client(string baseUrl) =>
        new(new LocalhostCookies { InnerHandler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false } })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = TimeSpan.FromSeconds(60),
        };

    /// <summary>
    /// Keeps cookies as a browser does for http://localhost, where Secure cookies are sent over plain HTTP too
    /// (.NET's cookie container would drop the app's Secure sign-in cookie on the loopback server).
    /// </summary>
    private sealed class LocalhostCookies : DelegatingHandler
    {
        private readonly Dictionary<string, string> cookies = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
            var response = await base.SendAsync(request, ct);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
                foreach (var pair in set.Select(c => c.Split(';')[0]))
                    if (pair.IndexOf('=') is var at and > 0) cookies[pair[..at]] = pair[(at + 1)..];
            return response;
        }
    }

    /// <summary>Signs in as a browser does: the form's antiforgery token and cookie, then the posted form; the auth cookie stays in the client.</summary>
    internal static async Task SignIn(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync("/account/sign-in");
        var token = AntiforgeryInput().Match(form);
        if (!token.Success) throw new InvalidOperationException("The sign-in form has no antiforgery token.");
        using var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["ReturnUrl"] = "",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Success ? token.Groups[1].Value : token.Groups[2].Value),
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Signing in as {email} answered {(int)response.StatusCode}, not a redirect.");
    }

    [GeneratedRegex("""<input[^>]*name="__RequestVerificationToken"[^>]*value="([^"]+)"|<input[^>]*value="([^"]+)"[^>]*name="__RequestVerificationToken""")]
    private static partial Regex AntiforgeryInput();
}
