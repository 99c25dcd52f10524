using FluentValidation;
using Marketplace.Core.Domain;
using Marketplace.Core.Features.Workers;
using Marketplace.Core.Imports;
using Marketplace.Core.Pipeline;
using Marketplace.Core.Shared;
using MediatR;

namespace Marketplace.Core.Features.Imports;

/// <summary>
/// The worker roster from a team's sheet: each row a worker matched by email, registered or updated through the
/// worker use cases, and moved to the sheet's status along the concierge's status graph.
/// </summary>
public static class ImportWorkers
{
    public const string Kind = "workers";

    public static readonly IReadOnlyList<ImportColumn> Columns =
    [
        new("name", "氏名", "name", Required: true),
        new("email", "メール", "email", Required: true),
        new("jobType", "職種", "jobType", Required: true),
        new("skills", "スキル", "skills"),
        new("mainJobStyle", "本業", "mainJobStyle", Required: true),
        new("weeklyHours", "週稼働時間", "weeklyHours", Required: true),
        new("conciergeEmail", "担当コンシェルジュメール", "conciergeEmail", Required: true),
        new("status", "ステータス", "status"),
    ];

    public sealed record Command : ImportCommand;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new ImportCommandValidator<Command>());
    }

    public sealed class Handler(ImportRun run, ImportLookups lookups, WorkerView view) : IRequestHandler<Command, ImportReport>
    {
        public Task<ImportReport> Handle(Command c, CancellationToken ct) => run.Apply(Kind, c, Columns, row => Apply(row, ct), ct);

        private async Task<(string, ImportOutcome)> Apply(ImportRow row, CancellationToken ct)
        {
            var email = row.Text("email", required: true);
            var key = email ?? "";
            var name = row.Text("name", required: true);
            var jobType = row.Word<JobType>("jobType", required: true);
            var skills = row.List("skills") ?? [];
            var style = row.Word<MainJobStyle>("mainJobStyle", required: true);
            var weeklyHours = row.Int("weeklyHours", required: true);
            var status = row.Word<WorkerStatus>("status");
            var concierge = await lookups.Member(row, "conciergeEmail", required: true, ct);
            if (email is not null) run.Once(row, "email", email, "メール");
            if (row.Failed) throw ImportRun.Refuse(key);

            var renames = new[] { ("conciergeId", "conciergeEmail") };
            var existing = await lookups.Worker(email!, ct);
            var outcome = ImportOutcome.Unchanged;
            WorkerDto worker;
            if (existing is null)
            {
                worker = await run.Send(row, key, new RegisterWorker.Command
                {
                    Name = name, Email = email, JobType = jobType, Skills = skills, MainJobStyle = style, WeeklyHours = weeklyHours, ConciergeId = concierge,
                }, ct, renames: renames);
                outcome = ImportOutcome.Created;
            }
            else
            {
                worker = await view.Get(existing.Value, ct);
                var same = worker.Name == name!.Trim() && worker.JobType == jobType && worker.MainJobStyle == style && worker.WeeklyHours == weeklyHours
                    && worker.ConciergeId == concierge && worker.Skills.Order().SequenceEqual(skills.Select(s => s.Trim()).Distinct().Order());
                if (!same)
                {
                    worker = await run.Send(row, key, new UpdateWorker.Command
                    {
                        Id = worker.Id, ExpectedVersion = worker.Version,
                        Name = name, Email = email, JobType = jobType, Skills = skills, MainJobStyle = style, WeeklyHours = weeklyHours, ConciergeId = concierge,
                    }, ct, renames: renames);
                    outcome = ImportOutcome.Updated;
                }
            }

            // Proposed and active follow the engagements: a new worker the sheet calls so is made available, ready for
            // the engagement history to make them proposed or active.
            var target = status switch
            {
                WorkerStatus.Proposed or WorkerStatus.Active => existing is null ? WorkerStatus.Available : (WorkerStatus?)null,
                _ => status,
            };
            if (target is { } to && to != worker.Status)
            {
                var path = WorkerStatusGraph.PathTo(worker.Status, to);
                if (path is null)
                {
                    row.Problem("status", ValidationMessages.Text(ValidationMessages.ImportStatusMove, "status",
                        ("From", WordLabels.JapaneseOf(worker.Status)), ("To", WordLabels.JapaneseOf(to))));
                    throw ImportRun.Refuse(key);
                }
                foreach (var step in path)
                    worker = await run.Send(row, key, new ChangeWorkerStatus.Command { WorkerId = worker.Id, ExpectedVersion = worker.Version, Status = step, Note = "取り込み" },
                        ct, column: "status");
                if (outcome == ImportOutcome.Unchanged) outcome = ImportOutcome.Updated;
            }
            return (key, outcome);
        }
    }
}
