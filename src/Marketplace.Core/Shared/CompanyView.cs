using System.Text.Json.Serialization;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using Marketplace.Core.Facts;

namespace Marketplace.Core.Shared;

public sealed record AssessmentDto(Rank Rank, Stage Stage, DateOnly? AssessedOn);

public sealed record CompanyDto
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public string Industry { get; init; } = "";
    public int EmployeeCount { get; init; }
    public TouchTierLevel TouchTier { get; init; }
    public long MonthlyFee { get; init; }
    public Guid CsOwnerId { get; init; }
    public string CsOwnerName { get; init; } = "";
    public DateOnly SignedOn { get; init; }
    public IReadOnlyList<Purpose> Purposes { get; init; } = [];
    public CompanyStatus Status { get; init; }
    public Stage Stage { get; init; }
    /// <summary>The day <see cref="Stage"/> is computed for: today, or the asOf asked for.</summary>
    public DateOnly StageAsOf { get; init; }
    public AssessmentDto? Assessment { get; init; }
    public int ActiveEngagements { get; init; }
    public int TotalEngagements { get; init; }
    [JsonIgnore] public long Version { get; init; }
}

/// <summary>
/// Reads companies with what the resource shows beside the stored columns: purposes, engagement counts,
/// touch tier and the computed stage. Used by get, list and every command that answers with a company.
/// </summary>
public sealed class CompanyView(Db db, StageRules stageRules, TouchTier touchTier, IClock clock)
{
    /// <summary>
    /// The select list of a company's resource row (its stage facts, <see cref="CompanyStageFacts"/>, and its owner's name),
    /// from companies c joined to members m by <see cref="OwnerJoin"/>: a fragment the statements that read whole companies share.
    /// </summary>
    public const string Columns = $"""
        {CompanyStageFacts.Columns}, c.name, c.industry, c.employee_count, c.monthly_fee, c.cs_owner_id,
               m.name AS cs_owner_name, c.status, c.assessment_rank, c.assessment_stage, c.assessed_on, c.version
        """;

    public const string OwnerJoin = "JOIN members m ON m.id = c.cs_owner_id";

    /// <summary>
    /// The company's purposes as one comma-separated column, for a statement that reads companies with their purposes in
    /// one go (<see cref="Read"/>). STRING_AGG is both dialects' (SQL Server 2017, SQLite 3.44); the order is set in C#.
    /// </summary>
    public const string PurposesColumn = "(SELECT STRING_AGG(cp.purpose, ',') FROM company_purposes cp WHERE cp.company_id = c.id) AS purposes";

    public static class Sql
    {
        /// <summary>One row per company with the stage facts kept on it.</summary>
        public const string ByIds = $"SELECT {Columns} FROM companies c {OwnerJoin} WHERE c.id IN @ids";
        public const string Purposes = "SELECT company_id, purpose FROM company_purposes WHERE company_id IN @ids";
    }

    private record Row : CompanyStageFacts.Row
    {
        public string Name { get; init; } = "";
        public string Industry { get; init; } = "";
        public int EmployeeCount { get; init; }
        public long MonthlyFee { get; init; }
        public Guid CsOwnerId { get; init; }
        public string CsOwnerName { get; init; } = "";
        public CompanyStatus Status { get; init; }
        public Rank? AssessmentRank { get; init; }
        public Stage? AssessmentStage { get; init; }
        public DateOnly? AssessedOn { get; init; }
        public long Version { get; init; }
    }

    private sealed record RowWithPurposes : Row
    {
        public string? Purposes { get; init; }
    }

    private sealed record PurposeRow(Guid CompanyId, string Purpose);

    // Keeps each IN list well under SQL Server's 2,100 parameter limit.
    private const int Chunk = 500;

    // Every set of purposes as the resource lists it (in the enum's order), made once: a company's purposes are found
    // by the words it has instead of sorted into a new list for each company.
    private static readonly string[] PurposeWords = Enum.GetValues<Purpose>().Select(p => Wire.Name(p)).ToArray();
    private static readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> PurposeIndex = PurposeWords
        .Select((word, i) => (word, i)).ToDictionary(x => x.word, x => x.i, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly IReadOnlyList<Purpose>[] PurposeSets = Enumerable.Range(0, 1 << PurposeWords.Length)
        .Select(set => (IReadOnlyList<Purpose>)Array.AsReadOnly(Enum.GetValues<Purpose>().Where((_, i) => (set & (1 << i)) != 0).ToArray()))
        .ToArray();

    private static int PurposeBit(ReadOnlySpan<char> word) =>
        PurposeIndex.TryGetValue(word, out var i) ? 1 << i : 1 << (int)Wire.Parse<Purpose>(word.ToString());

    private static IReadOnlyList<Purpose> PurposesOf(IEnumerable<string> words)
    {
        var set = 0;
        foreach (var word in words) set |= PurposeBit(word);
        return PurposeSets[set];
    }

    /// <summary>The purposes of a <see cref="PurposesColumn"/>: words separated by commas, or null for none.</summary>
    private static IReadOnlyList<Purpose> PurposesOf(string? joined)
    {
        if (joined is null) return PurposeSets[0];
        var set = 0;
        var words = joined.AsSpan();
        foreach (var range in words.Split(',')) set |= PurposeBit(words[range]);
        return PurposeSets[set];
    }

    public async Task<CompanyDto> Get(Guid id, CancellationToken ct) =>
        (await LoadChunk([id], ct)).SingleOrDefault() ?? throw new NotFoundException("company", id);

    /// <summary>The companies with these ids, in the order given; ids that name nothing are left out.</summary>
    public async Task<IReadOnlyList<CompanyDto>> Load(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        var result = new List<CompanyDto>(ids.Count);
        foreach (var chunk in ids.Chunk(Chunk))
            result.AddRange(await LoadChunk(chunk, ct));
        var order = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        return result.OrderBy(c => order[c.Id]).ToList();
    }

    private async Task<IEnumerable<CompanyDto>> LoadChunk(Guid[] ids, CancellationToken ct)
    {
        var args = new { ids = db.Dialect.IdList(ids) };
        var rows = await db.QueryAsync<Row>(Sql.ByIds, args, ct);
        if (rows.Count == 0) return [];
        var purposes = (await db.QueryAsync<PurposeRow>(Sql.Purposes, args, ct)).ToLookup(p => p.CompanyId, p => p.Purpose);
        var today = clock.Today;
        return rows.Select(r => Dto(r, PurposesOf(purposes[r.Id]), today));
    }

    /// <summary>
    /// The companies one statement reads, in its order: a statement that selects <see cref="Columns"/> and
    /// <see cref="PurposesColumn"/>, so a page of companies is one statement instead of the rows and then their purposes.
    /// </summary>
    public async Task<IReadOnlyList<CompanyDto>> Read(string sql, object args, CancellationToken ct)
    {
        var rows = await db.QueryAsync<RowWithPurposes>(sql, args, ct);
        var today = clock.Today;
        var result = new List<CompanyDto>(rows.Count);
        foreach (var r in rows)
            result.Add(Dto(r, PurposesOf(r.Purposes), today));
        return result;
    }

    private CompanyDto Dto(Row r, IReadOnlyList<Purpose> purposes, DateOnly today) => new()
    {
        Id = r.Id,
        Name = r.Name,
        Industry = r.Industry,
        EmployeeCount = r.EmployeeCount,
        TouchTier = touchTier.Of(r.EmployeeCount),
        MonthlyFee = r.MonthlyFee,
        CsOwnerId = r.CsOwnerId,
        CsOwnerName = r.CsOwnerName,
        SignedOn = r.SignedOn,
        Purposes = purposes,
        Status = r.Status,
        Stage = r.StageOn(stageRules, today),
        StageAsOf = today,
        Assessment = r.AssessmentRank is { } rank && r.AssessmentStage is { } stage ? new AssessmentDto(rank, stage, r.AssessedOn) : null,
        ActiveEngagements = r.ActiveEngagements,
        TotalEngagements = r.TotalEngagements,
        Version = r.Version,
    };
}
