using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;

namespace Marketplace.Core.Shared;

/// <summary>
/// The churn reason catalog, as the domain type the churn rules work on. It is data (churn_reasons), seeded by the
/// migrations; no route edits it yet. A churn's negative flag is derived from it (Facts.DerivedFacts).
/// </summary>
public static class ReasonCatalog
{
    /// <summary>Bounds of the reason codes a churn sends, checked before the catalog is read (a code is as long as its column allows).</summary>
    public const int MaxReasons = 20;
    public const int MaxCodeLength = 40;

    public static class Sql
    {
        public const string All = """
            SELECT code, label_ja, label_en, negative, applies_to FROM churn_reasons ORDER BY sort_order, code
            """;
    }

    private sealed record Row
    {
        public string Code { get; init; } = "";
        public string LabelJa { get; init; } = "";
        public string LabelEn { get; init; } = "";
        public bool Negative { get; init; }
        public string AppliesTo { get; init; } = "";
    }

    public static async Task<IReadOnlyList<ChurnReason>> Load(Db db, CancellationToken ct) =>
        (await db.QueryAsync<Row>(Sql.All, ct: ct))
            .Select(r => new ChurnReason(r.Code, r.LabelJa, r.LabelEn, r.Negative, Wire.Parse<ReasonScope>(r.AppliesTo)))
            .ToList();

    public static async Task<IReadOnlyDictionary<string, ChurnReason>> LoadByCode(Db db, CancellationToken ct) =>
        (await Load(db, ct)).ToDictionary(r => r.Code, StringComparer.Ordinal);

    /// <summary>Checks a churn's reasons against the catalog; any problem is a 400 on the field "reasons".</summary>
    public static async Task<IReadOnlyDictionary<string, ChurnReason>> Check(Db db, ChurnKind kind, IReadOnlyCollection<string> codes, CancellationToken ct)
    {
        var catalog = await LoadByCode(db, ct);
        var problems = ChurnClassification.Problems(kind, codes, catalog).ToList();
        if (problems.Count > 0) throw Invalid.Field("reasons", string.Join(" ", problems));
        return catalog;
    }
}
