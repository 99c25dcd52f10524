namespace Marketplace.Core.Events;

// What the commands record, as they say it happened. Every one names the company it concerns, and the engagement or
// churn record when that record itself changed; that is all the derived facts need (Facts.DerivedFacts). The other
// fields are for handlers that react to what happened.

public sealed record EngagementProposed(Guid CompanyId, Guid EngagementId, Guid WorkerId) : IEngagementEvent;

public sealed record EngagementContracted(Guid CompanyId, Guid EngagementId, DateOnly ContractedOn) : IEngagementEvent;

public sealed record EngagementDeclined(Guid CompanyId, Guid EngagementId) : IEngagementEvent;

public sealed record KickoffRecorded(Guid CompanyId, Guid EngagementId, DateOnly HeldOn, Guid? CsAttendeeId) : IEngagementEvent;

/// <summary>A follow-up was held. The engagement's own record does not change, so this names only the company.</summary>
public sealed record FollowUpHeld(Guid CompanyId, Guid EngagementId, Guid FollowUpId, DateOnly HeldOn, int CompanySatisfaction) : IFollowUpEvent;

public sealed record EngagementEnded(Guid CompanyId, Guid EngagementId, Guid ChurnId, DateOnly EndedOn, Guid? CompanyChurnId) : IEngagementEvent;

public sealed record CompanyChurned(Guid CompanyId, Guid ChurnId, DateOnly ChurnedOn) : ICompanyChurnEvent;

public sealed record CompanyReactivated(Guid CompanyId, DateOnly SignedOn) : ICompanyTermsEvent;

/// <summary>A company was registered: its first term begins.</summary>
public sealed record CompanyRegistered(Guid CompanyId) : ICompanyTermsEvent;

/// <summary>A company's own fields were corrected, its signing day and CS owner among them.</summary>
public sealed record CompanyUpdated(Guid CompanyId) : ICompanyTermsEvent;

/// <summary>A recorded fact of an engagement was corrected: its terms, its kickoff or its end.</summary>
public sealed record EngagementCorrected(Guid CompanyId, Guid EngagementId, string Record) : IEngagementEvent;

public sealed record FollowUpCorrected(Guid CompanyId, Guid EngagementId, Guid FollowUpId) : IFollowUpEvent;

public sealed record CompanyChurnCorrected(Guid CompanyId, Guid ChurnId) : ICompanyChurnEvent;

/// <summary>A worker's profile was corrected; <paramref name="ConciergeChanged"/> when it names another concierge.</summary>
public sealed record WorkerCorrected(Guid WorkerId, bool ConciergeChanged) : MediatR.INotification;
