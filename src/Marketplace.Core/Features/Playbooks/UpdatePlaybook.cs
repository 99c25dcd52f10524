using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Playbooks;

/// <summary>An admin turns a rule on or off, or changes its task's title, assignee, due offset or threshold.</summary>
public static class UpdatePlaybook
{
    public sealed record Command : ICommand<PlaybookDto>
    {
        [JsonIgnore] public string Rule { get; init; } = "";
        [JsonIgnore] public long? ExpectedVersion { get; init; }
        public bool? Enabled { get; init; }
        public string? Title { get; init; }
        public PlaybookAssignee? Assignee { get; init; }
        public int? DueInBusinessDays { get; init; }
        public int? ThresholdDays { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Rule).OneOf<Command, PlaybookRule>().OverridePropertyName("rule");
            RuleFor(c => c.Enabled).Required();
            RuleFor(c => c.Title).Text(200).WithName(_ => ValidationMessages.FieldName("title", "taskTitle"));
            RuleFor(c => c.Assignee).Required();
            RuleFor(c => c.DueInBusinessDays).Required().InclusiveBetween(0, 60);
            RuleFor(c => c.ThresholdDays).InclusiveBetween(1, 365);
            // The rules that wait need to know how long.
            RuleFor(c => c.ThresholdDays).Required().When(c => c.Rule is "follow_up_overdue" or "onboarding_stalled");
        }
    }

    public static class Sql
    {
        public const string Update = """
            UPDATE playbooks SET enabled = @enabled, title = @title, assignee = @assignee, due_in_business_days = @due, threshold_days = @threshold,
                   updated_at = @at, version = version + 1
            WHERE rule_code = @rule AND version = @version
            """;
    }

    public sealed class Handler(Db db, Audit audit, IClock clock) : IRequestHandler<Command, PlaybookDto>
    {
        public async Task<PlaybookDto> Handle(Command c, CancellationToken ct)
        {
            var rule = Wire.Parse<PlaybookRule>(c.Rule);
            var before = await PlaybookSettings.One(db, rule, ct);
            Versions.Check(c.ExpectedVersion, before.Version, "playbook");
            if (await db.ExecuteAsync(Sql.Update, new
                {
                    rule = c.Rule, version = before.Version, enabled = c.Enabled!.Value, title = c.Title!.Trim(), assignee = Wire.Name(c.Assignee!.Value),
                    due = c.DueInBusinessDays!.Value, threshold = c.ThresholdDays, at = clock.UtcNow,
                }, ct) == 0)
                throw ConflictException.Stale("The playbook was changed by someone else meanwhile. Reload and try again.");
            await audit.Write("update", "playbook", c.Rule, AuditChanges.Describe(("enabled", before.Enabled, c.Enabled), ("title", before.Title, c.Title!.Trim()),
                ("assignee", Wire.Name(before.Assignee), Wire.Name(c.Assignee!.Value)), ("dueInBusinessDays", before.DueInBusinessDays, c.DueInBusinessDays),
                ("thresholdDays", before.ThresholdDays, c.ThresholdDays)), ct);
            return await PlaybookSettings.One(db, rule, ct);
        }
    }
}
