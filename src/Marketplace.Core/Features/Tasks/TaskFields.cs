using FluentValidation;
using Marketplace.Core.Pipeline;

namespace Marketplace.Core.Features.Tasks;

/// <summary>A task as someone writes it: creating it, and editing it.</summary>
public abstract record TaskFields
{
    public string? Title { get; init; }
    public DateOnly? DueOn { get; init; }
    public Guid? AssigneeId { get; init; }
    public Guid? CompanyId { get; init; }
    public Guid? EngagementId { get; init; }
    public Guid? WorkerId { get; init; }
    public string? Note { get; init; }
}

public sealed class TaskFieldsValidator<T> : AbstractValidator<T> where T : TaskFields
{
    public TaskFieldsValidator()
    {
        RuleFor(c => c.Title).Text(200).WithName(_ => ValidationMessages.FieldName("title", "taskTitle"));
        RuleFor(c => c.DueOn).Required().BusinessDate();
        RuleFor(c => c.AssigneeId).Required();
        RuleFor(c => c.Note).OptionalText(4000);
    }
}
