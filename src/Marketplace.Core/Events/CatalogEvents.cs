namespace Marketplace.Core.Events;

/// <summary>
/// A churn reason was tagged negative or no longer negative. It names no company: every churn that names the reason,
/// and the companies whose stage reads those churns, are recomputed by the owner of the derived facts (Facts.DerivedFacts).
/// </summary>
public sealed record ChurnReasonReclassified(string Code) : MediatR.INotification;
