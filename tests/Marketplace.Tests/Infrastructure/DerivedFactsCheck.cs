using Dapper;
using Marketplace.Core.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// Every fact the app keeps beside the history (Facts.DerivedFacts), read as kept and as worked out from the history by
/// its definition, here independently of the app's statements: equal when nothing has drifted.
/// </summary>
public static class DerivedFactsCheck
{
    private const string Negative = """
        CASE WHEN EXISTS (SELECT 1 FROM {0} r JOIN churn_reasons cr ON cr.code = r.reason_code WHERE r.churn_id = {1}.id AND cr.negative = 1) THEN 1 ELSE 0 END
        """;

    /// <summary>Each company's terms, one row per start and end, under its owner now: what the month counts by owner sum.</summary>
    private static readonly string CompanyTermShares = $"""
            SELECT t.company_id, c.cs_owner_id, t.month_start, t.starts, t.ends, t.negative_ends FROM (
              SELECT cc.company_id, /*monthstart*/(cc.term_signed_on) AS month_start, 1 AS starts, 0 AS ends, 0 AS negative_ends FROM company_churns cc
              UNION ALL
              SELECT cc.company_id, /*monthstart*/(cc.churned_on), 0, 1, {string.Format(Negative, "company_churn_reasons", "cc")} FROM company_churns cc
              UNION ALL
              SELECT c.id, /*monthstart*/(c.signed_on), 1, 0, 0 FROM companies c WHERE c.status = 'active') t
            JOIN companies c ON c.id = t.company_id
        """;

    private static readonly (string Name, string Kept, string Expected)[] Facts =
    [
        ("company stage facts",
            "SELECT id, first_kickoff_on, active_engagements, total_engagements, last_satisfaction, last_negative_churn_on FROM companies",
            $"""
            SELECT c.id,
                   (SELECT MIN(k.held_on) FROM kickoffs k JOIN engagements e ON e.id = k.engagement_id WHERE e.company_id = c.id) AS first_kickoff_on,
                   (SELECT COUNT(*) FROM engagements e WHERE e.company_id = c.id AND e.status = 'active') AS active_engagements,
                   (SELECT COUNT(*) FROM engagements e WHERE e.company_id = c.id AND e.contracted_on IS NOT NULL AND e.status <> 'declined') AS total_engagements,
                   (SELECT MIN(f.company_satisfaction) FROM follow_ups f JOIN engagements e ON e.id = f.engagement_id
                    WHERE e.company_id = c.id AND f.held_on = (SELECT MAX(f2.held_on) FROM follow_ups f2 JOIN engagements e2 ON e2.id = f2.engagement_id WHERE e2.company_id = c.id)) AS last_satisfaction,
                   (SELECT MAX(ec.ended_on) FROM engagement_churns ec JOIN engagements e ON e.id = ec.engagement_id
                    WHERE e.company_id = c.id AND {string.Format(Negative, "engagement_churn_reasons", "ec")} = 1) AS last_negative_churn_on
            FROM companies c
            """),
        ("engagement days",
            "SELECT id, kicked_off_on, ended_on FROM engagements",
            """
            SELECT e.id, (SELECT k.held_on FROM kickoffs k WHERE k.engagement_id = e.id) AS kicked_off_on,
                   (SELECT ec.ended_on FROM engagement_churns ec WHERE ec.engagement_id = e.id) AS ended_on
            FROM engagements e
            """),
        ("open engagements' concierge",
            "SELECT id, concierge_id FROM engagements WHERE status IN ('proposed', 'contracted', 'active')",
            "SELECT e.id, w.concierge_id FROM engagements e JOIN workers w ON w.id = e.worker_id WHERE e.status IN ('proposed', 'contracted', 'active')"),
        ("engagements' concierge (every one has one)",
            "SELECT id FROM engagements WHERE concierge_id IS NULL",
            "SELECT id FROM engagements WHERE 1 = 0"),
        ("engagement churns",
            "SELECT id, negative, tenure_days, job_type, concierge_id, company_id FROM engagement_churns",
            $"""
            SELECT ec.id, {string.Format(Negative, "engagement_churn_reasons", "ec")} AS negative,
                   CASE WHEN e.start_on > ec.ended_on THEN 0 ELSE /*days*/(e.start_on, ec.ended_on) END AS tenure_days,
                   e.job_type, e.concierge_id, e.company_id
            FROM engagement_churns ec JOIN engagements e ON e.id = ec.engagement_id
            """),
        ("engagement churn reasons",
            "SELECT churn_id, reason_code, ended_on, tenure_days FROM engagement_churn_reasons",
            "SELECT r.churn_id, r.reason_code, ec.ended_on, ec.tenure_days FROM engagement_churn_reasons r JOIN engagement_churns ec ON ec.id = r.churn_id"),
        ("engagements' counted start",
            "SELECT id, counted_start_on FROM engagements",
            "SELECT id, CASE WHEN status IN ('contracted', 'active', 'ended') THEN start_on END FROM engagements"),
        ("engagement day counts",
            "SELECT day, starts, ends, negative_ends, ended_by_start FROM engagement_day_counts",
            $"""
            SELECT d.day,
                   (SELECT COUNT(*) FROM engagements e WHERE e.start_on = d.day AND e.status IN ('contracted', 'active', 'ended')) AS starts,
                   (SELECT COUNT(*) FROM engagement_churns ec WHERE ec.ended_on = d.day) AS ends,
                   (SELECT COUNT(*) FROM engagement_churns ec WHERE ec.ended_on = d.day AND {string.Format(Negative, "engagement_churn_reasons", "ec")} = 1) AS negative_ends,
                   (SELECT COUNT(*) FROM engagement_churns ec JOIN engagements e ON e.id = ec.engagement_id WHERE e.start_on = d.day) AS ended_by_start
            FROM (SELECT e.start_on AS day FROM engagements e WHERE e.status IN ('contracted', 'active', 'ended')
                  UNION SELECT ec.ended_on FROM engagement_churns ec) d
            """),
        ("engagement tenure counts",
            "SELECT tenure_days, tenure_months, ended FROM engagement_tenure_counts",
            """
            SELECT t.days, t.tenure_months, COUNT(*) FROM (
              SELECT CASE WHEN e.start_on > ec.ended_on THEN 0 ELSE /*days*/(e.start_on, ec.ended_on) END AS days, ec.tenure_months
              FROM engagement_churns ec JOIN engagements e ON e.id = ec.engagement_id) t
            GROUP BY t.days, t.tenure_months
            """),
        ("engagement churn month counts",
            "SELECT month_start, tenure_months, ended, negative FROM engagement_churn_month_counts",
            $"""
            SELECT /*monthstart*/(ec.ended_on), ec.tenure_months, COUNT(*), SUM({string.Format(Negative, "engagement_churn_reasons", "ec")})
            FROM engagement_churns ec GROUP BY /*monthstart*/(ec.ended_on), ec.tenure_months
            """),
        ("engagement reason month counts",
            "SELECT month_start, reason_code, tenure_months, given FROM engagement_reason_month_counts",
            """
            SELECT /*monthstart*/(ec.ended_on), r.reason_code, ec.tenure_months, COUNT(*)
            FROM engagement_churn_reasons r JOIN engagement_churns ec ON ec.id = r.churn_id
            GROUP BY /*monthstart*/(ec.ended_on), r.reason_code, ec.tenure_months
            """),
        ("engagement concierge month counts",
            "SELECT concierge_id, month_start, starts, ends, negative_ends FROM engagement_concierge_month_counts",
            $"""
            SELECT t.concierge_id, t.month_start, SUM(t.starts), SUM(t.ends), SUM(t.negative_ends) FROM (
              SELECT e.concierge_id, /*monthstart*/(e.start_on) AS month_start, 1 AS starts, 0 AS ends, 0 AS negative_ends FROM engagements e
              WHERE e.status IN ('contracted', 'active', 'ended') AND e.concierge_id IS NOT NULL
              UNION ALL
              SELECT ec.concierge_id, /*monthstart*/(ec.ended_on), 0, 1, {string.Format(Negative, "engagement_churn_reasons", "ec")} FROM engagement_churns ec
              WHERE ec.concierge_id IS NOT NULL) t
            GROUP BY t.concierge_id, t.month_start
            """),
        ("company term months",
            "SELECT company_id, cs_owner_id, month_start, starts, ends, negative_ends FROM company_term_months",
            $"""
            SELECT s.company_id, s.cs_owner_id, s.month_start, SUM(s.starts), SUM(s.ends), SUM(s.negative_ends) FROM (
            {CompanyTermShares}) s
            GROUP BY s.company_id, s.cs_owner_id, s.month_start
            """),
        ("company owner month counts",
            "SELECT cs_owner_id, month_start, starts, ends, negative_ends FROM company_owner_month_counts",
            $"""
            SELECT s.cs_owner_id, s.month_start, SUM(s.starts), SUM(s.ends), SUM(s.negative_ends) FROM (
            {CompanyTermShares}) s
            GROUP BY s.cs_owner_id, s.month_start
            """),
        ("company churns",
            "SELECT id, negative FROM company_churns",
            $"SELECT cc.id, {string.Format(Negative, "company_churn_reasons", "cc")} AS negative FROM company_churns cc"),
        ("company churn reasons",
            "SELECT churn_id, reason_code, churned_on, tenure_days FROM company_churn_reasons",
            """
            SELECT r.churn_id, r.reason_code, cc.churned_on,
                   CASE WHEN cc.term_signed_on > cc.churned_on THEN 0 ELSE /*days*/(cc.term_signed_on, cc.churned_on) END AS tenure_days
            FROM company_churn_reasons r JOIN company_churns cc ON cc.id = r.churn_id
            """),
    ];

    /// <summary>Each kept row that differs from its definition, as "set: kept ≠ expected"; empty when none drifted.</summary>
    public static IReadOnlyList<string> Drift(MarketplaceApp app)
    {
        var dialect = app.Services.GetRequiredService<ConnectionFactory>().Dialect;
        using var connection = app.OpenDatabase();
        var drift = new List<string>();
        foreach (var (name, kept, expected) in Facts)
        {
            var keptRows = Rows(connection, dialect.Render(kept));
            var expectedRows = Rows(connection, dialect.Render(expected));
            if (keptRows.SequenceEqual(expectedRows)) continue;
            drift.AddRange(keptRows.Except(expectedRows).Select(r => $"{name}: kept {r}"));
            drift.AddRange(expectedRows.Except(keptRows).Select(r => $"{name}: expected {r}"));
            if (keptRows.Count != expectedRows.Count) drift.Add($"{name}: {keptRows.Count} rows kept, {expectedRows.Count} expected");
        }
        drift.AddRange(MonthsDrift(connection));
        drift.AddRange(SpansDrift(connection));
        return drift;
    }

    /// <summary>
    /// The tenure in whole calendar months kept on churns and their reason rows, against the spans' days worked out here
    /// in C# (a month on: the same day of the month, or that month's last day when it is shorter).
    /// </summary>
    private static IEnumerable<string> MonthsDrift(System.Data.Common.DbConnection connection)
    {
        static DateOnly D(object v) => v is DateTime t ? DateOnly.FromDateTime(t) : DateOnly.Parse(v.ToString()!, System.Globalization.CultureInfo.InvariantCulture);
        static int Months(DateOnly start, DateOnly end)
        {
            var m = 0;
            while (start.AddMonths(m + 1) <= end) m++;
            return m;
        }
        var spans = new[]
        {
            ("engagement churns", "SELECT ec.id AS id, e.start_on AS start_on, ec.ended_on AS end_on, ec.tenure_months AS kept FROM engagement_churns ec JOIN engagements e ON e.id = ec.engagement_id"),
            ("engagement churn reasons", "SELECT r.churn_id AS id, e.start_on AS start_on, ec.ended_on AS end_on, r.tenure_months AS kept FROM engagement_churn_reasons r JOIN engagement_churns ec ON ec.id = r.churn_id JOIN engagements e ON e.id = ec.engagement_id"),
            ("company churns", "SELECT cc.id AS id, cc.term_signed_on AS start_on, cc.churned_on AS end_on, cc.tenure_months AS kept FROM company_churns cc"),
            ("company churn reasons", "SELECT r.churn_id AS id, cc.term_signed_on AS start_on, cc.churned_on AS end_on, r.tenure_months AS kept FROM company_churn_reasons r JOIN company_churns cc ON cc.id = r.churn_id"),
        };
        foreach (var (name, sql) in spans)
            foreach (var row in connection.Query(sql))
            {
                var expected = Months(D(row.start_on), D(row.end_on));
                if (row.kept is null || Convert.ToInt32(row.kept) != expected)
                    yield return $"{name} months: kept {Text(row.kept)} ≠ {expected} for {Text(row.id)}";
            }
    }

    /// <summary>
    /// The companies' satisfaction spans and engagement gaps kept, against the ones worked out here in C# from the
    /// follow-ups held and from the kickoffs and ends recorded.
    /// </summary>
    private static IEnumerable<string> SpansDrift(System.Data.Common.DbConnection connection)
    {
        static string Day(object v) => v is DateTime t ? t.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : v.ToString()!;
        const string open = "9999-12-31", before = "0001-01-01";
        var expected = new List<string>();
        var held = connection.Query("""
            SELECT e.company_id AS company, f.held_on AS held, f.company_satisfaction AS satisfaction
            FROM follow_ups f JOIN engagements e ON e.id = f.engagement_id WHERE f.held_on IS NOT NULL
            """).Select(r => (Company: Text(r.company), Held: Day(r.held), Satisfaction: r.satisfaction is null ? (int?)null : Convert.ToInt32(r.satisfaction)));
        foreach (var company in held.GroupBy(h => h.Company))
        {
            var days = company.GroupBy(h => h.Held).OrderBy(d => d.Key, StringComparer.Ordinal).ToList();
            for (var i = 0; i < days.Count; i++)
                expected.Add($"satisfaction|{company.Key}|{days[i].Key}|{(i + 1 < days.Count ? days[i + 1].Key : open)}|{Text(days[i].Min(d => d.Satisfaction))}");
        }
        var ran = connection.Query("""
            SELECT c.id AS company, k.held_on AS kicked, ec.ended_on AS ended FROM companies c
            LEFT JOIN engagements e ON e.company_id = c.id
            LEFT JOIN kickoffs k ON k.engagement_id = e.id
            LEFT JOIN engagement_churns ec ON ec.engagement_id = e.id
            """).Select(r => (Company: Text(r.company), Kicked: r.kicked is null ? null : Day(r.kicked), Ended: r.ended is null ? open : Day(r.ended)));
        foreach (var company in ran.GroupBy(r => r.Company))
        {
            string? latestEnd = null;
            foreach (var e in company.Where(r => r.Kicked is not null).OrderBy(r => r.Kicked, StringComparer.Ordinal))
            {
                if (latestEnd is null || string.CompareOrdinal(latestEnd, e.Kicked) < 0) expected.Add($"gap|{company.Key}|{latestEnd ?? before}|{e.Kicked}");
                if (latestEnd is null || string.CompareOrdinal(e.Ended, latestEnd) > 0) latestEnd = e.Ended;
            }
            if (latestEnd is not null && latestEnd != open) expected.Add($"gap|{company.Key}|{latestEnd}|{open}");
        }
        var kept = Rows(connection, "SELECT 'satisfaction', company_id, from_on, until_on, satisfaction FROM company_satisfaction_spans")
            .Concat(Rows(connection, "SELECT 'gap', company_id, after_on, until_on FROM company_engagement_gaps")).ToList();
        expected.Sort(StringComparer.Ordinal);
        kept.Sort(StringComparer.Ordinal);
        foreach (var row in kept.Except(expected)) yield return $"company spans: kept {row}";
        foreach (var row in expected.Except(kept)) yield return $"company spans: expected {row}";
    }

    /// <summary>Fails with every drifted row.</summary>
    public static void AssertNone(MarketplaceApp app, string after)
    {
        var drift = Drift(app);
        Assert.True(drift.Count == 0, $"After {after}, derived facts drifted from the history:{Environment.NewLine}{string.Join(Environment.NewLine, drift)}");
    }

    /// <summary>The rows as text, sorted, duplicates kept.</summary>
    private static List<string> Rows(System.Data.Common.DbConnection connection, string sql) =>
        connection.Query(sql).Select(row => string.Join("|", ((IDictionary<string, object?>)row).Values.Select(Text))).Order(StringComparer.Ordinal).ToList();

    // Providers read the same value as different types (a date as text or DateTime, a flag as long or bool).
    private static string Text(object? value) => value switch
    {
        null => "null",
        DateTime d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        bool b => b ? "1" : "0",
        Guid g => g.ToString("D"),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!.ToLowerInvariant(),
    };
}
