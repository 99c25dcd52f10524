using System.Globalization;
using System.Text.Json;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Features.Companies;
using Marketplace.Core.Features.Engagements;
using Marketplace.Core.Pipeline;
using Scriban.Runtime;
using Marketplace.Core.Shared;

namespace Marketplace.Core.Documents;

public sealed record MemberFacts(string Name, string? Email);

public sealed record CompanyFacts(string Name, string Industry, int EmployeeCount, string TouchTier, DateOnly SignedOn,
    string Status, string Stage, IReadOnlyList<string> Purposes, MemberFacts CsOwner);

public sealed record EngagementFacts(string Title, string JobType, string WorkerName, string Status, DateOnly StartOn,
    int MonthlyHours, DateOnly? KickoffOn, DateOnly? FollowUpOn);

public sealed record WorkerFacts(string Name, string JobType, IReadOnlyList<string> Skills, string MainJobStyle, int WeeklyHours);

public sealed record KickoffFacts(DateOnly HeldOn, string? CsAttendee, IReadOnlyList<string> Attendees);

/// <summary>A held follow-up: the company's satisfaction and the worker's own (gathered by the concierge), 1–5.</summary>
public sealed record FollowUpFacts(DateOnly HeldOn, string EngagementTitle, int? CompanySatisfaction, int? WorkerEvaluation, int? WorkerSatisfaction);

/// <summary>A satisfaction survey of the company (NPS, 0–10).</summary>
public sealed record SurveyFacts(DateOnly SurveyedOn, int Score);

/// <summary>What the onboarding guide and the usage deck are about: a company, its engagements and its history with us.</summary>
public sealed record CompanyDocumentFacts(CompanyFacts Company, IReadOnlyList<EngagementFacts> Engagements, DateOnly Today)
{
    public IReadOnlyList<FollowUpFacts> FollowUps { get; init; } = [];
    public IReadOnlyList<SurveyFacts> Surveys { get; init; } = [];
}

/// <summary>
/// What a kickoff checklist is about: one engagement, its worker and the worker's concierge, the kickoff, and the
/// ticked items. The follow-up is the one still to be held (its due day) or, when none is, the last one held.
/// </summary>
public sealed record ChecklistDocumentFacts(CompanyFacts Company, EngagementFacts Engagement, WorkerFacts Worker,
    KickoffFacts? Kickoff, IReadOnlyDictionary<string, bool> Ticked, DateOnly Today)
{
    public string? ConciergeName { get; init; }
    /// <summary>The engagement's follow-up was held on <see cref="EngagementFacts.FollowUpOn"/> (rather than due then).</summary>
    public bool FollowUpHeld { get; init; }
}

/// <summary>One of the company's engagements in a review period, with the agreed monthly hours and fee.</summary>
public sealed record ReportEngagement(string Title, string JobType, string WorkerName, string Status, DateOnly StartOn, DateOnly? KickoffOn,
    DateOnly? EndedOn, int MonthlyHours, int MonthlyFee)
{
    /// <summary>
    /// The calendar months of the period in which it ran (kicked off, not yet ended) for at least a day of the period:
    /// the months its agreed monthly hours and fee count for.
    /// </summary>
    public int MonthsIn(DateOnly from, DateOnly to)
    {
        if (KickoffOn is not { } start) return 0;
        var months = 0;
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            var first = month < from ? from : month;
            var last = month.AddMonths(1).AddDays(-1) is var end && end > to ? to : end;
            if (start <= last && (EndedOn is not { } ended || ended >= first)) months++;
        }
        return months;
    }
}

public sealed record ReportEnding(DateOnly EndedOn, string Title, string WorkerName, string InitiatedBy, IReadOnlyList<string> Reasons);

public sealed record ReportTask(string Title, DateOnly Day);

public sealed record ReportLead(DateOnly TossedOn, string Description, string Status);

/// <summary>What a review report (報告資料) is about: a company's records of one period, and what is open after it.</summary>
public sealed record ReviewReportFacts(CompanyFacts Company, DateOnly From, DateOnly To, IReadOnlyList<ReportEngagement> Engagements,
    IReadOnlyList<FollowUpFacts> FollowUps, IReadOnlyList<SurveyFacts> Surveys, IReadOnlyList<ReportEnding> Endings,
    IReadOnlyList<ReportTask> TasksDone, IReadOnlyList<ReportLead> Leads, IReadOnlyList<ReportTask> OpenTasks, DateOnly? NextFollowUpOn, DateOnly Today);

/// <summary>
/// Builds the one model templates see: plain ScriptObjects with snake_case keys, made from facts read from the
/// database (or from <see cref="Sample"/> when an admin's edit is test-rendered). Every key is always present
/// (null when unknown), so with strict member access a template's typo fails instead of printing nothing.
/// </summary>
public sealed class DocumentModel(Db db, CompanyView companies, EngagementView engagements, DocumentContent content, IClock clock, BusinessTime business)
{
    public const string KickoffChecklist = "kickoff-checklist";
    public const string OnboardingGuide = "onboarding-guide";
    public const string UsageDeck = "usage-deck";
    public const string ReviewReport = "review-report";

    /// <summary>How many open tasks a review report's next steps list.</summary>
    public const int ReportOpenTasks = 5;

    /// <summary>How many job types the deck gives a slide of their own.</summary>
    public const int DeckJobTypeSlides = 6;

    public static class Sql
    {
        public const string OwnerEmail = "SELECT email FROM members WHERE id = @id";
        public const string CompanyEngagements = """
            SELECT e.title, e.job_type, w.name AS worker_name, e.status, e.start_on, e.monthly_hours, k.held_on AS kickoff_on,
                   (SELECT MIN(f.due_on) FROM follow_ups f WHERE f.engagement_id = e.id AND f.held_on IS NULL AND f.cancelled_on IS NULL) AS follow_up_on
            FROM engagements e
            JOIN workers w ON w.id = e.worker_id
            LEFT JOIN kickoffs k ON k.engagement_id = e.id
            WHERE e.company_id = @companyId AND e.status <> 'declined'
            ORDER BY e.start_on, e.title
            """;
        public const string Worker = """
            SELECT w.name, w.job_type, w.main_job_style, w.weekly_hours, m.name AS concierge_name
            FROM workers w LEFT JOIN members m ON m.id = w.concierge_id WHERE w.id = @id
            """;
        public const string CompanyFollowUps = """
            SELECT f.held_on, e.title AS engagement_title, f.company_satisfaction, f.worker_evaluation, f.worker_satisfaction
            FROM follow_ups f JOIN engagements e ON e.id = f.engagement_id
            WHERE e.company_id = @companyId AND f.held_on IS NOT NULL
            ORDER BY f.held_on, e.title
            """;
        /// <summary>A review period's engagements: kicked off by its end and not ended before its start, or not yet kicked off and due to start by its end.</summary>
        public const string ReportEngagements = """
            SELECT e.title, e.job_type, w.name AS worker_name, e.status, e.start_on, k.held_on AS kickoff_on, e.ended_on, e.monthly_hours, e.monthly_fee
            FROM engagements e
            JOIN workers w ON w.id = e.worker_id
            LEFT JOIN kickoffs k ON k.engagement_id = e.id
            WHERE e.company_id = @companyId AND e.status <> 'declined'
              AND (e.ended_on IS NULL OR e.ended_on >= @from)
              AND ((k.held_on IS NOT NULL AND k.held_on <= @to) OR (k.held_on IS NULL AND e.start_on <= @to))
            ORDER BY e.start_on, e.title
            """;
        public const string ReportFollowUps = """
            SELECT f.held_on, e.title AS engagement_title, f.company_satisfaction, f.worker_evaluation, f.worker_satisfaction
            FROM follow_ups f JOIN engagements e ON e.id = f.engagement_id
            WHERE e.company_id = @companyId AND f.held_on >= @from AND f.held_on <= @to
            ORDER BY f.held_on, e.title
            """;
        public const string ReportSurveys = """
            SELECT surveyed_on, score FROM satisfaction_surveys
            WHERE company_id = @companyId AND surveyed_on >= @from AND surveyed_on <= @to ORDER BY surveyed_on, id
            """;
        public const string ReportEndings = """
            SELECT c.id, c.ended_on, e.title, w.name AS worker_name, c.initiated_by
            FROM engagement_churns c
            JOIN engagements e ON e.id = c.engagement_id
            JOIN workers w ON w.id = e.worker_id
            WHERE e.company_id = @companyId AND c.ended_on >= @from AND c.ended_on <= @to
            ORDER BY c.ended_on, e.title
            """;
        public const string ReportEndingReasons = """
            SELECT r.churn_id, cr.label_ja, cr.label_en
            FROM engagement_churn_reasons r JOIN churn_reasons cr ON cr.code = r.reason_code
            WHERE r.churn_id IN @ids
            ORDER BY cr.sort_order, cr.code
            """;
        /// <summary>The company's tasks (its own or its engagements'), done in the period's days (completed_at is UTC).</summary>
        public const string ReportTasksDone = """
            SELECT t.title, t.completed_at FROM tasks t
            WHERE t.status = 'done' AND t.completed_at >= @fromUtc AND t.completed_at < @toUtc
              AND (t.company_id = @companyId OR t.engagement_id IN (SELECT x.id FROM engagements x WHERE x.company_id = @companyId))
            ORDER BY t.completed_at, t.title
            """;
        public const string ReportOpenTasks = """
            SELECT t.title, t.due_on FROM tasks t
            WHERE t.status = 'open'
              AND (t.company_id = @companyId OR t.engagement_id IN (SELECT x.id FROM engagements x WHERE x.company_id = @companyId))
            ORDER BY t.due_on, t.title
            """;
        public const string ReportLeads = """
            SELECT tossed_on, description, status FROM expansion_leads
            WHERE company_id = @companyId AND tossed_on >= @from AND tossed_on <= @to
            ORDER BY tossed_on, id
            """;
        public const string NextFollowUp = """
            SELECT f.due_on FROM follow_ups f JOIN engagements e ON e.id = f.engagement_id
            WHERE e.company_id = @companyId AND f.held_on IS NULL AND f.cancelled_on IS NULL
            ORDER BY f.due_on
            """;
        public const string CompanySurveys = "SELECT surveyed_on, score FROM satisfaction_surveys WHERE company_id = @companyId ORDER BY surveyed_on, id";
        public const string WorkerSkills = "SELECT skill FROM worker_skills WHERE worker_id = @id ORDER BY position";
    }

    private sealed record EngagementRow
    {
        public string Title { get; init; } = "";
        public string JobType { get; init; } = "";
        public string WorkerName { get; init; } = "";
        public string Status { get; init; } = "";
        public DateOnly StartOn { get; init; }
        public int MonthlyHours { get; init; }
        public DateOnly? KickoffOn { get; init; }
        public DateOnly? FollowUpOn { get; init; }
    }

    private sealed record WorkerRow
    {
        public string Name { get; init; } = "";
        public string JobType { get; init; } = "";
        public string MainJobStyle { get; init; } = "";
        public int WeeklyHours { get; init; }
        public string? ConciergeName { get; init; }
    }

    private sealed record FollowUpRow
    {
        public DateOnly HeldOn { get; init; }
        public string EngagementTitle { get; init; } = "";
        public int? CompanySatisfaction { get; init; }
        public int? WorkerEvaluation { get; init; }
        public int? WorkerSatisfaction { get; init; }
    }

    private sealed record ReportEngagementRow
    {
        public string Title { get; init; } = "";
        public string JobType { get; init; } = "";
        public string WorkerName { get; init; } = "";
        public string Status { get; init; } = "";
        public DateOnly StartOn { get; init; }
        public DateOnly? KickoffOn { get; init; }
        public DateOnly? EndedOn { get; init; }
        public int MonthlyHours { get; init; }
        public int MonthlyFee { get; init; }
    }

    private sealed record EndingRow
    {
        public Guid Id { get; init; }
        public DateOnly EndedOn { get; init; }
        public string Title { get; init; } = "";
        public string WorkerName { get; init; } = "";
        public string InitiatedBy { get; init; } = "";
    }

    private sealed record ReasonRow
    {
        public Guid ChurnId { get; init; }
        public string LabelJa { get; init; } = "";
        public string LabelEn { get; init; } = "";
    }

    private sealed record DoneRow
    {
        public string Title { get; init; } = "";
        public DateTime CompletedAt { get; init; }
    }

    private sealed record OpenTaskRow
    {
        public string Title { get; init; } = "";
        public DateOnly DueOn { get; init; }
    }

    private sealed record LeadRow
    {
        public DateOnly TossedOn { get; init; }
        public string Description { get; init; } = "";
        public string Status { get; init; } = "";
    }

    private sealed record SurveyRow
    {
        public DateOnly SurveyedOn { get; init; }
        public int Score { get; init; }
    }

    private async Task<CompanyFacts> Company(Guid companyId, CancellationToken ct)
    {
        var c = await companies.Get(companyId, ct);
        var email = await db.QuerySingleOrDefaultAsync<string>(Sql.OwnerEmail, new { id = c.CsOwnerId }, ct);
        return new CompanyFacts(c.Name, c.Industry, c.EmployeeCount, Wire.Name(c.TouchTier), c.SignedOn, Wire.Name(c.Status), Wire.Name(c.Stage),
            c.Purposes.Select(Wire.Name).ToList(),
            new MemberFacts(c.CsOwnerName, email));
    }

    public async Task<CompanyDocumentFacts> CompanyFacts(Guid companyId, CancellationToken ct)
    {
        var company = await Company(companyId, ct);
        var rows = await db.QueryAsync<EngagementRow>(Sql.CompanyEngagements, new { companyId }, ct);
        var list = rows.Select(r => new EngagementFacts(r.Title, r.JobType, r.WorkerName, r.Status, r.StartOn, r.MonthlyHours, r.KickoffOn, r.FollowUpOn)).ToList();
        var followUps = await db.QueryAsync<FollowUpRow>(Sql.CompanyFollowUps, new { companyId }, ct);
        var surveys = await db.QueryAsync<SurveyRow>(Sql.CompanySurveys, new { companyId }, ct);
        return new CompanyDocumentFacts(company, list, clock.Today)
        {
            FollowUps = followUps.Select(f => new FollowUpFacts(f.HeldOn, f.EngagementTitle, f.CompanySatisfaction, f.WorkerEvaluation, f.WorkerSatisfaction)).ToList(),
            Surveys = surveys.Select(s => new SurveyFacts(s.SurveyedOn, s.Score)).ToList(),
        };
    }

    /// <summary>The company's records of the days <paramref name="from"/>..<paramref name="to"/> (both included), in the language's reason labels.</summary>
    public async Task<ReviewReportFacts> ReportFacts(Guid companyId, DateOnly from, DateOnly to, DocumentLanguage lang, CancellationToken ct)
    {
        var company = await Company(companyId, ct);
        var period = new { companyId, from, to };
        var list = (await db.QueryAsync<ReportEngagementRow>(Sql.ReportEngagements, period, ct))
            .Select(r => new ReportEngagement(r.Title, r.JobType, r.WorkerName, r.Status, r.StartOn, r.KickoffOn, r.EndedOn, r.MonthlyHours, r.MonthlyFee)).ToList();
        var followUps = (await db.QueryAsync<FollowUpRow>(Sql.ReportFollowUps, period, ct))
            .Select(f => new FollowUpFacts(f.HeldOn, f.EngagementTitle, f.CompanySatisfaction, f.WorkerEvaluation, f.WorkerSatisfaction)).ToList();
        var surveys = (await db.QueryAsync<SurveyRow>(Sql.ReportSurveys, period, ct)).Select(s => new SurveyFacts(s.SurveyedOn, s.Score)).ToList();
        var endings = await db.QueryAsync<EndingRow>(Sql.ReportEndings, period, ct);
        var reasons = endings.Count == 0 ? []
            : await db.QueryAsync<ReasonRow>(Sql.ReportEndingReasons, new { ids = endings.Select(e => e.Id.ToString("D")).ToList() }, ct);
        var times = new { companyId, fromUtc = business.DayStartsUtc(from), toUtc = business.DayStartsUtc(to.AddDays(1)) };
        var done = await db.QueryAsync<DoneRow>(Sql.ReportTasksDone, times, ct);
        var open = await db.QueryAsync<OpenTaskRow>(Sql.ReportOpenTasks, new { companyId }, ct);
        var leads = await db.QueryAsync<LeadRow>(Sql.ReportLeads, period, ct);
        var next = (await db.QueryAsync<DateOnly>(Sql.NextFollowUp, new { companyId }, ct)).Select(d => (DateOnly?)d).FirstOrDefault();
        return new ReviewReportFacts(company, from, to, list, followUps, surveys,
            endings.Select(e => new ReportEnding(e.EndedOn, e.Title, e.WorkerName, e.InitiatedBy,
                reasons.Where(r => r.ChurnId == e.Id).Select(r => lang == DocumentLanguage.Ja ? r.LabelJa : r.LabelEn).ToList())).ToList(),
            done.Select(t => new ReportTask(t.Title, business.DayOf(t.CompletedAt))).ToList(),
            leads.Select(l => new ReportLead(l.TossedOn, l.Description, l.Status)).ToList(),
            open.Select(t => new ReportTask(t.Title, t.DueOn)).ToList(),
            next, clock.Today);
    }

    public async Task<ChecklistDocumentFacts> ChecklistFacts(Guid engagementId, CancellationToken ct)
    {
        var e = await engagements.Get(engagementId, ct);
        var company = await Company(e.CompanyId, ct);
        var w = await db.QuerySingleOrDefaultAsync<WorkerRow>(Sql.Worker, new { id = e.WorkerId }, ct) ?? throw new NotFoundException("worker", e.WorkerId);
        var skills = await db.QueryAsync<string>(Sql.WorkerSkills, new { id = e.WorkerId }, ct);
        // The follow-up still to be held, else the last one held: never a cancelled one's day.
        var open = e.FollowUps.FirstOrDefault(f => f.IsOpen);
        var held = e.FollowUps.Where(f => f.HeldOn is not null).MaxBy(f => f.HeldOn);
        var followUp = open?.DueOn ?? held?.HeldOn;
        return new ChecklistDocumentFacts(company,
            new EngagementFacts(e.Title, Wire.Name(e.JobType), e.WorkerName, Wire.Name(e.Status), e.StartOn, e.MonthlyHours, e.Kickoff?.HeldOn, followUp),
            new WorkerFacts(w.Name, w.JobType, skills, w.MainJobStyle, w.WeeklyHours),
            e.Kickoff is null ? null : new KickoffFacts(e.Kickoff.HeldOn, e.Kickoff.CsAttendeeName, e.Kickoff.Attendees),
            e.Checklist.ToDictionary(i => i.Key, i => i.Done), clock.Today)
        {
            ConciergeName = w.ConciergeName,
            FollowUpHeld = open is null && held is not null,
        };
    }

    // ---- building the script model ------------------------------------------------------------------

    public static string Date(DateOnly? date, DocumentLanguage lang) => date is not { } d ? ""
        : lang == DocumentLanguage.Ja ? $"{d.Year}年{d.Month}月{d.Day}日"
        : d.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture);

    private ScriptObject Base(string document, DocumentLanguage lang, CompanyFacts company, DateOnly today)
    {
        var root = content.Root(lang);
        var labels = DocumentContent.ToScriptObject(root.GetProperty("labels"));
        var model = new ScriptObject
        {
            ["lang"] = Wire.Name(lang),
            ["labels"] = labels,
            ["content"] = DocumentContent.ToScriptObject(root),
            ["document"] = new ScriptObject
            {
                ["kind"] = document,
                ["title"] = labels[document.Replace('-', '_')],
                ["generated_on"] = Date(today, lang),
                ["day"] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            },
            ["cs_owner"] = new ScriptObject { ["name"] = company.CsOwner.Name, ["email"] = company.CsOwner.Email },
            ["company"] = new ScriptObject
            {
                ["name"] = company.Name,
                ["industry"] = company.Industry,
                ["employee_count"] = company.EmployeeCount,
                ["touch_tier"] = company.TouchTier,
                ["signed_on"] = Date(company.SignedOn, lang),
                ["status"] = company.Status,
                ["stage"] = company.Stage,
                ["purposes"] = new ScriptArray(company.Purposes.Select(p => Purpose(lang, p))),
            },
        };
        return model;
    }

    private ScriptObject Purpose(DocumentLanguage lang, string code)
    {
        var purpose = DocumentContent.ToScriptObject(content.Entry(lang, "purposes", code));
        purpose["recommended_job_types"] = new ScriptArray(content.Entry(lang, "purposes", code).GetProperty("recommended_job_types")
            .EnumerateArray().Select(j => JobType(lang, j.GetString()!, engaged: false)));
        return purpose;
    }

    private ScriptObject JobType(DocumentLanguage lang, string code, bool engaged)
    {
        var job = DocumentContent.ToScriptObject(content.Entry(lang, "job_types", code));
        job["engaged"] = engaged;
        return job;
    }

    private ScriptObject Engagement(DocumentLanguage lang, EngagementFacts e) => new()
    {
        ["title"] = e.Title,
        ["job_type"] = content.Label(lang, "job_types", e.JobType),
        ["job_type_code"] = e.JobType,
        ["worker_name"] = e.WorkerName,
        ["status"] = content.Word(lang, "statuses", e.Status),
        ["status_code"] = e.Status,
        ["start_on"] = Date(e.StartOn, lang),
        ["monthly_hours"] = e.MonthlyHours,
        ["kickoff_on"] = e.KickoffOn is null ? null : Date(e.KickoffOn, lang),
        ["follow_up_on"] = e.FollowUpOn is null ? null : Date(e.FollowUpOn, lang),
    };

    /// <summary>How many job types the deck gives a slide of its own (unless every job type is asked for).</summary>
    public const int DeckDetailSlides = 3;

    /// <summary>How many of the latest follow-ups the deck's satisfaction chart shows.</summary>
    public const int ChartPoints = 8;

    /// <summary>
    /// The onboarding guide and deck model: the company, its purposes, engagements, the job types that fit it and its
    /// own figures. The deck details up to three job types the company engages most (or, before its first engagement,
    /// the first its purposes call for) and shows the other engaged and called-for ones together on one slide; with
    /// <paramref name="allJobTypes"/> it details every job type.
    /// </summary>
    public ScriptObject ForCompany(string document, DocumentLanguage lang, CompanyDocumentFacts facts, bool allJobTypes = false)
    {
        var model = Base(document, lang, facts.Company, facts.Today);
        var open = facts.Engagements.Where(e => e.Status is "proposed" or "contracted" or "active").ToList();
        model["engagements"] = new ScriptArray(open.Select(e => Engagement(lang, e)));
        model["next_follow_up_on"] = open.Where(e => e.FollowUpOn is not null).Select(e => e.FollowUpOn).Min() is { } next ? Date(next, lang) : null;
        model["last_follow_up_on"] = facts.FollowUps.Count == 0 ? null : Date(facts.FollowUps.Max(f => f.HeldOn), lang);

        // Job types the company engages first, then those its purposes call for, in the domain's order.
        var engaged = facts.Engagements.Select(e => e.JobType).ToHashSet();
        var recommended = facts.Company.Purposes
            .SelectMany(p => content.Entry(lang, "purposes", p).GetProperty("recommended_job_types").EnumerateArray().Select(j => j.GetString()!))
            .ToHashSet();
        var order = Enum.GetValues<JobType>().Select(j => Wire.Name(j)).ToList();
        var tailored = order.Where(engaged.Contains)
            .Concat(order.Where(j => recommended.Contains(j) && !engaged.Contains(j)))
            .Take(DeckJobTypeSlides)
            .ToList();
        model["job_types"] = new ScriptArray(tailored.Select(j => JobType(lang, j, engaged.Contains(j))));
        model["engaged_job_types"] = new ScriptArray(order.Where(engaged.Contains).Select(j => content.Label(lang, "job_types", j)));

        // The deck details the job types the company engages most (before its first engagement, those its purposes
        // call for), at most DeckDetailSlides of them; the other engaged and called-for ones share one slide.
        var called = order.Where(recommended.Contains).ToList();
        var engagements = facts.Engagements.GroupBy(e => e.JobType).ToDictionary(g => g.Key, g => g.Count());
        var byUse = order.Where(engaged.Contains).OrderByDescending(j => engagements[j]).ToList();
        var detailed = allJobTypes ? order : (engaged.Count > 0 ? byUse : called).Take(DeckDetailSlides).ToList();
        model["all_job_types"] = allJobTypes;
        model["deck_job_types"] = new ScriptArray(detailed.Select(j => JobType(lang, j, engaged.Contains(j))));
        model["suggested_job_types"] = new ScriptArray(byUse.Concat(called).Distinct().Where(j => !detailed.Contains(j)).Select(j => JobType(lang, j, engaged.Contains(j))));
        model["figures"] = Figures(lang, facts);
        return model;
    }

    /// <summary>The company's own figures for the deck: its engagements, hours, months with us and satisfaction over time.</summary>
    private static ScriptObject Figures(DocumentLanguage lang, CompanyDocumentFacts facts)
    {
        var signed = facts.Company.SignedOn;
        var months = (facts.Today.Year - signed.Year) * 12 + facts.Today.Month - signed.Month - (facts.Today.Day < signed.Day ? 1 : 0);
        var active = facts.Engagements.Where(e => e.Status == "active").ToList();
        var latest = facts.FollowUps.TakeLast(ChartPoints).ToList();
        return new ScriptObject
        {
            ["has_history"] = facts.Engagements.Any(e => e.KickoffOn is not null),
            ["engagements_total"] = facts.Engagements.Count(e => e.Status is "contracted" or "active" or "ended"),
            ["engagements_active"] = active.Count,
            ["monthly_hours"] = active.Sum(e => e.MonthlyHours),
            ["months_with_us"] = Math.Max(0, months),
            ["follow_ups_held"] = facts.FollowUps.Count,
            ["satisfaction"] = new ScriptArray(latest.Select(f => Point(lang, f))),
            ["latest_nps"] = facts.Surveys.Count == 0 ? null : facts.Surveys[^1].Score,
        };
    }

    /// <summary>One follow-up as a point of a satisfaction chart: its day (short) and both sides' scores.</summary>
    public static ScriptObject Point(DocumentLanguage lang, FollowUpFacts f) => new()
    {
        ["label"] = lang == DocumentLanguage.Ja ? $"{f.HeldOn.Month}/{f.HeldOn.Day}" : f.HeldOn.ToString("MMM d", CultureInfo.InvariantCulture),
        ["held_on"] = Date(f.HeldOn, lang),
        ["engagement"] = f.EngagementTitle,
        ["company"] = f.CompanySatisfaction,
        ["worker"] = f.WorkerSatisfaction,
        ["evaluation"] = f.WorkerEvaluation,
    };

    /// <summary>The kickoff checklist model: the engagement, its people, and each checklist item with its ticked state.</summary>
    public ScriptObject ForChecklist(DocumentLanguage lang, ChecklistDocumentFacts facts)
    {
        var model = Base(KickoffChecklist, lang, facts.Company, facts.Today);
        var e = facts.Engagement;
        model["engagement"] = Engagement(lang, e);
        model["worker"] = new ScriptObject
        {
            ["name"] = facts.Worker.Name,
            ["job_type"] = content.Label(lang, "job_types", facts.Worker.JobType),
            ["skills"] = new ScriptArray(facts.Worker.Skills),
            ["main_job_style"] = content.Word(lang, "main_job_styles", facts.Worker.MainJobStyle),
            ["weekly_hours"] = facts.Worker.WeeklyHours,
        };
        model["kickoff"] = facts.Kickoff is not { } k ? null : new ScriptObject
        {
            ["held_on"] = Date(k.HeldOn, lang),
            ["cs_attendee"] = k.CsAttendee,
            ["attendees"] = new ScriptArray(k.Attendees),
        };
        model["follow_up_on"] = e.FollowUpOn is null ? null : Date(e.FollowUpOn, lang);
        model["follow_up_held"] = facts.FollowUpHeld;
        model["concierge"] = facts.ConciergeName;

        // Who attended, each side on its own: CS (null when none did), the worker, the concierge (when named among the
        // attendees), and the company's people, which are the attendees typed in less the worker, concierge and CS.
        model["participants"] = facts.Kickoff is not { } held ? null : new ScriptObject
        {
            ["cs"] = held.CsAttendee,
            ["worker"] = facts.Worker.Name,
            // The concierge attended when named among the attendees; the record has no other word for it.
            ["concierge"] = held.Attendees.Any(a => SamePerson(a, facts.ConciergeName)) ? facts.ConciergeName : null,
            ["company"] = new ScriptArray(held.Attendees.Where(a => !SamePerson(a, facts.Worker.Name) && !SamePerson(a, facts.ConciergeName) && !SamePerson(a, held.CsAttendee))),
        };

        // The domain's keys decide which items exist and in what order; content only gives them words.
        var items = Domain.KickoffChecklist.Keys.Select(key =>
        {
            var item = DocumentContent.ToScriptObject(content.Entry(lang, "kickoff_agenda", key));
            item["done"] = facts.Ticked.GetValueOrDefault(key);
            const string prevent = "prevent_";
            item["reason"] = key.StartsWith(prevent, StringComparison.Ordinal)
                ? DocumentContent.ToScriptObject(content.Entry(lang, "negative_reasons", key[prevent.Length..]))
                : null;
            return item;
        }).ToList();
        model["checklist"] = new ScriptArray(items.Where(i => i["reason"] is null));
        model["prevention"] = new ScriptArray(items.Where(i => i["reason"] is not null));
        model["checklist_done"] = items.Count(i => i["done"] is true);
        model["checklist_total"] = items.Count;
        return model;
    }

    public static string Money(long yen, DocumentLanguage lang) =>
        lang == DocumentLanguage.Ja ? yen.ToString("N0", CultureInfo.InvariantCulture) + "円" : "¥" + yen.ToString("N0", CultureInfo.InvariantCulture);

    private static string? Average(IEnumerable<int?> scores) =>
        scores.Where(s => s is not null).Select(s => (double)s!.Value).ToList() is { Count: > 0 } list
            ? list.Average().ToString("0.0", CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// The review report model: the period, its engagements with the months, hours and fees they ran for in it, the
    /// follow-ups (both sides' satisfaction, also as chart points), surveys, endings with their reasons, the tasks done,
    /// the leads tossed, and what is open after it (tasks, the next follow-up).
    /// </summary>
    public ScriptObject ForReport(DocumentLanguage lang, ReviewReportFacts facts)
    {
        var model = Base(ReviewReport, lang, facts.Company, facts.Today);
        model["period"] = new ScriptObject
        {
            ["from"] = Date(facts.From, lang),
            ["to"] = Date(facts.To, lang),
            ["from_day"] = facts.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to_day"] = facts.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        var rows = facts.Engagements.Select(e =>
        {
            var months = e.MonthsIn(facts.From, facts.To);
            return (Engagement: e, Months: months, Hours: (long)e.MonthlyHours * months, Fees: (long)e.MonthlyFee * months);
        }).ToList();
        model["engagements"] = new ScriptArray(rows.Select(r => new ScriptObject
        {
            ["title"] = r.Engagement.Title,
            ["job_type"] = content.Label(lang, "job_types", r.Engagement.JobType),
            ["worker_name"] = r.Engagement.WorkerName,
            ["status"] = content.Word(lang, "statuses", r.Engagement.Status),
            ["status_code"] = r.Engagement.Status,
            ["kickoff_on"] = r.Engagement.KickoffOn is null ? null : Date(r.Engagement.KickoffOn, lang),
            ["ended_on"] = r.Engagement.EndedOn is null ? null : Date(r.Engagement.EndedOn, lang),
            ["monthly_hours"] = r.Engagement.MonthlyHours,
            ["monthly_fee"] = Money(r.Engagement.MonthlyFee, lang),
            ["months"] = r.Months,
            ["hours"] = r.Hours,
            ["fees"] = Money(r.Fees, lang),
        }));
        model["follow_ups"] = new ScriptArray(facts.FollowUps.Select(f => Point(lang, f)));
        model["surveys"] = new ScriptArray(facts.Surveys.Select(s => new ScriptObject { ["surveyed_on"] = Date(s.SurveyedOn, lang), ["score"] = s.Score }));
        model["endings"] = new ScriptArray(facts.Endings.Select(e => new ScriptObject
        {
            ["ended_on"] = Date(e.EndedOn, lang),
            ["title"] = e.Title,
            ["worker_name"] = e.WorkerName,
            ["initiated_by"] = content.Word(lang, "initiators", e.InitiatedBy),
            ["reasons"] = new ScriptArray(e.Reasons),
        }));
        model["tasks_done"] = new ScriptArray(facts.TasksDone.Select(t => new ScriptObject { ["title"] = t.Title, ["day"] = Date(t.Day, lang) }));
        model["leads"] = new ScriptArray(facts.Leads.Select(l => new ScriptObject
        {
            ["tossed_on"] = Date(l.TossedOn, lang), ["description"] = l.Description, ["status"] = content.Word(lang, "lead_statuses", l.Status),
        }));
        model["open_tasks"] = new ScriptArray(facts.OpenTasks.Take(ReportOpenTasks).Select(t => new ScriptObject { ["title"] = t.Title, ["due_on"] = Date(t.Day, lang) }));
        model["next_follow_up_on"] = facts.NextFollowUpOn is null ? null : Date(facts.NextFollowUpOn, lang);
        model["summary"] = new ScriptObject
        {
            ["engagements"] = rows.Count,
            ["running"] = rows.Count(r => r.Months > 0),
            ["hours"] = rows.Sum(r => r.Hours),
            ["fees"] = Money(rows.Sum(r => r.Fees), lang),
            ["follow_ups"] = facts.FollowUps.Count,
            ["company_satisfaction"] = Average(facts.FollowUps.Select(f => f.CompanySatisfaction)),
            ["worker_satisfaction"] = Average(facts.FollowUps.Select(f => f.WorkerSatisfaction)),
            ["endings"] = facts.Endings.Count,
            ["tasks_done"] = facts.TasksDone.Count,
            ["leads"] = facts.Leads.Count,
        };
        return model;
    }

    private static string Squeeze(string s) => new(s.Where(c => !char.IsWhiteSpace(c)).ToArray());

    private static bool SamePerson(string attendee, string? name) =>
        name is not null && Squeeze(attendee).Length > 0 && (Squeeze(attendee) == Squeeze(name) || Squeeze(attendee).StartsWith(Squeeze(name) + "(", StringComparison.Ordinal));

    /// <summary>A fictional company with two purposes and a kicked-off engagement, to test-render edited templates.</summary>
    public static class Sample
    {
        private static readonly DateOnly Today = new(2026, 3, 2);

        public static CompanyFacts Company(DocumentLanguage lang) => new(
            lang == DocumentLanguage.Ja ? "サンプル株式会社" : "Sample Corp.", "SaaS", 120, "low", new DateOnly(2026, 1, 10), "active", "onboard",
            ["resource_shortage", "know_how"], new MemberFacts(lang == DocumentLanguage.Ja ? "佐藤 花子" : "Hanako Sato", "cs@example.jp"));

        private static EngagementFacts Engagement(DocumentLanguage lang) => new(
            lang == DocumentLanguage.Ja ? "API開発" : "API development", "engineer", lang == DocumentLanguage.Ja ? "田中 太郎" : "Taro Tanaka",
            "active", new DateOnly(2026, 2, 1), 40, new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 1));

        public static CompanyDocumentFacts ForCompany(DocumentLanguage lang) => new(Company(lang), [Engagement(lang)], Today)
        {
            FollowUps = [new FollowUpFacts(new DateOnly(2026, 3, 1), Engagement(lang).Title, 4, 4, 5)],
            Surveys = [new SurveyFacts(new DateOnly(2026, 3, 1), 8)],
        };

        public static ReviewReportFacts ForReport(DocumentLanguage lang) => new(Company(lang), new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28),
            [new ReportEngagement(Engagement(lang).Title, "engineer", Engagement(lang).WorkerName, "active", new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 1), null, 40, 300_000)],
            [new FollowUpFacts(new DateOnly(2026, 2, 27), Engagement(lang).Title, 4, 4, 5)], [new SurveyFacts(new DateOnly(2026, 2, 27), 8)],
            [new ReportEnding(new DateOnly(2026, 2, 20), lang == DocumentLanguage.Ja ? "LP制作" : "Landing page", lang == DocumentLanguage.Ja ? "高橋 陽子" : "Yoko Takahashi", "mutual",
                [lang == DocumentLanguage.Ja ? "業務完了" : "Work completed"])],
            [new ReportTask(lang == DocumentLanguage.Ja ? "経過面談の日程調整" : "Schedule the follow-up", new DateOnly(2026, 2, 20))],
            [new ReportLead(new DateOnly(2026, 2, 25), lang == DocumentLanguage.Ja ? "マーケティング支援のご相談" : "Marketing support", "open")],
            [new ReportTask(lang == DocumentLanguage.Ja ? "追加案件のご提案" : "Propose the additional engagement", new DateOnly(2026, 3, 10))],
            new DateOnly(2026, 3, 27), Today);

        public static ChecklistDocumentFacts ForChecklist(DocumentLanguage lang) => new(Company(lang), Engagement(lang),
            new WorkerFacts(Engagement(lang).WorkerName, "engineer", ["C#", "AWS"], "employee", 10),
            new KickoffFacts(new DateOnly(2026, 2, 1), Company(lang).CsOwner.Name, ["山田"]),
            new Dictionary<string, bool> { ["parties"] = true, ["goals_scope"] = true }, Today)
        {
            ConciergeName = lang == DocumentLanguage.Ja ? "鈴木 一郎" : "Ichiro Suzuki",
        };
    }

    public ScriptObject SampleFor(string document, DocumentLanguage lang) => document switch
    {
        KickoffChecklist => ForChecklist(lang, Sample.ForChecklist(lang)),
        ReviewReport => ForReport(lang, Sample.ForReport(lang)),
        _ => ForCompany(document, lang, Sample.ForCompany(lang)),
    };
}
