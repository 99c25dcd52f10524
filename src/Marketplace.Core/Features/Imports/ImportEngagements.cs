using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Features.Engagements;
using Marketplace.Core.Imports;
using Marketplace.Core.Pipeline;
using Marketplace.Core.Shared;
using MediatR;

namespace Marketplace.Core.Features.Imports;

/// <summary>
/// Engagement history from a team's sheet: each row one engagement (matched by company, worker and start date),
/// replayed through the engagement use cases — proposed, contracted, kicked off, followed up, ended — so every
/// derived fact (churn, tenure, stages, risk) is kept by its one owner exactly as if the team had entered it.
/// A row already imported is compared part by part and corrected through the corrections where it differs.
/// </summary>
public static class ImportEngagements
{
    public const string Kind = "engagements";

    public static readonly IReadOnlyList<ImportColumn> Columns =
    [
        new("companyName", "企業名", "companyName"),
        new("companyExternalId", "外部ID", "companyExternalId"),
        new("workerEmail", "人材メール", "workerEmail", Required: true),
        new("title", "案件名", "title", Required: true),
        new("jobType", "職種", "jobType", Required: true),
        new("startOn", "開始日", "startOn", Required: true),
        new("monthlyHours", "月稼働時間", "monthlyHours", Required: true),
        new("monthlyFee", "月額", "monthlyFee", Required: true),
        new("contractedOn", "契約日", "contractedOn"),
        new("kickoffOn", "キックオフ日", "kickoffOn"),
        new("csAttendeeEmail", "同席CSメール", "csAttendeeEmail"),
        new("followUpOn", "経過面談日", "followUpOn"),
        new("companySatisfaction", "企業満足度", "companySatisfaction"),
        new("workerEvaluation", "人材評価", "workerEvaluation"),
        new("endedOn", "終了日", "endedOn"),
        new("initiatedBy", "申し出", "initiatedBy"),
        new("endReasons", "終了理由", "endReasons"),
    ];

    public sealed record Command : ImportCommand;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new ImportCommandValidator<Command>());
    }

    public static class Sql
    {
        public const string CompanyByExternalId = "SELECT id, status FROM companies WHERE external_id = @key";
        public const string CompanyByName = "SELECT id, status FROM companies WHERE name = @key ORDER BY created_at";
        public const string Existing = """
            SELECT id, worker_id, start_on FROM engagements WHERE company_id = @companyId AND status <> 'declined'
            """;
    }

    private sealed record CompanyRow(Guid Id, CompanyStatus Status);

    private sealed record ExistingRow
    {
        public Guid Id { get; init; }
        public Guid WorkerId { get; init; }
        public DateOnly StartOn { get; init; }
    }

    private sealed record Cells(string? Title, JobType? JobType, DateOnly? StartOn, int? MonthlyHours, long? MonthlyFee, DateOnly? ContractedOn,
        DateOnly? KickoffOn, Guid? CsAttendee, DateOnly? FollowUpOn, int? CompanySatisfaction, int? WorkerEvaluation,
        DateOnly? EndedOn, ChurnInitiator? InitiatedBy, IReadOnlyList<string>? EndReasons);

    public sealed class Handler(ImportRun run, ImportLookups lookups, Db db, EngagementView view) : IRequestHandler<Command, ImportReport>
    {
        private readonly Dictionary<string, IReadOnlyList<CompanyRow>> companies = new(StringComparer.Ordinal);
        private readonly Dictionary<Guid, ILookup<(Guid, DateOnly), Guid>> engagements = [];

        public Task<ImportReport> Handle(Command c, CancellationToken ct) => run.Apply(Kind, c, Columns, row => Apply(row, ct), ct);

        private async Task<(string, ImportOutcome)> Apply(ImportRow row, CancellationToken ct)
        {
            var byExternalId = row.Raw("companyExternalId") is not null;
            var companyField = byExternalId ? "companyExternalId" : "companyName";
            var companyKey = row.Text(companyField, required: true);
            var email = row.Text("workerEmail", required: true);
            var cells = new Cells(row.Text("title", required: true), row.Word<JobType>("jobType", required: true), row.Date("startOn", required: true),
                row.Int("monthlyHours", required: true), row.Money("monthlyFee", required: true), row.Date("contractedOn"),
                row.Date("kickoffOn"), await lookups.Member(row, "csAttendeeEmail", required: false, ct), row.Date("followUpOn"),
                row.Int("companySatisfaction"), row.Int("workerEvaluation"), row.Date("endedOn"), row.Word<ChurnInitiator>("initiatedBy"),
                await lookups.Reasons(row, "endReasons", ct));
            var key = $"{companyKey} / {email} / {cells.StartOn:yyyy-MM-dd}";

            var matches = companyKey is null ? [] : await Companies(byExternalId, companyKey, ct);
            var company = matches.Count == 1 ? matches[0] : null;
            if (matches.Count > 1)
                row.Problem(companyField, ValidationMessages.Text(ValidationMessages.ImportAmbiguous, companyField, ("Column", row.HeaderOf(companyField)), ("Value", companyKey)));
            else if (companyKey is not null && company is null)
                row.Problem(companyField, ValidationMessages.Text(ValidationMessages.ImportNoCompany, companyField, ("Column", row.HeaderOf(companyField)), ("Value", companyKey)));
            var workerId = email is null ? null : await lookups.Worker(email, ct);
            if (email is not null && workerId is null)
                row.Problem("workerEmail", ValidationMessages.Text(ValidationMessages.ImportNoWorker, "workerEmail", ("Column", row.HeaderOf("workerEmail")), ("Value", email)));
            if (company is not null && workerId is not null && cells.StartOn is { } start)
                run.Once(row, "startOn", $"{company.Id}|{workerId}|{start:yyyy-MM-dd}", "企業・人材・開始日");
            // A churned company's engagements are its history: each ended by its churn.
            if (company is { Status: CompanyStatus.Churned } && await CompanyChurns.LastChurnedOn(db, company.Id, ct) is { } churnedOn
                && (cells.EndedOn is null || cells.EndedOn > churnedOn))
                row.Problem("endedOn", ValidationMessages.Text(ValidationMessages.ImportHistoryNeedsEnd, "endedOn", ("Day", churnedOn)));
            if (row.Failed) throw ImportRun.Refuse(key);

            var same = (await Existing(company!.Id, ct))[(workerId!.Value, cells.StartOn!.Value)].ToList();
            if (same.Count > 1)
            {
                // Entered twice by hand: which one the row means is the team's to say, on screen.
                row.Problem("startOn", ValidationMessages.Text(ValidationMessages.ImportAmbiguous, "startOn", ("Column", row.HeaderOf("startOn")), ("Value", $"{cells.StartOn:yyyy-MM-dd}")));
                throw ImportRun.Refuse(key);
            }
            var existing = same.Count == 1 ? same[0] : (Guid?)null;
            if (existing is null)
            {
                await Create(row, key, companyField, company.Id, workerId!.Value, cells, ct);
                return (key, ImportOutcome.Created);
            }
            return (key, await Reconcile(row, key, await view.Get(existing.Value, ct), cells, ct) ? ImportOutcome.Updated : ImportOutcome.Unchanged);
        }

        /// <summary>The companies the cell names (two for a name two companies share), read once per import: no engagement use case adds a company or changes its status.</summary>
        private async Task<IReadOnlyList<CompanyRow>> Companies(bool byExternalId, string key, CancellationToken ct)
        {
            var cacheKey = (byExternalId ? "id:" : "name:") + key;
            if (!companies.TryGetValue(cacheKey, out var found))
                companies[cacheKey] = found = await db.QueryAsync<CompanyRow>(byExternalId ? Sql.CompanyByExternalId : Sql.CompanyByName, new { key }, ct);
            return found;
        }

        /// <summary>
        /// A company's engagements as they stood before this import touched it, read once: an engagement the import records
        /// is not looked for again, as a second row with its company, worker and start day is a problem of the file.
        /// </summary>
        private async Task<ILookup<(Guid, DateOnly), Guid>> Existing(Guid companyId, CancellationToken ct)
        {
            if (!engagements.TryGetValue(companyId, out var found))
                engagements[companyId] = found = (await db.QueryAsync<ExistingRow>(Sql.Existing, new { companyId }, ct)).ToLookup(e => (e.WorkerId, e.StartOn), e => e.Id);
            return found;
        }

        private static readonly (string, string)[] KickoffRenames = [("heldOn", "kickoffOn"), ("csAttendeeId", "csAttendeeEmail")];
        private static readonly (string, string)[] FollowUpRenames = [("heldOn", "followUpOn")];
        private static readonly (string, string)[] EndRenames = [("reasons", "endReasons")];

        /// <summary>A new engagement: its whole history recorded in one go, held to the rules of each of its records.</summary>
        private Task<Guid> Create(ImportRow row, string key, string companyField, Guid companyId, Guid workerId, Cells cells, CancellationToken ct) =>
            run.Send(row, key, new RecordEngagementHistory.Command
            {
                CompanyId = companyId, WorkerId = workerId, Title = cells.Title, JobType = cells.JobType, StartOn = cells.StartOn,
                MonthlyHours = cells.MonthlyHours, MonthlyFee = cells.MonthlyFee, ContractedOn = cells.ContractedOn ?? cells.StartOn,
                KickoffOn = cells.KickoffOn, CsAttendeeId = cells.CsAttendee, FollowUpOn = cells.FollowUpOn, CompanySatisfaction = cells.CompanySatisfaction,
                WorkerEvaluation = cells.WorkerEvaluation, EndedOn = cells.EndedOn, InitiatedBy = cells.InitiatedBy, EndReasons = cells.EndReasons,
            }, ct, column: "workerEmail", renames: [("workerId", "workerEmail"), ("companyId", companyField), ("csAttendeeId", "csAttendeeEmail"), ("heldOn", "kickoffOn"), ("reasons", "endReasons")]);

        /// <summary>Brings an imported engagement to the row: each part recorded when new, corrected when it differs. True when anything changed.</summary>
        private async Task<bool> Reconcile(ImportRow row, string key, EngagementDto e, Cells cells, CancellationToken ct)
        {
            var changed = false;
            if (e.Title != cells.Title!.Trim() || e.JobType != cells.JobType || e.MonthlyHours != cells.MonthlyHours || e.MonthlyFee != cells.MonthlyFee)
            {
                await run.Send(row, key, new CorrectEngagementTerms.Command
                {
                    EngagementId = e.Id, ExpectedVersion = e.Version, Title = cells.Title, JobType = cells.JobType, StartOn = cells.StartOn,
                    MonthlyHours = cells.MonthlyHours, MonthlyFee = cells.MonthlyFee,
                }, ct, column: "title");
                changed = true;
            }
            if (e.Status == EngagementStatus.Proposed)
            {
                await run.Send(row, key, new ContractEngagement.Command { EngagementId = e.Id, ContractedOn = cells.ContractedOn ?? cells.StartOn }, ct, column: "contractedOn");
                changed = true;
            }
            if (cells.KickoffOn is { } kickoffOn)
            {
                if (e.Kickoff is null)
                {
                    await run.Send(row, key, new RecordKickoff.Command { EngagementId = e.Id, HeldOn = kickoffOn, CsAttendeeId = cells.CsAttendee, FromHistory = true },
                        ct, column: "csAttendeeEmail", renames: KickoffRenames);
                    changed = true;
                }
                else if (e.Kickoff.HeldOn != kickoffOn || e.Kickoff.CsAttendeeId != cells.CsAttendee)
                {
                    await run.Send(row, key, new CorrectKickoff.Command { EngagementId = e.Id, HeldOn = kickoffOn, CsAttendeeId = cells.CsAttendee, Attendees = e.Kickoff.Attendees },
                        ct, column: "csAttendeeEmail", renames: KickoffRenames);
                    changed = true;
                }
            }
            if (cells.FollowUpOn is { } followUpOn)
            {
                var held = e.FollowUps.Where(f => f.HeldOn is not null).OrderBy(f => f.HeldOn).FirstOrDefault();
                if (held is null)
                {
                    await run.Send(row, key, new RecordFollowUp.Command
                    {
                        EngagementId = e.Id, HeldOn = followUpOn, CompanySatisfaction = cells.CompanySatisfaction, WorkerEvaluation = cells.WorkerEvaluation,
                    }, ct, column: "followUpOn", renames: FollowUpRenames);
                    changed = true;
                }
                else if (held.HeldOn != followUpOn || held.CompanySatisfaction != cells.CompanySatisfaction || held.WorkerEvaluation != cells.WorkerEvaluation)
                {
                    await run.Send(row, key, new CorrectFollowUp.Command
                    {
                        FollowUpId = held.Id, HeldOn = followUpOn, CompanySatisfaction = cells.CompanySatisfaction, WorkerEvaluation = cells.WorkerEvaluation,
                        WorkerSatisfaction = held.WorkerSatisfaction, Note = held.Note,
                    }, ct, column: "followUpOn", renames: FollowUpRenames);
                    changed = true;
                }
            }
            if (cells.EndedOn is { } endedOn)
            {
                if (e.Churn is null)
                {
                    await run.Send(row, key, new EndEngagement.Command { EngagementId = e.Id, EndedOn = endedOn, InitiatedBy = cells.InitiatedBy, Reasons = cells.EndReasons },
                        ct, column: "endedOn", renames: EndRenames);
                    changed = true;
                }
                else if (e.Churn.CompanyChurnId is null && (e.Churn.EndedOn != endedOn || e.Churn.InitiatedBy != cells.InitiatedBy
                    || !e.Churn.Reasons.Order(StringComparer.Ordinal).SequenceEqual((cells.EndReasons ?? []).Order(StringComparer.Ordinal))))
                {
                    await run.Send(row, key, new CorrectEngagementEnd.Command
                    {
                        EngagementId = e.Id, EndedOn = endedOn, InitiatedBy = cells.InitiatedBy, Reasons = cells.EndReasons, Note = e.Churn.Note,
                    }, ct, column: "endedOn", renames: EndRenames);
                    changed = true;
                }
            }
            return changed;
        }
    }
}
