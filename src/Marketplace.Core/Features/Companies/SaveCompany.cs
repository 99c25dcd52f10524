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
        RuleFor(c => c.SignedOn).Required();
        RuleFor(c => c.Purposes).NotNull().WithMessage("purposes is required (it may be an empty list).")
            .Must(p => p is null || p.Distinct().Count() == p.Count).WithMessage("purposes must not repeat a purpose.");
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

    /// <summary>The CS owner must be a member of the CS team (or an admin acting as one).</summary>
    public static async Task CheckOwner(Db db, Guid ownerId, CancellationToken ct)
    {
        var team = await db.QuerySingleOrDefaultAsync<string>(Sql.OwnerTeam, new { id = ownerId }, ct);
        if (team is null) throw Invalid.Field("csOwnerId", $"No member has id '{ownerId}'.");
        if (team != Wire.Name(Team.Cs) && team != Wire.Name(Team.Admin))
            throw Invalid.Field("csOwnerId", $"The CS owner must be a member of the cs team, not {team}.");
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

public static class CreateCompany
{
    public sealed record Command : CompanyFields, ICommand<CompanyDto>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new CompanyFieldsValidator<Command>());
    }

    public static class Sql
    {
        public const string Insert = """
            INSERT INTO companies (id, name, industry, employee_count, monthly_fee, cs_owner_id, signed_on, status, created_at, updated_at, version)
            VALUES (@id, @name, @industry, @employeeCount, @monthlyFee, @csOwnerId, @signedOn, 'active', @at, @at, 1)
            """;
    }

    public sealed class Handler(Db db, Audit audit, CompanyView view, IClock clock) : IRequestHandler<Command, CompanyDto>
    {
        public async Task<CompanyDto> Handle(Command c, CancellationToken ct)
        {
            await CompanyWrites.CheckOwner(db, c.CsOwnerId!.Value, ct);
            var id = Guid.NewGuid();
            await db.ExecuteAsync(Sql.Insert, CompanyWrites.Columns(c, id, clock.UtcNow), ct);
            await CompanyWrites.WritePurposes(db, id, c.Purposes!, ct);
            await audit.Write("create", "company", id, $"{c.Name!.Trim()} signed on {c.SignedOn:yyyy-MM-dd}", ct);
            return await view.Get(id, ct);
        }
    }
}

public static class UpdateCompany
{
    public sealed record Command : CompanyFields, ICommand<CompanyDto>
    {
        [System.Text.Json.Serialization.JsonIgnore] public Guid Id { get; init; }
        [System.Text.Json.Serialization.JsonIgnore] public long? ExpectedVersion { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new CompanyFieldsValidator<Command>());
    }

    public static class Sql
    {
        public const string Version = "SELECT version FROM companies WHERE id = @id";
        public const string Update = """
            UPDATE companies SET name = @name, industry = @industry, employee_count = @employeeCount, monthly_fee = @monthlyFee,
                   cs_owner_id = @csOwnerId, signed_on = @signedOn, updated_at = @at, version = version + 1
            WHERE id = @id AND version = @version
            """;
    }

    public sealed class Handler(Db db, Audit audit, CompanyView view, IClock clock) : IRequestHandler<Command, CompanyDto>
    {
        public async Task<CompanyDto> Handle(Command c, CancellationToken ct)
        {
            var before = await view.Get(c.Id, ct);
            if (c.ExpectedVersion is null)
                throw new PreconditionRequiredException("Send If-Match with the ETag of the company you edited, so a concurrent edit is not overwritten.");
            Versions.Check(c.ExpectedVersion, before.Version, "company");
            await CompanyWrites.CheckOwner(db, c.CsOwnerId!.Value, ct);
            var columns = CompanyWrites.Columns(c, c.Id, clock.UtcNow);
            columns.Add("version", before.Version);
            var changed = await db.ExecuteAsync(Sql.Update, columns, ct);
            if (changed == 0) Versions.Check(c.ExpectedVersion, before.Version + 1, "company");
            await CompanyWrites.WritePurposes(db, c.Id, c.Purposes!, ct);
            await audit.Write("update", "company", c.Id,
                $"{before.Name} → {c.Name!.Trim()}; employees {before.EmployeeCount} → {c.EmployeeCount}; fee {before.MonthlyFee} → {c.MonthlyFee}; owner {before.CsOwnerId} → {c.CsOwnerId}", ct);
            return await view.Get(c.Id, ct);
        }
    }
}
