using Marketplace.Core.Data;
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

/// <summary>A company's churn records as the rules ask about them.</summary>
public static class CompanyChurns
{
    public static class Sql
    {
        public const string LastChurnedOn = "SELECT MAX(churned_on) FROM company_churns WHERE company_id = @id";
    }

    /// <summary>The day the company last churned; null when it never did.</summary>
    public static Task<DateOnly?> LastChurnedOn(Db db, Guid companyId, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<DateOnly?>(Sql.LastChurnedOn, new { id = companyId }, ct);
}
