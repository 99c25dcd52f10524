namespace Marketplace.Core.Events;

// What the commands record that makes work for someone (Features.Playbooks), apart from the company history the
// derived facts are kept from.

/// <summary>A company answered a satisfaction survey (NPS 0–10).</summary>
public sealed record SatisfactionSurveyed(Guid CompanyId, Guid SurveyId, DateOnly SurveyedOn, int Score) : MediatR.INotification;

/// <summary>CS tossed an expansion lead to sales.</summary>
public sealed record ExpansionLeadTossed(Guid CompanyId, Guid LeadId, DateOnly TossedOn) : MediatR.INotification;
