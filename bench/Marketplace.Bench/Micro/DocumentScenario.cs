using BenchmarkDotNet.Attributes;
using Marketplace.Bench.Report;
using Marketplace.Core.Data;
using Marketplace.Core.Documents;
using Marketplace.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace Marketplace.Bench.Micro;

/// <summary>
/// How many documents one core renders once the templates are compiled and the model is built: the product's
/// sandboxed, escaping engine against bare Scriban running the same templates on the same model.
/// </summary>
public static class DocumentScenario
{
    public const string Checklist = "kickoff-checklist.ja.html";
    public const string Deck = "usage-deck.ja.html";
    private const double TargetPerSecond = 2_000;
    private const double DeckTargetPerSecond = 200;
    private const double PptxTargetPerSecond = 20;

    /// <summary>An engagement with a kickoff, and a company whose deck lists a typical number of open engagements.</summary>
    private static class Sql
    {
        public const string Engagement = """
            SELECT e.id FROM engagements e JOIN kickoffs k ON k.engagement_id = e.id
            WHERE e.status = 'active' ORDER BY e.id LIMIT 1
            """;
        public const string Company = """
            SELECT company_id FROM engagements WHERE status IN ('proposed', 'contracted', 'active')
            GROUP BY company_id HAVING COUNT(*) BETWEEN 3 AND 5 ORDER BY company_id LIMIT 1
            """;
    }

    public static async Task<BenchSection> Run(SuiteOptions options)
    {
        const int size = 2_000;
        var fixture = await Prepare(Datasets.Ensure(options, size));
        DocumentBenchmarks.Prepared = fixture;
        IReadOnlyDictionary<string, MicroBench.Result> results;
        try { results = MicroBench.Run<DocumentBenchmarks>(options); }
        finally { DocumentBenchmarks.Prepared = null; }

        var checklist = results[nameof(DocumentBenchmarks.Checklist)];
        var checklistBare = results[nameof(DocumentBenchmarks.ChecklistBare)];
        var deck = results[nameof(DocumentBenchmarks.Deck)];
        var deckBare = results[nameof(DocumentBenchmarks.DeckBare)];
        var pptx = results[nameof(DocumentBenchmarks.DeckPptx)];
        static double PerSecond(MicroBench.Result r) => 1e9 / r.Nanoseconds;
        static double MsPerThousand(MicroBench.Result r) => r.Nanoseconds * 1_000 / 1e6;

        var rows = new List<BenchRow>
        {
            new("Kickoff checklist (HTML, ja), rendered per second on one core", Fmt.PerSecond(PerSecond(checklist)), Fmt.PerSecond(PerSecond(checklistBare)),
                Fmt.Ratio(PerSecond(checklist) / PerSecond(checklistBare)), "≥ 2,000/s", PerSecond(checklist) >= TargetPerSecond ? Verdict.Met : Verdict.Missed),
            new("1,000 kickoff checklists", Fmt.Ms(MsPerThousand(checklist)), Fmt.Ms(MsPerThousand(checklistBare)),
                Fmt.Ratio(checklist.Nanoseconds / checklistBare.Nanoseconds), "", Verdict.None, "the measurement above, as a time"),
            new("Usage deck (HTML, ja), rendered per second on one core", Fmt.PerSecond(PerSecond(deck)), Fmt.PerSecond(PerSecond(deckBare)),
                Fmt.Ratio(PerSecond(deck) / PerSecond(deckBare)), "≥ 200/s", PerSecond(deck) >= DeckTargetPerSecond ? Verdict.Met : Verdict.Missed,
                $"{fixture.DeckEngagements} open engagements, {fixture.DeckSlides} slides"),
            new("Usage deck (PPTX, ja), made per second on one core", Fmt.PerSecond(PerSecond(pptx)), Fmt.PerSecond(PerSecond(deck)),
                Fmt.Ratio(PerSecond(pptx) / PerSecond(deck)), "≥ 20/s", PerSecond(pptx) >= PptxTargetPerSecond ? Verdict.Met : Verdict.Missed,
                "against the HTML deck alone: the PPTX is that HTML read into slides (AngleSharp) and written with the Open XML SDK"),
        };
        var notes = new List<string>
        {
            $"Checklist: {Fmt.Ns(checklist.Nanoseconds)} and {Fmt.Bytes(checklist.Bytes)} allocated per render "
                + $"(bare Scriban {Fmt.Ns(checklistBare.Nanoseconds)} and {Fmt.Bytes(checklistBare.Bytes)}), {Fmt.Number(fixture.ChecklistChars)} characters out.",
            $"Deck: {Fmt.Ns(deck.Nanoseconds)} and {Fmt.Bytes(deck.Bytes)} allocated per render "
                + $"(bare Scriban {Fmt.Ns(deckBare.Nanoseconds)} and {Fmt.Bytes(deckBare.Bytes)}), {Fmt.Number(fixture.DeckChars)} characters out.",
            $"PPTX: {Fmt.Ns(pptx.Nanoseconds)} and {Fmt.Bytes(pptx.Bytes)} allocated per deck, {Fmt.Number(fixture.PptxBytes)} bytes out.",
            $"Models built once by DocumentModel from the {SuiteOptions.SizeLabel(size)} dataset (an active engagement with its kickoff, "
                + "no items ticked, as the generator makes none; a company with a few open engagements); the templates are the shipped defaults, compiled once through TemplateStore.",
        };
        if (options.Smoke) notes.Add("Smoke run: a Stopwatch loop of a few hundred renders, not BenchmarkDotNet; the figures mean nothing.");

        return new BenchSection("Documents",
            "Kickoff checklists and usage decks (HTML and PPTX, Japanese) rendered by the product's TemplateEngine (sandbox limits, strict "
            + "variables, escaping of every value) from compiled templates and a ready model, against bare Scriban (Template.Parse once, "
            + "a plain TemplateContext, no limits, no escaping) on the same templates and model; BenchmarkDotNet in process, one thread.",
            rows, notes);
    }

    public sealed record Fixture(TemplateEngine Engine, IReadOnlyDictionary<string, Template> Compiled, ScriptObject ChecklistModel,
        ScriptObject DeckModel, int DeckEngagements, IReadOnlyDictionary<string, Template> Bare, IReadOnlyList<KeyValuePair<string, Template>> BarePartials)
    {
        public int ChecklistChars { get; init; }
        public int DeckChars { get; init; }
        public int DeckSlides { get; init; }
        public int PptxBytes { get; init; }
    }

    /// <summary>The models are built by the product from the database, once; only rendering is measured.</summary>
    private static async Task<Fixture> Prepare(string database)
    {
        var services = new ServiceCollection();
        services.AddMarketplaceCore(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={database}"));
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<Db>();
        var models = sp.GetRequiredService<DocumentModel>();
        var engagementId = await db.QuerySingleOrDefaultAsync<Guid>(Sql.Engagement);
        var companyId = await db.QuerySingleOrDefaultAsync<Guid>(Sql.Company);
        var deckFacts = await models.CompanyFacts(companyId, CancellationToken.None);
        var bare = TemplateDefaults.All.ToDictionary(t => t.Key, t => Template.Parse(t.Value, t.Key), StringComparer.Ordinal);
        var fixture = new Fixture(
            sp.GetRequiredService<TemplateEngine>(),
            await sp.GetRequiredService<TemplateStore>().Compiled(CancellationToken.None),
            models.ForChecklist(DocumentLanguage.Ja, await models.ChecklistFacts(engagementId, CancellationToken.None)),
            models.ForCompany(DocumentModel.UsageDeck, DocumentLanguage.Ja, deckFacts),
            deckFacts.Engagements.Count(e => e.Status is "proposed" or "contracted" or "active"),
            bare,
            bare.Where(t => TemplateInfo.Of(t.Key).Kind == TemplateInfo.PartialKind).ToList());
        return fixture with
        {
            ChecklistChars = DocumentBenchmarks.Render(fixture, Checklist).Length,
            DeckChars = DocumentBenchmarks.Render(fixture, Deck).Length,
            DeckSlides = SlideDeck.FromHtml(DocumentBenchmarks.Render(fixture, Deck)).Slides.Count,
            PptxBytes = DocumentBenchmarks.Pptx(fixture).Length,
        };
    }
}

/// <summary>BenchmarkDotNet creates this class itself; the fixture comes from <see cref="DocumentScenario"/> through <see cref="Prepared"/>.</summary>
public class DocumentBenchmarks
{
    internal static DocumentScenario.Fixture? Prepared { get; set; }

    private DocumentScenario.Fixture fixture = null!;

    [GlobalSetup]
    public void Setup() => fixture = Prepared ?? throw new InvalidOperationException("DocumentScenario prepares the fixture before the run.");

    [Benchmark]
    public string Checklist() => Render(fixture, DocumentScenario.Checklist);

    [Benchmark]
    public string ChecklistBare() => RenderBare(fixture, DocumentScenario.Checklist);

    [Benchmark]
    public string Deck() => Render(fixture, DocumentScenario.Deck);

    [Benchmark]
    public string DeckBare() => RenderBare(fixture, DocumentScenario.Deck);

    [Benchmark]
    public byte[] DeckPptx() => Pptx(fixture);

    /// <summary>The deck as PowerPoint, as DocumentRenderer makes it: the HTML rendered, read into slides, written.</summary>
    internal static byte[] Pptx(DocumentScenario.Fixture f) => PptxWriter.Write(SlideDeck.FromHtml(Render(f, DocumentScenario.Deck)));

    internal static string Render(DocumentScenario.Fixture f, string name) =>
        f.Engine.Render(f.Compiled, name, name == DocumentScenario.Checklist ? f.ChecklistModel : f.DeckModel, CancellationToken.None);

    /// <summary>
    /// Plain Scriban: a default context whose include finds the partials already parsed (as the product's does),
    /// so neither side parses anything while it renders.
    /// </summary>
    private static string RenderBare(DocumentScenario.Fixture f, string name)
    {
        var context = new TemplateContext { TemplateLoader = Partials.Instance };
        foreach (var (partial, template) in f.BarePartials) context.CachedTemplates[partial] = template;
        context.PushGlobal(name == DocumentScenario.Checklist ? f.ChecklistModel : f.DeckModel);
        return f.Bare[name].Render(context);
    }

    private sealed class Partials : ITemplateLoader
    {
        public static readonly Partials Instance = new();
        public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName) => templateName;
        public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath) => TemplateDefaults.All[templatePath];
        public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) => new(Load(context, callerSpan, templatePath));
    }
}
