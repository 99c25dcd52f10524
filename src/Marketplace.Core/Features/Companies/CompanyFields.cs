using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Companies;

/// <summary>The body of POST /api/companies and PUT /api/companies/{id}.</summary>
public abstract record CompanyFields
{
    public string? Name { get; init; }
    public string? Industry { get; init; }
    public int? EmployeeCount { get; init; }
    public long? MonthlyFee { get; init; }
    public Guid? CsOwnerId { get; init; }
    public DateOnly? SignedOn { get; init; }
    public IReadOnlyList<Purpose>? Purposes { get; init; }
}

public sealed class CompanyFieldsValidator<T> : AbstractValidator<T> where T : CompanyFields
{
    public CompanyFieldsValidator()
    {
        RuleFor(c => c.Name).Text(200);
        RuleFor(c => c.Industry).Text(100);
        RuleFor(c => c.EmployeeCount).Required().InclusiveBetween(1, 10_000_000);
        RuleFor(c => c.MonthlyFee).Required().InclusiveBetween(0, 100_000_000_000);
        RuleFor(c => c.CsOwnerId).Required();
        RuleFor(c => c.SignedOn).Required().BusinessDate();
        RuleFor(c => c.Purposes).NotNull().WithMessageKey(ValidationMessages.PurposesRequired)
            .Must(p => p is null || p.Distinct().Count() == p.Count).WithMessageKey(ValidationMessages.Repeated);
    }
}

/// <summary>Checks and writes shared by creating and updating a company.</summary>
public static class CompanyWrites
{
    public static class Sql
    {
        public const string OwnerTeam = "SELECT team FROM members WHERE id = @id";
        public const string DeletePurposes = "DELETE FROM company_purposes WHERE company_id = @id";
        public const string InsertPurpose = "INSERT INTO company_purposes (company_id, purpose) VALUES (@id, @purpose)";
    }

    /// <summary>A churned company is history: its record changes again only after 再契約 (ReactivateCompany).</summary>
    public static void CheckNotChurned(CompanyStatus status)
    {
        if (status == CompanyStatus.Churned)
            throw new ConflictException("The company has churned; record its reactivation before changing it.", code: ConflictCodes.CompanyReadOnly);
    }

    /// <summary>The CS owner must be a member of the CS team (or an admin acting as one).</summary>
    public static async Task CheckOwner(Db db, Guid ownerId, CancellationToken ct)
    {
        var team = await db.QuerySingleOrDefaultAsync<string>(Sql.OwnerTeam, new { id = ownerId }, ct);
        if (team is null) throw Invalid.Because("csOwnerId", ValidationMessages.UnknownMember, ("Id", ownerId));
        if (team != Wire.Name(Team.Cs) && team != Wire.Name(Team.Admin))
            throw Invalid.Because("csOwnerId", ValidationMessages.CsOwnerTeam, ("Team", team));
    }

    /// <summary>The column values of the body, as parameters for INSERT and UPDATE alike.</summary>
    public static Dapper.DynamicParameters Columns(CompanyFields c, Guid id, DateTime at)
    {
        var p = new Dapper.DynamicParameters();
        p.AddDynamicParams(new
        {
            id,
            name = c.Name!.Trim(),
            industry = c.Industry!.Trim(),
            employeeCount = c.EmployeeCount!.Value,
            monthlyFee = c.MonthlyFee!.Value,
            csOwnerId = c.CsOwnerId!.Value,
            signedOn = c.SignedOn!.Value,
            at,
        });
        return p;
    }

    public static async Task WritePurposes(Db db, Guid id, IEnumerable<Purpose> purposes, CancellationToken ct)
    {
        await db.ExecuteAsync(Sql.DeletePurposes, new { id }, ct);
        foreach (var purpose in purposes.Distinct())
            await db.ExecuteAsync(Sql.InsertPurpose, new { id, purpose = Wire.Name(purpose) }, ct);
    }
}
