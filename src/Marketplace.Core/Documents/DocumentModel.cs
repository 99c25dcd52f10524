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

/// <summary>What the onboarding guide and the usage deck are about: a company and its engagements.</summary>
public sealed record CompanyDocumentFacts(CompanyFacts Company, IReadOnlyList<EngagementFacts> Engagements, DateOnly Today);

/// <summary>What a kickoff checklist is about: one engagement, its worker and kickoff, and the ticked items.</summary>
public sealed record ChecklistDocumentFacts(CompanyFacts Company, EngagementFacts Engagement, WorkerFacts Worker,
    KickoffFacts? Kickoff, IReadOnlyDictionary<string, bool> Ticked, DateOnly Today);

/// <summary>
/// Builds the one model templates see: plain ScriptObjects with snake_case keys, made from facts read from the
/// database (or from <see cref="Sample"/> when an admin's edit is test-rendered). Every key is always present
/// (null when unknown), so with strict member access a template's typo fails instead of printing nothing.
/// </summary>
public sealed class DocumentModel(Db db, CompanyView companies, EngagementView engagements, DocumentContent content, IClock clock)
{
    public const string KickoffChecklist = "kickoff-checklist";
    public const string OnboardingGuide = "onboarding-guide";
    public const string UsageDeck = "usage-deck";

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
        public const string Worker = "SELECT name, job_type, main_job_style, weekly_hours FROM workers WHERE id = @id";
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
        return new CompanyDocumentFacts(company, list, clock.Today);
    }

    public async Task<ChecklistDocumentFacts> ChecklistFacts(Guid engagementId, CancellationToken ct)
    {
        var e = await engagements.Get(engagementId, ct);
        var company = await Company(e.CompanyId, ct);
        var w = await db.QuerySingleOrDefaultAsync<WorkerRow>(Sql.Worker, new { id = e.WorkerId }, ct) ?? throw new NotFoundException("worker", e.WorkerId);
        var skills = await db.QueryAsync<string>(Sql.WorkerSkills, new { id = e.WorkerId }, ct);
        var followUp = e.FollowUps.Select(f => (DateOnly?)f.DueOn).FirstOrDefault();
        return new ChecklistDocumentFacts(company,
            new EngagementFacts(e.Title, Wire.Name(e.JobType), e.WorkerName, Wire.Name(e.Status), e.StartOn, e.MonthlyHours, e.Kickoff?.HeldOn, followUp),
            new WorkerFacts(w.Name, w.JobType, skills, w.MainJobStyle, w.WeeklyHours),
            e.Kickoff is null ? null : new KickoffFacts(e.Kickoff.HeldOn, e.Kickoff.CsAttendeeName, e.Kickoff.Attendees),
            e.Checklist.ToDictionary(i => i.Key, i => i.Done), clock.Today);
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

    /// <summary>The onboarding guide and deck model: the company, its purposes, engagements and the job types that fit it.</summary>
    public ScriptObject ForCompany(string document, DocumentLanguage lang, CompanyDocumentFacts facts)
    {
        var model = Base(document, lang, facts.Company, facts.Today);
        var open = facts.Engagements.Where(e => e.Status is "proposed" or "contracted" or "active").ToList();
        model["engagements"] = new ScriptArray(open.Select(e => Engagement(lang, e)));
        model["next_follow_up_on"] = open.Where(e => e.FollowUpOn is not null).Select(e => e.FollowUpOn).Min() is { } next ? Date(next, lang) : null;

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
        return model;
    }

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

        public static CompanyDocumentFacts ForCompany(DocumentLanguage lang) => new(Company(lang), [Engagement(lang)], Today);

        public static ChecklistDocumentFacts ForChecklist(DocumentLanguage lang) => new(Company(lang), Engagement(lang),
            new WorkerFacts(Engagement(lang).WorkerName, "engineer", ["C#", "AWS"], "employee", 10),
            new KickoffFacts(new DateOnly(2026, 2, 1), Company(lang).CsOwner.Name, ["山田"]),
            new Dictionary<string, bool> { ["parties"] = true, ["goals_scope"] = true }, Today);
    }

    public ScriptObject SampleFor(string document, DocumentLanguage lang) => document == KickoffChecklist
        ? ForChecklist(lang, Sample.ForChecklist(lang))
        : ForCompany(document, lang, Sample.ForCompany(lang));
}
