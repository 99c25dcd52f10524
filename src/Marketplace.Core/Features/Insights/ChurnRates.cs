using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Insights;

/// <summary>
/// Monthly company or engagement churn rates (docs/domain.md, "Churn rates"), overall and split by one attribute.
/// The database sums starts and ends per day (and group); <see cref="ChurnRateBook"/> turns them into months.
/// Company figures run over signed terms (see <see cref="InsightSql.CompanyTerms"/>), engagement figures over
/// engagements that were contracted or ran; the two never mix.
/// </summary>
public static class ChurnRates
{
    public static readonly IReadOnlyDictionary<ChurnKind, string[]> GroupsByKind = new Dictionary<ChurnKind, string[]>
    {
        [ChurnKind.Company] = ["industry", "touchTier", "csOwner"],
        [ChurnKind.Engagement] = ["jobType", "concierge"],
    };

    public sealed record Query : IRequest<Result>
    {
        public string? Kind { get; init; }
        public string? From { get; init; }
        public string? To { get; init; }
        public string? By { get; init; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Kind).ChurnKindWord();
            this.AddPeriodRules(q => q.From, q => q.To, q => q.From, q => q.To);
            RuleFor(q => q.By)
                .MustNaming((q, by) => by is null || !Wire.TryParse<ChurnKind>(q.Kind, out var kind) || GroupsByKind[kind].Contains(by), ValidationMessages.OneOfShown, "Words",
                    (q, _) => string.Join(", ", Wire.TryParse<ChurnKind>(q.Kind, out var k) ? GroupsByKind[k] : GroupsByKind.Values.SelectMany(v => v)));
        }
    }

    public sealed record Group(string Key, string? Label, IReadOnlyList<MonthlyChurn> Months);

    public sealed record CsvRow(string Group, string? Label, string Month, int ActiveAtStart, int Churned, int NegativeChurned, double? Rate, double? NegativeRate,
        bool Partial, int RollingActiveAtStart, int RollingChurned, double? RollingRate);

    public sealed record Result(string Kind, string From, string To, string? By, IReadOnlyList<MonthlyChurn> Months, IReadOnlyList<Group> Groups) : ICsvTable
    {
        Type ICsvTable.RowType => typeof(CsvRow);

        public IEnumerable<object> CsvRows() =>
            Months.Select(m => Row("", null, m))
                .Concat(Groups.SelectMany(g => g.Months.Select(m => Row(g.Key, g.Label, m))));

        private static CsvRow Row(string group, string? label, MonthlyChurn m) =>
            new(group, label, m.Month, m.ActiveAtStart, m.Churned, m.NegativeChurned, m.Rate, m.NegativeRate,
                m.Partial, m.RollingActiveAtStart, m.RollingChurned, m.RollingRate);
    }

    public static class Sql
    {
        // The value a group is keyed on; '' when there is no split. The touch tier is worked out from the employee count
        // with the configured thresholds, so a split groups by three levels rather than by every employee count.
        private const string CompanyKey = $"""
            CASE @by WHEN 'industry' THEN c.industry
                     WHEN 'touchTier' THEN {TouchTier.SqlLevelOfCompany}
                     ELSE '' END
            """;
        // Without a split no company is read: the terms come from the churns' and the companies' own indexes.
        public const string CompanyStarts = """
            SELECT t.day, '' AS group_key, COUNT(*) AS n, 0 AS negative FROM (
              SELECT cc.term_signed_on AS day FROM company_churns cc WHERE cc.term_signed_on < @until
              UNION ALL
              SELECT c.signed_on FROM companies c WHERE c.status = 'active' AND c.signed_on < @until) t
            GROUP BY t.day
            """;
        public const string CompanyEnds = """
            SELECT cc.churned_on AS day, '' AS group_key, COUNT(*) AS n, SUM(cc.negative) AS negative
            FROM company_churns cc WHERE cc.churned_on < @until
            GROUP BY cc.churned_on
            """;

        // A split reads each churned term's company for its group. CROSS JOIN keeps SQLite walking the companies
        // in id order and finding each one's churns in the company-first index, so both are read in key order;
        // left to itself it walks the churns by day and looks up every company at random (about twice as slow
        // at 100,000 companies). For SQL Server a CROSS JOIN with this WHERE is the same inner join.
        public const string CompanyStartsBy = $"""
            SELECT t.day, t.group_key, COUNT(*) AS n, 0 AS negative FROM (
              SELECT cc.term_signed_on AS day, {CompanyKey} AS group_key
              FROM companies c CROSS JOIN company_churns cc
              WHERE cc.company_id = c.id AND cc.term_signed_on < @until
              UNION ALL
              SELECT c.signed_on, {CompanyKey} FROM companies c WHERE c.status = 'active' AND c.signed_on < @until) t
            GROUP BY t.day, t.group_key
            """;
        public const string CompanyEndsBy = $"""
            SELECT t.day, t.group_key, COUNT(*) AS n, SUM(t.negative) AS negative FROM (
              SELECT cc.churned_on AS day, {CompanyKey} AS group_key, cc.negative
              FROM companies c CROSS JOIN company_churns cc
              WHERE cc.company_id = c.id AND cc.churned_on < @until) t
            GROUP BY t.day, t.group_key
            """;

        // Split by CS owner the terms are read summed per owner and month, as DerivedFacts keeps them (Facts/CompanyTermMonths,
        // migration 0023): a month is all a rate needs (ChurnRateBook counts what started and ended before its first day), and
        // the months before the first one shown (@since, the rolling rate's first) are one sum per group, on the day before it.
        public const string CompanyStartsByOwner = """
            SELECT m.month_start AS day, CAST(m.cs_owner_id AS VARCHAR(36)) AS group_key, m.starts AS n, 0 AS negative
            FROM company_owner_month_counts m WHERE m.month_start >= @since AND m.month_start < @until AND m.starts > 0
            UNION ALL
            SELECT @before, CAST(m.cs_owner_id AS VARCHAR(36)), SUM(m.starts), 0 FROM company_owner_month_counts m WHERE m.month_start < @since GROUP BY m.cs_owner_id
            """;
        public const string CompanyEndsByOwner = """
            SELECT m.month_start AS day, CAST(m.cs_owner_id AS VARCHAR(36)) AS group_key, m.ends AS n, m.negative_ends AS negative
            FROM company_owner_month_counts m WHERE m.month_start >= @since AND m.month_start < @until AND m.ends > 0
            UNION ALL
            SELECT @before, CAST(m.cs_owner_id AS VARCHAR(36)), SUM(m.ends), SUM(m.negative_ends) FROM company_owner_month_counts m WHERE m.month_start < @since GROUP BY m.cs_owner_id
            """;

        // Engagements are a million rows: one statement per split, each grouping in the order of its own index
        // (migration 0005), so SQLite streams the index instead of sorting a million rows.
        private const string Started = $"FROM engagements e WHERE e.start_on < @until AND {InsightSql.CountedEngagement}";
        private const string Ended = "FROM engagement_churns ec WHERE ec.ended_on < @until";

        // Without a split the engagements are read summed per day, as DerivedFacts keeps them (Facts/EngagementDayCounts,
        // migration 0019): a row per day instead of every engagement.
        public const string EngagementStarts = """
            SELECT d.day, '' AS group_key, d.starts AS n, 0 AS negative FROM engagement_day_counts d WHERE d.day < @until AND d.starts > 0
            """;
        public const string EngagementStartsByJobType = $"""
            SELECT e.start_on AS day, e.job_type AS group_key, COUNT(*) AS n, 0 AS negative {Started} GROUP BY e.job_type, e.start_on
            """;
        // Split by concierge the engagements are read summed per concierge and month, as DerivedFacts keeps them
        // (migration 0022), the months before @since summed as by CS owner.
        public const string EngagementStartsByConcierge = """
            SELECT m.month_start AS day, CAST(m.concierge_id AS VARCHAR(36)) AS group_key, m.starts AS n, 0 AS negative
            FROM engagement_concierge_month_counts m WHERE m.month_start >= @since AND m.month_start < @until AND m.starts > 0
            UNION ALL
            SELECT @before, CAST(m.concierge_id AS VARCHAR(36)), SUM(m.starts), 0 FROM engagement_concierge_month_counts m WHERE m.month_start < @since GROUP BY m.concierge_id
            """;
        public const string EngagementEnds = """
            SELECT d.day, '' AS group_key, d.ends AS n, d.negative_ends AS negative FROM engagement_day_counts d WHERE d.day < @until AND d.ends > 0
            """;
        public const string EngagementEndsByJobType = $"""
            SELECT ec.ended_on AS day, ec.job_type AS group_key, COUNT(*) AS n, SUM(ec.negative) AS negative {Ended}
            GROUP BY ec.job_type, ec.ended_on
            """;
        public const string EngagementEndsByConcierge = """
            SELECT m.month_start AS day, CAST(m.concierge_id AS VARCHAR(36)) AS group_key, m.ends AS n, m.negative_ends AS negative
            FROM engagement_concierge_month_counts m WHERE m.month_start >= @since AND m.month_start < @until AND m.ends > 0
            UNION ALL
            SELECT @before, CAST(m.concierge_id AS VARCHAR(36)), SUM(m.ends), SUM(m.negative_ends) FROM engagement_concierge_month_counts m WHERE m.month_start < @since GROUP BY m.concierge_id
            """;

        /// <summary>The starts and ends statements of a kind and split.</summary>
        public static (string Starts, string Ends) For(ChurnKind kind, string? by) => (kind, by) switch
        {
            (ChurnKind.Company, null) => (CompanyStarts, CompanyEnds),
            (ChurnKind.Company, "csOwner") => (CompanyStartsByOwner, CompanyEndsByOwner),
            (ChurnKind.Company, _) => (CompanyStartsBy, CompanyEndsBy),
            (_, "jobType") => (EngagementStartsByJobType, EngagementEndsByJobType),
            (_, "concierge") => (EngagementStartsByConcierge, EngagementEndsByConcierge),
            _ => (EngagementStarts, EngagementEnds),
        };

        public const string MemberNames = "SELECT id, name FROM members";

        /// <summary>
        /// The arguments every starts and ends statement takes: the split, the end of the period (@until), the first month
        /// the books need (@since, the rolling rate's first) with the day before it (@before), and the touch-tier thresholds.
        /// </summary>
        public static object Arguments(string? by, YearMonth from, YearMonth to, TouchTier touchTier)
        {
            var since = from.AddMonths(-(ChurnRateBook.RollingMonths - 1)).FirstDay;
            return new
            {
                by = by ?? "", until = to.AddMonths(1).FirstDay, since, before = since.AddDays(-1), midFrom = touchTier.MidFrom, highFrom = touchTier.HighFrom,
            };
        }
    }

    private sealed record DayRow
    {
        public DateOnly Day { get; init; }
        public string GroupKey { get; init; } = "";
        public int N { get; init; }
        public int Negative { get; init; }
    }

    private sealed record MemberRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
    }

    public sealed class Handler(Db db, TouchTier touchTier, IClock clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query q, CancellationToken ct)
        {
            var kind = InsightRules.Kind(q.Kind!);
            var (from, to) = InsightRules.Period(q.From, q.To, clock.Today);
            var today = clock.Today;
            var args = Sql.Arguments(q.By, from, to, touchTier);
            var (startsSql, endsSql) = Sql.For(kind, q.By);
            // The starts and the ends are two independent scans of different indexes: the ends on a connection of
            // their own, side by side.
            var endsRead = db.Alongside(own => own.QueryAsync<DayRow>(endsSql, args, ct), ct);
            var starts = await db.QueryAsync<DayRow>(startsSql, args, ct);
            var ends = await endsRead;

            var total = new ChurnRateBook();
            var groups = new SortedDictionary<string, ChurnRateBook>(StringComparer.Ordinal);
            foreach (var s in starts)
            {
                total.AddStarts(s.Day, s.N);
                if (q.By is not null) Book(GroupKey(q.By, s.GroupKey)).AddStarts(s.Day, s.N);
            }
            foreach (var e in ends)
            {
                total.AddEnds(e.Day, e.N, e.Negative);
                if (q.By is not null) Book(GroupKey(q.By, e.GroupKey)).AddEnds(e.Day, e.N, e.Negative);
            }

            var names = q.By is "csOwner" or "concierge"
                ? (await db.QueryAsync<MemberRow>(Sql.MemberNames, ct: ct)).ToDictionary(m => m.Id.ToString("D"), m => m.Name)
                : [];
            return new Result(Wire.Name(kind), from.ToString(), to.ToString(), q.By, total.Months(from, to, today),
                groups.Select(g => new Group(g.Key, names.GetValueOrDefault(g.Key), g.Value.Months(from, to, today))).ToList());

            ChurnRateBook Book(string key) => groups.TryGetValue(key, out var b) ? b : groups[key] = new ChurnRateBook();
        }

        private string GroupKey(string by, string raw) => by switch
        {
            "csOwner" or "concierge" => Guid.Parse(raw).ToString("D"),
            _ => raw,
        };
    }
}
