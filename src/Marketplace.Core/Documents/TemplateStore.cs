using Marketplace.Core.Data;
using Marketplace.Core.Pipeline;
using Scriban;

namespace Marketplace.Core.Documents;

/// <summary>What a template name says about it: documents are {document}.{lang}.{format}, partials start with '_'.</summary>
public sealed record TemplateInfo(string Name, string Kind, string? Document, string? Lang, string Format)
{
    public const string DocumentKind = "document";
    public const string PartialKind = "partial";

    public static TemplateInfo Of(string name)
    {
        var format = Path.GetExtension(name).TrimStart('.');
        if (name.StartsWith('_')) return new TemplateInfo(name, PartialKind, null, null, format);
        var parts = name.Split('.');
        return new TemplateInfo(name, DocumentKind, parts[0], parts.Length == 3 ? parts[1] : null, format);
    }

    public static string NameOf(string document, string lang, string format) => $"{document}.{lang}.{format}";
}

public sealed record TemplateSource(string Name, long Version, string Hash, DateTime? UpdatedAt, string? UpdatedBy, long? RestoredFrom)
{
    public bool IsDefault => Version == 0;
}

/// <summary>
/// Current and past versions of every template. Version 0 is the default file shipped with the app; each
/// save or restore appends version n+1 to document_templates, and the highest version renders.
/// </summary>
public sealed class TemplateStore(Db db, TemplateEngine engine)
{
    public static class Sql
    {
        public const string Current = """
            SELECT t.name, t.version, t.content_hash AS hash, t.created_at AS updated_at, t.created_by AS updated_by, t.restored_from
            FROM document_templates t
            WHERE t.version = (SELECT MAX(x.version) FROM document_templates x WHERE x.name = t.name)
            """;
        public const string Content = "SELECT content FROM document_templates WHERE name = @name AND version = @version";
        public const string Versions = """
            SELECT name, version, content_hash AS hash, created_at AS updated_at, created_by AS updated_by, restored_from
            FROM document_templates WHERE name = @name ORDER BY version DESC
            """;
        public const string Insert = """
            INSERT INTO document_templates (name, version, content, content_hash, restored_from, created_at, created_by)
            VALUES (@name, @version, @content, @hash, @restoredFrom, @at, @by)
            """;
    }

    private sealed record Row
    {
        public string Name { get; init; } = "";
        public long Version { get; init; }
        public string Hash { get; init; } = "";
        public DateTime UpdatedAt { get; init; }
        public string UpdatedBy { get; init; } = "";
        public long? RestoredFrom { get; init; }
    }

    private static readonly IReadOnlyDictionary<string, string> DefaultHashes =
        TemplateDefaults.All.ToDictionary(t => t.Key, t => TemplateEngine.Hash(t.Value));

    public static bool Exists(string name) => TemplateDefaults.All.ContainsKey(name);

    public static void EnsureExists(string name)
    {
        if (!Exists(name)) throw new NotFoundException("template", name);
    }

    private static TemplateSource Default(string name) => new(name, 0, DefaultHashes[name], null, null, null);

    private static TemplateSource Source(Row r) => new(r.Name, r.Version, r.Hash, r.UpdatedAt, r.UpdatedBy, r.RestoredFrom);

    /// <summary>The version of every template that renders now.</summary>
    public async Task<IReadOnlyDictionary<string, TemplateSource>> Current(CancellationToken ct)
    {
        var edited = (await db.QueryAsync<Row>(Sql.Current, null, ct)).ToDictionary(r => r.Name, Source);
        return TemplateDefaults.All.Keys.Order(StringComparer.Ordinal)
            .ToDictionary(n => n, n => edited.GetValueOrDefault(n) ?? Default(n), StringComparer.Ordinal);
    }

    public async Task<TemplateSource> Current(string name, CancellationToken ct) => (await Current(ct))[name];

    /// <summary>Every version of a template, newest first, ending with the shipped default (version 0).</summary>
    public async Task<IReadOnlyList<TemplateSource>> Versions(string name, CancellationToken ct)
    {
        EnsureExists(name);
        var rows = await db.QueryAsync<Row>(Sql.Versions, new { name }, ct);
        return [.. rows.Select(Source), Default(name)];
    }

    public async Task<string> Content(string name, long version, CancellationToken ct)
    {
        EnsureExists(name);
        if (version == 0) return TemplateDefaults.All[name];
        return await db.QuerySingleOrDefaultAsync<string>(Sql.Content, new { name, version }, ct)
            ?? throw new NotFoundException($"version of template {name}", version);
    }

    public Task Append(string name, long version, string content, long? restoredFrom, string by, DateTime at, CancellationToken ct) =>
        db.ExecuteAsync(Sql.Insert, new { name, version, content, hash = TemplateEngine.Hash(content), restoredFrom, at, by }, ct);

    /// <summary>
    /// Every current template compiled (from the cache unless its content changed since), optionally with one
    /// name replaced by a candidate content that is compiled but not cached (validation and previews).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, Template>> Compiled(CancellationToken ct, string? candidateName = null, string? candidateContent = null)
    {
        var result = new Dictionary<string, Template>(StringComparer.Ordinal);
        foreach (var (name, source) in await Current(ct))
        {
            if (name == candidateName && candidateContent is not null)
                result[name] = engine.Compile(name, candidateContent, cache: false);
            else if (engine.TryGetCompiled(name, source.Hash, out var hit))
                result[name] = hit;
            else
                result[name] = engine.Compile(name, await Content(name, source.Version, ct));
        }
        return result;
    }
}
