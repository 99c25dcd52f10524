using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;

namespace Marketplace.Core.Features.Timeline;

/// <summary>The record an entry is about: a note, an engagement, a worker, a company, a churn, a survey or a lead.</summary>
public sealed record TimelineRef(string Type, Guid Id);

/// <summary>
/// One event of a company's or a worker's history. The facts a summary is written from travel as they are (words,
/// names, a score, the team's text), so the reader's language is applied where the text is shown.
/// </summary>
public sealed record TimelineEntry
{
    /// <summary>When it happened, UTC: for an event kept as a day (a kickoff's held_on), the start of that day in the business time zone.</summary>
    public DateTime At { get; init; }
    /// <summary>The business day it happened on.</summary>
    public DateOnly Day { get; init; }
    /// <summary>Whether the record keeps the time of day (a status change) rather than only the day (a kickoff).</summary>
    public bool Timed { get; init; }
    public TimelineKind Kind { get; init; }
    /// <summary>The member who recorded it (for a kickoff, the CS member who attended); null where the record keeps no one.</summary>
    public string? By { get; init; }
    public TimelineRef Ref { get; init; } = new("", Guid.Empty);
    /// <summary>The engagement's title, for engagement events.</summary>
    public string? Title { get; init; }
    /// <summary>The other side of an engagement: its worker on a company's timeline, its company on a worker's.</summary>
    public string? Counterpart { get; init; }
    /// <summary>An enum word: the note's kind, the new worker status, who initiated an end, a lead's outcome.</summary>
    public string? Word { get; init; }
    /// <summary>The worker status before a change.</summary>
    public string? FromWord { get; init; }
    /// <summary>A score: NPS 0–10 of a survey, the satisfaction 1–5 of a follow-up.</summary>
    public int? Score { get; init; }
    /// <summary>The team's own text: the note's body, a status change's or churn's note, a survey comment, a lead's description.</summary>
    public string? Text { get; init; }
}

/// <summary>
/// The columns every branch of a timeline's UNION ALL gives, and how its rows become entries in order. The rows are
/// ordered here rather than in SQL because a day's start in the business time zone (daylight saving included) is
/// known only to .NET; one company's or worker's history is hundreds of rows, read in one statement.
/// </summary>
public static class TimelineRows
{
    public sealed record Row
    {
        public string Kind { get; init; } = "";
        /// <summary>The day of an event kept as a day; null for one kept as a timestamp.</summary>
        public DateOnly? OnDay { get; init; }
        /// <summary>When it was recorded (or, for a timestamped event, when it happened).</summary>
        public DateTime? RecordedAt { get; init; }
        public string RefType { get; init; } = "";
        public Guid RefId { get; init; }
        public string? ByName { get; init; }
        public string? Title { get; init; }
        public string? Counterpart { get; init; }
        public string? Word { get; init; }
        public string? FromWord { get; init; }
        public int? Score { get; init; }
        public string? Detail { get; init; }
    }

    /// <summary>
    /// Newest day first; within a day, latest in the course of things first (a kickoff above the contract it follows,
    /// notes above all, as they are usually written after the day's events), then latest recorded first.
    /// </summary>
    public static Paged<TimelineEntry> Page(IEnumerable<Row> rows, BusinessTime business, PagedQuery query)
    {
        var read = rows.Select(r => Entry(r, business)).ToList();
        var contracted = read.Where(e => e.Entry.Kind == TimelineKind.EngagementContracted).ToDictionary(e => e.Entry.Ref.Id, e => e.Entry.Day);
        var entries = read.Select(e => ProposedBy(e, contracted, business))
            .OrderByDescending(e => e.Entry.Day)
            .ThenByDescending(e => Step(e.Entry.Kind))
            .ThenByDescending(e => e.RecordedAt ?? DateTime.MinValue)
            .ThenBy(e => e.Entry.Ref.Id)
            .Select(e => e.Entry)
            .ToList();
        var page = entries.Skip((int)Math.Min(query.Skip, entries.Count)).Take(query.PageSize).ToList();
        return new Paged<TimelineEntry>(page, entries.Count, query.Page, query.PageSize);
    }

    /// <summary>
    /// A proposal is kept by when it was recorded; one recorded after its engagement's contract day (history entered
    /// afterwards) is placed on that day, so the timeline never shows a contract before its proposal.
    /// </summary>
    private static (TimelineEntry Entry, DateTime? RecordedAt) ProposedBy((TimelineEntry Entry, DateTime? RecordedAt) e,
        Dictionary<Guid, DateOnly> contracted, BusinessTime business) =>
        e.Entry.Kind == TimelineKind.EngagementProposed && contracted.TryGetValue(e.Entry.Ref.Id, out var day) && day < e.Entry.Day
            ? (e.Entry with { Day = day, At = business.DayStartsUtc(day), Timed = false }, e.RecordedAt)
            : e;

    private static int Step(TimelineKind kind) => kind == TimelineKind.Note ? int.MaxValue : (int)kind;

    private static (TimelineEntry Entry, DateTime? RecordedAt) Entry(Row r, BusinessTime business)
    {
        var recorded = r.RecordedAt is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : (DateTime?)null;
        var day = r.OnDay ?? business.DayOf(recorded ?? throw new InvalidOperationException($"A {r.Kind} entry has neither a day nor a time."));
        return (new TimelineEntry
        {
            At = r.OnDay is { } d ? business.DayStartsUtc(d) : recorded!.Value,
            Day = day,
            Timed = r.OnDay is null,
            Kind = Wire.Parse<TimelineKind>(r.Kind),
            By = r.ByName,
            Ref = new TimelineRef(r.RefType, r.RefId),
            Title = r.Title,
            Counterpart = r.Counterpart,
            Word = r.Word,
            FromWord = r.FromWord,
            Score = r.Score,
            Text = r.Detail,
        }, recorded);
    }
}
