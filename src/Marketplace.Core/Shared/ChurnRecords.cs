using Marketplace.Core.Domain;

namespace Marketplace.Core.Shared;

public sealed record EngagementChurnRecord
{
    public Guid Id { get; init; }
    public Guid EngagementId { get; init; }
    public Guid CompanyId { get; init; }
    public string CompanyName { get; init; } = "";
    public Guid WorkerId { get; init; }
    public string WorkerName { get; init; } = "";
    public JobType JobType { get; init; }
    public DateOnly StartOn { get; init; }
    public DateOnly EndedOn { get; init; }
    public ChurnInitiator InitiatedBy { get; init; }
    public IReadOnlyList<string> Reasons { get; init; } = [];
    public bool Negative { get; init; }
    public int TenureDays { get; init; }
    public string? Note { get; init; }
    public Guid? CompanyChurnId { get; init; }
}

public sealed record CompanyChurnRecord
{
    public Guid Id { get; init; }
    public Guid CompanyId { get; init; }
    public string CompanyName { get; init; } = "";
    public DateOnly SignedOn { get; init; }
    public DateOnly ChurnedOn { get; init; }
    public IReadOnlyList<string> Reasons { get; init; } = [];
    public bool Negative { get; init; }
    public int TenureDays { get; init; }
    public string? Note { get; init; }
}
