using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;
using System.Runtime.InteropServices;

namespace Marketplace.Core.Features.Insights;

/// <summary>
/// Churn risk (docs/domain.md, "Churn risk"), the leading indicator: the companies active on asOf showing any of the named
/// signals as things stood that day, and — from history — how much more often companies churned after a negative
/// engagement churn. Every window is (asOf − N days, asOf].
/// </summary>
public static class ChurnRisk
{
    public const string NegativeEngagementChurn = "negative_engagement_churn";
    public const string OverdueFollowUp = "overdue_follow_up";
    public const string LowSatisfaction = "low_satisfaction";
    public const string NoActiveEngagement = "no_active_engagement";

    public const int NegativeWindowDays = 90;
    public const int MaxLowSatisfaction = 2;
    public const int IdleDays = 60;
    public const int LiftWindowDays = 180;

    public sealed record Query : IRequest<Result>
    {
        public DateOnly? AsOf { get; init; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.AsOf).BusinessDate();
    }

    /// <summary>How a list of companies at risk is ordered: most signals first (the API's), by name, by CS owner, highest fee first.</summary>
    public enum Order { Signals, Name, Owner, Fee }

    /// <summary>The first <see cref="Take"/> companies at risk in an order, with how many there are in all: a page's risk list.</summary>
    public sealed record TopQuery : IRequest<Result>
    {
        public DateOnly? AsOf { get; init; }
        public Order Order { get; init; }
        public int? Take { get; init; }
    }

    public sealed class TopValidator : AbstractValidator<TopQuery>
    {
        public TopValidator()
        {
            RuleFor(q => q.AsOf).BusinessDate();
            RuleFor(q => q.Take).GreaterThan(0);
        }
    }

    /// <summary>A company at risk: its owner (id and name), its monthly fee (what its churn would cost a month) and its signals.</summary>
    public sealed record Company(Guid CompanyId, string Name, Guid CsOwnerId, string CsOwnerName, long MonthlyFee, IReadOnlyList<string> Signals);

    /// <summary>
    /// The lift with its cohorts spelled out; withNegative and without are the two churn rates. The ratio carries its
    /// 95 % Katz interval and the two-sided Fisher exact p of the 2×2 table; it is reliable only when both cohorts have
    /// at least <see cref="MinCohort"/> companies.
    /// </summary>
    public sealed record Lift(DateOnly Landmark, int WindowDays, double? WithNegative, double? Without, double? Ratio,
        int WithNegativeCompanies, int WithNegativeChurned, int WithoutCompanies, int WithoutChurned,
        double? RatioLower = null, double? RatioUpper = null, double? FisherP = null, bool Reliable = false);

    public const int MinCohort = 10;

    public sealed record CsvRow(Guid CompanyId, string Name, Guid CsOwnerId, string CsOwnerName, long MonthlyFee, string Signals);

    /// <summary>The companies at risk (all of them, or the first of a <see cref="TopQuery"/>), and how many are at risk in all.</summary>
    public sealed record Result(DateOnly AsOf, IReadOnlyList<Company> Companies, Lift Lift, int AtRisk) : ICsvTable
    {
        Type ICsvTable.RowType => typeof(CsvRow);

        public IEnumerable<object> CsvRows() => Companies.Select(c => new CsvRow(c.CompanyId, c.Name, c.CsOwnerId, c.CsOwnerName, c.MonthlyFee, string.Join(" ", c.Signals)));
    }

    public static class Sql
    {
        /// <summary>
        /// The companies active on asOf — each term signed on or before asOf and not churned by it, so a company that
        /// churned later is in — with where the term stands for the idle signal (<see cref="IdleStanding"/>): signed within
        /// the 60 days (it cannot have been idle for 60 days), signed before them and kicked off once (idle if a gap between
        /// engagements covers them), or never kicked off (idle throughout). The open terms of active companies, then the
        /// terms churned after asOf.
        /// </summary>
        public const string ActiveCompanies = """
            SELECT t.id, t.name, t.cs_owner_id, t.monthly_fee,
                   CASE WHEN t.signed_on > @idleSince THEN 0 WHEN t.first_kickoff_on IS NULL THEN 2 ELSE 1 END AS idle_standing
            FROM (
              SELECT c.id, c.name, c.cs_owner_id, c.monthly_fee, c.signed_on, c.first_kickoff_on FROM companies c
              WHERE c.status = 'active' AND c.signed_on <= @asOf
              UNION ALL
              SELECT c.id, c.name, c.cs_owner_id, c.monthly_fee, cc.term_signed_on, c.first_kickoff_on
              FROM company_churns cc JOIN companies c ON c.id = cc.company_id
              WHERE cc.churned_on > @asOf AND cc.term_signed_on <= @asOf) t
            """;

        /// <summary>
        /// A negative engagement churn in the 90 days up to asOf: ended in (asOf − 90, asOf]. A company once per churn;
        /// the handler keeps each once (asking the database for distinct ones makes it walk every negative churn in company order).
        /// </summary>
        public const string RecentNegative = """
            SELECT ec.company_id FROM engagement_churns ec
            WHERE ec.ended_on > @negativeSince AND ec.ended_on <= @asOf AND ec.negative = 1
            """;

        /// <summary>
        /// A follow-up still pending on asOf and due before it (as the due list's "overdue" would have said that day): not
        /// held by asOf and not cancelled by asOf. Three parts, each on an index of its own: the ones pending now (the
        /// open follow-ups' partial index), the ones held after asOf, and the ones cancelled after asOf (an engagement that
        /// ended later); for asOf today the last two are empty. A company once per follow-up, kept once by the handler, so
        /// each part reads its own index instead of all being merged in company order.
        /// </summary>
        public const string Overdue = """
            SELECT f.company_id FROM follow_ups f
            WHERE f.held_on IS NULL AND f.cancelled_on IS NULL AND f.due_on < @asOf
            UNION ALL
            SELECT f.company_id FROM follow_ups f
            WHERE f.held_on > @asOf AND f.due_on < @asOf
            UNION ALL
            SELECT f.company_id FROM follow_ups f
            WHERE f.cancelled_on > @asOf AND f.held_on IS NULL AND f.due_on < @asOf
            """;

        /// <summary>
        /// Companies whose latest follow-up held by asOf (the lowest satisfaction when several share the day) scored at
        /// most @maxLow: the satisfaction span standing on asOf (<see cref="Facts.CompanySpans"/>; a company has at most one).
        /// </summary>
        public const string LowSatisfaction = """
            SELECT s.company_id FROM company_satisfaction_spans s
            WHERE s.satisfaction <= @maxLow AND s.until_on > @asOf AND s.from_on <= @asOf
            """;

        /// <summary>
        /// Companies with no engagement running at any point of the 60 days up to asOf, (asOf − 60, asOf]: a gap between
        /// engagements (<see cref="Facts.CompanySpans"/>) that began by asOf − 60 and had no kickoff by asOf.
        /// </summary>
        public const string Idle = """
            SELECT g.company_id FROM company_engagement_gaps g
            WHERE g.until_on > @asOf AND g.after_on <= @idleSince
            """;

        /// <summary>The members' names, for the owners of the companies at risk.</summary>
        public const string MemberNames = "SELECT id, name FROM members";

        /// <summary>
        /// The lift's cohorts. Landmark L = asOf − 180 days. Cohort: every company term active on L (signed on or
        /// before L, not churned by L). Exposed ("withNegative"): the company had a negative engagement churn in
        /// the 90 days up to L, ended in (L − 90, L] — the churn-risk signal as it would have shown on L.
        /// Outcome: the term churned within the 180 days after L, churned in (L, asOf]. One row per cohort.
        /// </summary>
        public const string LiftCohorts = $"""
            SELECT x.exposed, COUNT(*) AS companies, SUM(x.churned) AS churned FROM (
              SELECT CASE WHEN terms.churned_on IS NOT NULL AND terms.churned_on <= @asOf THEN 1 ELSE 0 END AS churned,
                     CASE WHEN terms.company_id IN (
                       SELECT ec.company_id FROM engagement_churns ec
                       WHERE ec.negative = 1 AND ec.ended_on > @exposedSince AND ec.ended_on <= @landmark) THEN 1 ELSE 0 END AS exposed
              FROM ({InsightSql.CompanyTerms}) terms
              WHERE terms.signed_on <= @landmark AND (terms.churned_on IS NULL OR terms.churned_on > @landmark)) x
            GROUP BY x.exposed
            """;
    }

    /// <summary>
    /// Where a term stands for the idle signal, as the active companies' statement works it out: only a term signed at least
    /// 60 days before asOf can have gone 60 days without an engagement, and a company with no engagement ever kicked off has
    /// no gap between engagements and has been idle throughout.
    /// </summary>
    private enum IdleStanding { SignedWithinWindow = 0, KickedOff = 1, NeverKickedOff = 2 }

    private sealed record CompanyRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public Guid CsOwnerId { get; init; }
        public long MonthlyFee { get; init; }
        public IdleStanding IdleStanding { get; init; }
    }

    private sealed record MemberRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
    }

    private sealed record CohortRow
    {
        public int Exposed { get; init; }
        public int Companies { get; init; }
        public int Churned { get; init; }
    }

    public sealed class Handler(Db db, IClock clock) : IRequestHandler<Query, Result>, IRequestHandler<TopQuery, Result>
    {
        public Task<Result> Handle(Query q, CancellationToken ct) => Run(q.AsOf ?? clock.Today, Order.Signals, null, ct);

        public Task<Result> Handle(TopQuery q, CancellationToken ct) => Run(q.AsOf ?? clock.Today, q.Order, q.Take, ct);

        private async Task<Result> Run(DateOnly asOf, Order order, int? take, CancellationToken ct)
        {
            var landmark = asOf.AddDays(-LiftWindowDays);
            var args = new
            {
                asOf,
                negativeSince = asOf.AddDays(-NegativeWindowDays),
                idleSince = asOf.AddDays(-IdleDays),
                landmark,
                exposedSince = landmark.AddDays(-NegativeWindowDays),
                maxLow = MaxLowSatisfaction,
            };
            // The lift reads every term; it runs on a connection of its own, side by side with the signals.
            var cohortsRead = db.Alongside(async own => (await own.QueryAsync<CohortRow>(Sql.LiftCohorts, args, ct)).ToDictionary(r => r.Exposed), ct);
            // Each signal's rows set a bit on the company they name as they are read; nothing else is kept of them (at 1M the
            // signals name about 100,000 rows). Then the active companies stream past the bits.
            var signals = new Dictionary<Guid, int>();
            Task Mark(string sql, int flag) => db.ReadEachAsync<Guid>(sql, args, id =>
            {
                ref var bits = ref CollectionsMarshal.GetValueRefOrAddDefault(signals, id, out _);
                bits |= flag;
            }, ct);
            await Mark(Sql.RecentNegative, 1);
            await Mark(Sql.Overdue, 2);
            await Mark(Sql.LowSatisfaction, 4);
            await Mark(Sql.Idle, IdleGap);
            var owners = (await db.QueryAsync<MemberRow>(Sql.MemberNames, ct: ct)).ToDictionary(m => m.Id, m => m.Name);

            // A company at risk becomes its record as its row is read, and nothing else of the row is kept. A company listed
            // twice (two terms standing that day) reads the same bits on each of its rows.
            var flagged = new List<Company>(signals.Count);
            await db.ReadEachAsync<CompanyRow>(Sql.ActiveCompanies, args, c =>
            {
                var bits = signals.GetValueOrDefault(c.Id);
                var idle = c.IdleStanding == IdleStanding.NeverKickedOff || (c.IdleStanding == IdleStanding.KickedOff && (bits & IdleGap) != 0);
                var f = (bits & ~IdleGap) | (idle ? 8 : 0);
                if (f != 0) flagged.Add(new Company(c.Id, c.Name, c.CsOwnerId, owners.GetValueOrDefault(c.CsOwnerId, ""), c.MonthlyFee, Signals(f)));
            }, ct);
            var cohorts = await cohortsRead;

            flagged.Sort(Comparison(order));
            var shown = take is { } n && n < flagged.Count ? flagged.GetRange(0, n) : flagged;

            var with = cohorts.GetValueOrDefault(1) ?? new CohortRow();
            var without = cohorts.GetValueOrDefault(0) ?? new CohortRow();
            var lift = LiftResult.Of(with.Companies, with.Churned, without.Companies, without.Churned);
            var interval = Uncertainty.RiskRatio(with.Churned, with.Companies, without.Churned, without.Companies);
            return new Result(asOf, shown,
                new Lift(landmark, LiftWindowDays, lift.WithNegative.Rate, lift.Without.Rate, lift.Ratio,
                    with.Companies, with.Churned, without.Companies, without.Churned, interval?.Lower, interval?.Upper,
                    Uncertainty.FisherExact(with.Churned, with.Companies - with.Churned, without.Churned, without.Companies - without.Churned),
                    with.Companies >= MinCohort && without.Companies >= MinCohort),
                flagged.Count);
        }

        // A company's idle gap as read, before its idle standing says whether it counts.
        private const int IdleGap = 16;

        private static readonly string[] SignalOfFlag = [NegativeEngagementChurn, OverdueFollowUp, LowSatisfaction, NoActiveEngagement];

        // The list of signals of each combination of flags, made once: every company at risk shares one of these 16.
        private static readonly IReadOnlyList<string>[] SignalsOfFlags =
            [.. Enumerable.Range(0, 1 << SignalOfFlag.Length).Select(flags => (IReadOnlyList<string>)[.. SignalOfFlag.Where((_, i) => (flags & (1 << i)) != 0)])];

        private static IReadOnlyList<string> Signals(int flags) => SignalsOfFlags[flags];

        // Every order ends on the name and then the id, so it is total and a sort in place gives one answer.
        private static Comparison<Company> Comparison(Order order) => order switch
        {
            Order.Name => (a, b) => ByName(a, b),
            Order.Owner => (a, b) => Then(string.CompareOrdinal(a.CsOwnerName, b.CsOwnerName), b.Signals.Count.CompareTo(a.Signals.Count), a, b),
            Order.Fee => (a, b) => Then(b.MonthlyFee.CompareTo(a.MonthlyFee), b.Signals.Count.CompareTo(a.Signals.Count), a, b),
            _ => (a, b) => Then(b.Signals.Count.CompareTo(a.Signals.Count), 0, a, b),
        };

        private static int Then(int first, int second, Company a, Company b) => first != 0 ? first : second != 0 ? second : ByName(a, b);

        private static int ByName(Company a, Company b) =>
            string.CompareOrdinal(a.Name, b.Name) is var byName and not 0 ? byName : a.CompanyId.CompareTo(b.CompanyId);
    }
}
