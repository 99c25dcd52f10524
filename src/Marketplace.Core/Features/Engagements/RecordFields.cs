using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using Marketplace.Core.Shared;

namespace Marketplace.Core.Features.Engagements;

// The bodies that record an engagement's facts, shared by the command that records each fact and the one that corrects
// it, so a correction is held to the rules of the record it corrects.

/// <summary>An engagement's terms: proposing it, and correcting them (PUT /api/engagements/{id}).</summary>
public abstract record EngagementTermsFields
{
    public string? Title { get; init; }
    public JobType? JobType { get; init; }
    public DateOnly? StartOn { get; init; }
    public int? MonthlyHours { get; init; }
    public long? MonthlyFee { get; init; }
}

public sealed class EngagementTermsValidator<T> : AbstractValidator<T> where T : EngagementTermsFields
{
    public EngagementTermsValidator()
    {
        RuleFor(c => c.Title).Text(200);
        RuleFor(c => c.JobType).Required();
        RuleFor(c => c.StartOn).Required().BusinessDate();
        RuleFor(c => c.MonthlyHours).Required().InclusiveBetween(1, 744);
        RuleFor(c => c.MonthlyFee).Required().InclusiveBetween(0, 100_000_000);
    }
}

/// <summary>A kickoff meeting: recording it, and correcting it (PUT /api/engagements/{id}/kickoff).</summary>
public abstract record KickoffFields
{
    public DateOnly? HeldOn { get; init; }
    public Guid? CsAttendeeId { get; init; }
    public IReadOnlyList<string>? Attendees { get; init; }

    public IReadOnlyList<string> AttendeeList => (Attendees ?? []).Select(a => a.Trim()).ToList();
}

public sealed class KickoffValidator<T> : AbstractValidator<T> where T : KickoffFields
{
    public KickoffValidator()
    {
        RuleFor(c => c.HeldOn).Required().BusinessDate();
        this.TextList(c => c.Attendees, 50, 200);
    }
}

/// <summary>A follow-up held: recording it, and correcting it (PUT /api/follow-ups/{id}).</summary>
public abstract record FollowUpFields
{
    public DateOnly? HeldOn { get; init; }
    public int? CompanySatisfaction { get; init; }
    public int? WorkerEvaluation { get; init; }
    /// <summary>The worker's own satisfaction, gathered by the concierge; optional.</summary>
    public int? WorkerSatisfaction { get; init; }
    public string? Note { get; init; }
}

public sealed class FollowUpValidator<T> : AbstractValidator<T> where T : FollowUpFields
{
    public FollowUpValidator()
    {
        RuleFor(c => c.HeldOn).Required().BusinessDate();
        RuleFor(c => c.CompanySatisfaction).Required().InclusiveBetween(1, 5);
        RuleFor(c => c.WorkerEvaluation).Required().InclusiveBetween(1, 5);
        RuleFor(c => c.WorkerSatisfaction).InclusiveBetween(1, 5);
        RuleFor(c => c.Note).OptionalText(4000);
    }
}

/// <summary>An engagement's end (案件解約): recording it, and correcting it (PUT /api/engagements/{id}/end).</summary>
public abstract record EndFields
{
    public DateOnly? EndedOn { get; init; }
    public ChurnInitiator? InitiatedBy { get; init; }
    public IReadOnlyList<string>? Reasons { get; init; }
    public string? Note { get; init; }
}

public sealed class EndValidator<T> : AbstractValidator<T> where T : EndFields
{
    public EndValidator()
    {
        RuleFor(c => c.EndedOn).Required().BusinessDate();
        RuleFor(c => c.InitiatedBy).Required();
        RuleFor(c => c.Reasons).NotEmpty().WithMessageKey(ValidationMessages.SomeReason);
        this.TextList(c => c.Reasons, ReasonCatalog.MaxReasons, ReasonCatalog.MaxCodeLength);
        RuleFor(c => c.Note).OptionalText(4000);
    }
}
