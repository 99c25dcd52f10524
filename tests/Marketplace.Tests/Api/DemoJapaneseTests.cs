using System.Net;
using System.Text.RegularExpressions;
using Marketplace.Core.Demo;
using Marketplace.Core.Domain;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Tests.Api;

/// <summary>
/// Every page a team reaches on the demo, read in Japanese: no raw enum word (<c>employee</c>, <c>lost</c>) and no
/// English sentence. The pages are found by following the links of each team's home, as a member would.
/// </summary>
public partial class DemoJapaneseTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private const int PagesPerTeam = 60;

    [GeneratedRegex("<(script|style|textarea|pre|code)[^>]*>.*?</\\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Hidden();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+")]
    private static partial Regex Email();

    [GeneratedRegex("\\b[A-Za-z]{2,}(?:[ ,'’-]+[A-Za-z]{2,}){2,}\\b")]
    private static partial Regex EnglishSentence();

    [GeneratedRegex("href=\"(/[^\"#]*)")]
    private static partial Regex Link();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Id();

    private static readonly string[] EnumWords = typeof(WorkerStatus).Assembly.GetTypes()
        .Where(t => t.IsEnum && t.IsPublic && t.Namespace == typeof(WorkerStatus).Namespace)
        .SelectMany(t => Enum.GetValues(t).Cast<Enum>().Select(Wire.NameOf))
        .Where(w => w.Length > 1).Distinct().ToArray();

    private static string VisibleText(string html) =>
        WebUtility.HtmlDecode(Email().Replace(Tag().Replace(Hidden().Replace(html, " "), " "), " "));

    [Fact]
    public async Task No_demo_page_shows_a_raw_enum_word_or_an_English_sentence_in_Japanese()
    {
        DemoSeeder.Summary summary;
        await using (var scope = app.Services.CreateAsyncScope())
            summary = await new DemoSeeder(scope.ServiceProvider).Run();
        var findings = new List<string>();
        var visited = 0;
        foreach (var team in new[] { "cs", "cc", "sales", "admin" })
        {
            var member = summary.Keys.First(k => k.Team == team);
            var browser = app.CreateClient();
            await SignInTests.SignIn(browser, member.Email, member.Password);
            var queue = new Queue<string>(["/"]);
            var seen = new HashSet<string>();
            var patterns = new Dictionary<string, int>();
            var pages = 0;
            while (queue.TryDequeue(out var path) && pages < PagesPerTeam)
            {
                // Two pages of each shape (a company, an engagement…) are enough; documents and CSV are not pages.
                var shape = Id().Replace(path.Split('?')[0], "{id}");
                if (!seen.Add(path) || patterns.GetValueOrDefault(shape) >= 2 || path.Contains("/documents/") || path.Contains("kickoff-checklist")
                    || path.StartsWith("/lang/") || path.StartsWith("/dashboard/csv") || path.StartsWith("/api/") || path.StartsWith("/account/")) continue;
                patterns[shape] = patterns.GetValueOrDefault(shape) + 1;
                var response = await browser.GetAsync(path);
                if (response.Content.Headers.ContentType?.MediaType != "text/html") continue;
                pages++;
                var html = await response.Content.ReadAsStringAsync();
                var text = VisibleText(html);
                foreach (var word in EnumWords)
                    if (Regex.IsMatch(text, $"(?<![A-Za-z_]){Regex.Escape(word)}(?![A-Za-z_])"))
                        findings.Add($"{team} {shape}: raw word '{word}'");
                // Abbreviations such as "+4d" read as code to a Japanese reader.
                foreach (Match abbreviation in Regex.Matches(text, "[+-][0-9]+[dhm]\\b"))
                    findings.Add($"{team} {shape}: abbreviation '{abbreviation.Value}'");
                foreach (Match sentence in EnglishSentence().Matches(text))
                    findings.Add($"{team} {shape}: English '{sentence.Value}'");
                foreach (Match link in Link().Matches(html)) queue.Enqueue(WebUtility.HtmlDecode(link.Groups[1].Value));
            }
            visited += pages;
        }
        Assert.True(visited > 40, $"Only {visited} pages were read.");
        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings.Distinct()));
    }
}
