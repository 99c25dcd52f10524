using System.Text;
using System.Text.Json;
using Marketplace.Core.Domain;
using Scriban.Runtime;

namespace Marketplace.Core.Documents;

public enum DocumentLanguage { Ja, En }

/// <summary>
/// What the documents say, as data (templates/content/{lang}.json, shipped inside this assembly): job types
/// with suitable tasks and examples, the company purposes and why side-job workers solve each, the kickoff
/// agenda, the negative churn reasons with how a kickoff and the first month prevent them, and tips.
/// Checked once at start-up against the domain's words, so a missing job type or checklist key fails fast.
/// </summary>
public sealed class DocumentContent
{
    private readonly Dictionary<DocumentLanguage, JsonDocument> byLanguage = new();

    public DocumentContent()
    {
        foreach (var lang in Enum.GetValues<DocumentLanguage>())
        {
            var name = $"templates/content/{Wire.Name(lang)}.json";
            var text = TemplateDefaults.ReadResource(name) ?? throw new InvalidOperationException($"Content file {name} is missing from the assembly.");
            var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            Check(name, document.RootElement);
            byLanguage[lang] = document;
        }
    }

    public JsonElement Root(DocumentLanguage lang) => byLanguage[lang].RootElement;

    /// <summary>The entry of a list section (purposes, job_types, negative_reasons, kickoff_agenda) with this code or key.</summary>
    public JsonElement Entry(DocumentLanguage lang, string section, string code)
    {
        foreach (var item in Root(lang).GetProperty(section).EnumerateArray())
            if (Code(item) == code) return item;
        throw new InvalidOperationException($"Content has no {section} entry '{code}'.");
    }

    public string Label(DocumentLanguage lang, string section, string code) => Entry(lang, section, code).GetProperty("label").GetString()!;

    public string Word(DocumentLanguage lang, string map, string code) =>
        Root(lang).GetProperty(map).TryGetProperty(code, out var word) ? word.GetString()! : code;

    private static string? Code(JsonElement item) =>
        item.TryGetProperty("code", out var code) ? code.GetString() : item.TryGetProperty("key", out var key) ? key.GetString() : null;

    private static void Check(string file, JsonElement root)
    {
        var problems = new List<string>();
        void Expect(string section, IEnumerable<string> codes)
        {
            var present = root.GetProperty(section).EnumerateArray().Select(Code).ToList();
            var missing = codes.Except(present!).ToList();
            var extra = present.Except(codes).ToList();
            if (missing.Count > 0) problems.Add($"{section} lacks {string.Join(", ", missing)}");
            if (extra.Count > 0) problems.Add($"{section} has unknown {string.Join(", ", extra)}");
        }
        Expect("purposes", Enum.GetValues<Purpose>().Select(p => Wire.Name(p)));
        Expect("job_types", Enum.GetValues<JobType>().Select(j => Wire.Name(j)));
        Expect("kickoff_agenda", KickoffChecklist.Keys);
        Expect("negative_reasons", NegativeReasons);
        foreach (var purpose in root.GetProperty("purposes").EnumerateArray())
            foreach (var job in purpose.GetProperty("recommended_job_types").EnumerateArray())
                if (!Wire.TryParse<JobType>(job.GetString(), out _)) problems.Add($"purpose {Code(purpose)} recommends unknown job type {job}");
        if (problems.Count > 0)
            throw new InvalidOperationException($"{file}: {string.Join("; ", problems)}.");
    }

    /// <summary>The negative churn reasons the documents explain how to prevent (docs/domain.md, the reason catalog).</summary>
    public static readonly IReadOnlyList<string> NegativeReasons =
        ["skill_mismatch", "communication", "progress_invisible", "conditions_misaligned", "low_utilization"];

    /// <summary>A fresh script copy of a JSON value: templates may assign to what they get without touching shared state.</summary>
    public static object? ToScript(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ToScriptObject(element),
        JsonValueKind.Array => new ScriptArray(element.EnumerateArray().Select(ToScript)),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var l) ? l : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    public static ScriptObject ToScriptObject(JsonElement element)
    {
        var result = new ScriptObject();
        foreach (var property in element.EnumerateObject())
            result[property.Name] = ToScript(property.Value);
        return result;
    }
}

/// <summary>The template files shipped with the app (templates/*, embedded): the defaults an admin's edits replace.</summary>
public static class TemplateDefaults
{
    private const string Prefix = "templates/";

    public static readonly IReadOnlyDictionary<string, string> All = Load();

    public static string? ReadResource(string logicalName)
    {
        var assembly = typeof(TemplateDefaults).Assembly;
        var resource = assembly.GetManifestResourceNames().FirstOrDefault(n => n.Replace('\\', '/') == logicalName);
        if (resource is null) return null;
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static Dictionary<string, string> Load()
    {
        var assembly = typeof(TemplateDefaults).Assembly;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var path = resource.Replace('\\', '/');
            if (!path.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            var name = path[Prefix.Length..];
            if (name.Contains('/')) continue; // content/ and anything else in folders is data, not a template
            result[name] = ReadResource(path)!;
        }
        return result;
    }
}
