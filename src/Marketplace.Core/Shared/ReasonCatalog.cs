using System.Text.RegularExpressions;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;

namespace Marketplace.Core.Shared;

/// <summary>
/// The churn reason catalog, as the domain type the churn rules work on. It is data (churn_reasons), seeded by the
/// migrations and edited by admins (Features.Churn). A churn's negative flag is derived from it (Facts.DerivedFacts).
/// </summary>
public static class ReasonCatalog
{
    /// <summary>Bounds of the reason codes a churn sends, checked before the catalog is read (a code is as long as its column allows).</summary>
    public const int MaxReasons = 20;
    public const int MaxCodeLength = 40;

    public static class Sql
    {
        private const string Select = "SELECT code, label_ja, label_en, negative, applies_to, retired_at, version FROM churn_reasons";
        public const string All = Select + " ORDER BY sort_order, code";
        public const string ByCode = Select + " WHERE code = @code";
    }

    /// <summary>A catalog row as stored: the reason, when it was retired, and its version (the ETag of an edit).</summary>
    public sealed record Entry
    {
        public string Code { get; init; } = "";
        public string LabelJa { get; init; } = "";
        public string LabelEn { get; init; } = "";
        public bool Negative { get; init; }
        public string AppliesTo { get; init; } = "";
        public DateTime? RetiredAt { get; init; }
        public long Version { get; init; }

        public ChurnReason Reason => new(Code, LabelJa, LabelEn, Negative, Wire.Parse<ReasonScope>(AppliesTo), RetiredAt is not null);
    }

    public static Task<IReadOnlyList<Entry>> Entries(Db db, CancellationToken ct) => db.QueryAsync<Entry>(Sql.All, ct: ct);

    /// <summary>One reason of the catalog; a 404 when no reason has the code.</summary>
    public static async Task<Entry> Find(Db db, string code, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<Entry>(Sql.ByCode, new { code }, ct) ?? throw new NotFoundException("churn reason", code);

    /// <summary>An edit whose version check passed but whose update found the row changed: someone saved in between.</summary>
    public static PreconditionFailedException ChangedMeanwhile() =>
        new("The churn reason was changed by someone else meanwhile. Reload it and apply your change again.");

    public static async Task<IReadOnlyList<ChurnReason>> Load(Db db, CancellationToken ct) =>
        (await Entries(db, ct)).Select(e => e.Reason).ToList();

    public static async Task<IReadOnlyDictionary<string, ChurnReason>> LoadByCode(Db db, CancellationToken ct) =>
        (await Load(db, ct)).ToDictionary(r => r.Code, StringComparer.Ordinal);

    /// <summary>
    /// A problem in the request's language: the API's English names the code as sent, the Japanese the reason's
    /// label (a code the catalog does not have, by itself).
    /// </summary>
    internal static string Text(ReasonProblem problem) =>
        ValidationMessages.Text(problem.Kind switch
        {
            ReasonProblemKind.Unknown => ValidationMessages.UnknownReason,
            ReasonProblemKind.NotForEngagements => ValidationMessages.ReasonNotForEngagements,
            ReasonProblemKind.NotForCompanies => ValidationMessages.ReasonNotForCompanies,
            _ => ValidationMessages.RetiredReason,
        }, "reasons", ("Code", problem.Code),
            ("Label", problem.Reason?.LabelJa ?? problem.Code));
}

/// <summary>
/// The catalog as a command's transaction read it, read once however many churns the command checks (an import checks
/// one per ended row). It is read again in the next transaction, after a rollback to a savepoint, and after the
/// transaction itself wrote the catalog; a read outside a transaction is never kept, as nothing holds the catalog still
/// between statements then.
/// </summary>
public sealed class ReasonCatalogCache(Db db)
{
    private static readonly Regex CatalogWrite = new(@"^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM|MERGE)\s+churn_reasons\b",
        RegexOptions.Compiled | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private IReadOnlyList<ChurnReason>? all;
    private IReadOnlyDictionary<string, ChurnReason>? byCode;
    private long generation;
    private int seen;

    /// <summary>Every reason, in the catalog's order.</summary>
    public async Task<IReadOnlyList<ChurnReason>> All(CancellationToken ct)
    {
        if (!db.InTransaction) return await ReasonCatalog.Load(db, ct);
        if (all is null || generation != db.Generation || WroteCatalogSince())
        {
            all = await ReasonCatalog.Load(db, ct);
            byCode = all.ToDictionary(r => r.Code, StringComparer.Ordinal);
            generation = db.Generation;
        }
        seen = db.Written.Count;
        return all;
    }

    public async Task<IReadOnlyDictionary<string, ChurnReason>> ByCode(CancellationToken ct)
    {
        var reasons = await All(ct);
        return db.InTransaction ? byCode! : reasons.ToDictionary(r => r.Code, StringComparer.Ordinal);
    }

    /// <summary>
    /// Checks a churn's reasons against the catalog; any problem is a 400 on the field "reasons". A correction passes the
    /// reasons the record had as <paramref name="kept"/>, so a reason retired since may stay on it.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, ChurnReason>> Check(ChurnKind kind, IReadOnlyCollection<string> codes, CancellationToken ct,
        IReadOnlyCollection<string>? kept = null)
    {
        var catalog = await ByCode(ct);
        var problems = ChurnClassification.Problems(kind, codes, catalog, kept).ToList();
        if (problems.Count > 0) throw Invalid.Field("reasons", string.Join(" ", problems.Select(ReasonCatalog.Text)));
        return catalog;
    }

    private bool WroteCatalogSince()
    {
        var written = db.Written;
        for (var i = seen; i < written.Count; i++)
            if (CatalogWrite.IsMatch(written[i])) return true;
        return false;
    }
}
