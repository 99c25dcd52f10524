using MediatR;

namespace Marketplace.Core.Events;

/// <summary>Something recorded about one company: its engagements, their kickoffs, follow-ups and ends, or its own churns.</summary>
public interface ICompanyEvent : INotification
{
    Guid CompanyId { get; }
}

/// <summary>The record of one engagement changed: its terms, status, kickoff or end.</summary>
public interface IEngagementEvent : ICompanyEvent
{
    Guid EngagementId { get; }
}

/// <summary>A follow-up of one of the company's engagements was held or corrected.</summary>
public interface IFollowUpEvent : ICompanyEvent
{
    Guid FollowUpId { get; }
}

/// <summary>Something recorded about one company churn record.</summary>
public interface ICompanyChurnEvent : ICompanyEvent
{
    Guid ChurnId { get; }
}

/// <summary>
/// A company's signed terms, or the CS owner they count under, may have changed: it was registered, corrected or
/// reactivated. Every company churn event says the same.
/// </summary>
public interface ICompanyTermsEvent : ICompanyEvent;

/// <summary>
/// Published once per command, after the command's own events and their handlers, naming every record those events
/// named: the one notification the derived facts are kept from (Facts.DerivedFacts). Of the companies, those whose
/// engagements changed, those whose follow-ups did and those whose terms did (<see cref="ICompanyTermsEvent"/>) are named apart too.
/// </summary>
public sealed record RecordsChanged(IReadOnlyCollection<Guid> EngagementIds, IReadOnlyCollection<Guid> CompanyChurnIds, IReadOnlyCollection<Guid> CompanyIds,
    IReadOnlyCollection<Guid> EngagementCompanyIds, IReadOnlyCollection<Guid> FollowUpCompanyIds, IReadOnlyCollection<Guid> TermCompanyIds) : INotification;

/// <summary>
/// The events of the command in progress (one per request scope). A command raises what happened; the transaction
/// behavior publishes them inside the command's transaction just before it commits, so whatever their handlers
/// write is stored with the command or not at all.
/// </summary>
public sealed class DomainEvents
{
    // Made on the first event: a query's scope has this too and raises none.
    private List<INotification>? raised;

    public void Raise(INotification e) => (raised ??= []).Add(e);

    public bool AnyCompanyEvent => raised?.Exists(e => e is ICompanyEvent) == true;

    /// <summary>
    /// Publishes the raised events, and those their handlers raise, then one <see cref="RecordsChanged"/> for all of
    /// them. Nothing happens when nothing was raised.
    /// </summary>
    public async Task Publish(IMediator mediator, CancellationToken ct)
    {
        if (raised is null) return;
        var engagements = new HashSet<Guid>();
        var churns = new HashSet<Guid>();
        var companies = new HashSet<Guid>();
        var engagementCompanies = new HashSet<Guid>();
        var followUpCompanies = new HashSet<Guid>();
        var termCompanies = new HashSet<Guid>();
        while (raised.Count > 0)
        {
            var batch = raised.ToArray();
            raised.Clear();
            foreach (var e in batch)
            {
                if (e is IEngagementEvent engagement)
                {
                    engagements.Add(engagement.EngagementId);
                    engagementCompanies.Add(engagement.CompanyId);
                }
                if (e is IFollowUpEvent followUp) followUpCompanies.Add(followUp.CompanyId);
                if (e is ICompanyChurnEvent churn) churns.Add(churn.ChurnId);
                if (e is ICompanyTermsEvent or ICompanyChurnEvent) termCompanies.Add(((ICompanyEvent)e).CompanyId);
                if (e is ICompanyEvent company) companies.Add(company.CompanyId);
                await mediator.Publish(e, ct);
            }
        }
        if (companies.Count > 0)
            await mediator.Publish(new RecordsChanged(engagements, churns, companies, engagementCompanies, followUpCompanies, termCompanies), ct);
    }

    public void Clear() => raised?.Clear();

    /// <summary>How many events are raised so far: a step undone to its savepoint forgets those it raised after (<see cref="ForgetSince"/>).</summary>
    public int Count => raised?.Count ?? 0;

    public void ForgetSince(int count)
    {
        if (raised is not null && raised.Count > count) raised.RemoveRange(count, raised.Count - count);
    }
}
