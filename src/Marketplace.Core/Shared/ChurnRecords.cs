using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;

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
        // No row (rather than a row holding NULL) for a company that never churned.
        public const string LastChurnedOn = "SELECT MAX(churned_on) FROM company_churns WHERE company_id = @id HAVING COUNT(*) > 0";
    }

    /// <summary>The day the company last churned; null when it never did.</summary>
    public static Task<DateOnly?> LastChurnedOn(Db db, Guid companyId, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<DateOnly?>(Sql.LastChurnedOn, new { id = companyId }, ct);

    /// <summary>
    /// A company's current term starts on or after its last churn, so two terms never stand on the same day: 400 at
    /// signedOn otherwise (on reactivation and when the signing day is corrected).
    /// </summary>
    public static async Task CheckSignedAfterLastChurn(Db db, Guid companyId, DateOnly signedOn, CancellationToken ct)
    {
        if (await LastChurnedOn(db, companyId, ct) is { } churned && signedOn < churned)
            throw Invalid.Because("signedOn", ValidationMessages.NotBeforeLastChurn, ("Day", churned));
    }

    /// <summary>
    /// A company takes an engagement while it is active; a churned one only as its history (<paramref name="fromHistory"/>),
    /// starting before its last churn. 409 <see cref="ConflictCodes.CompanyChurned"/> otherwise.
    /// </summary>
    public static async Task TakesEngagement(Db db, Guid companyId, bool active, DateOnly startOn, bool fromHistory, CancellationToken ct)
    {
        if (active || (fromHistory && await LastChurnedOn(db, companyId, ct) is { } churnedOn && startOn < churnedOn)) return;
        throw new ConflictException("The company has churned; reactivate it before proposing engagements.", code: ConflictCodes.CompanyChurned);
    }
}
