using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Events;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;
using Marketplace.Core.Shared;

namespace Marketplace.Core.Features.Companies;

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

    public sealed class Handler(Db db, Audit audit, CompanyView view, DomainEvents events, IClock clock) : IRequestHandler<Command, CompanyDto>
    {
        public async Task<CompanyDto> Handle(Command c, CancellationToken ct)
        {
            var before = await view.Get(c.Id, ct);
            Versions.CheckRequired(c.ExpectedVersion, before.Version, "company");
            CompanyWrites.CheckNotChurned(before.Status);
            await CompanyChurns.CheckSignedAfterLastChurn(db, c.Id, c.SignedOn!.Value, ct);
            await CompanyWrites.CheckOwner(db, c.CsOwnerId!.Value, ct);
            var columns = CompanyWrites.Columns(c, c.Id, clock.UtcNow);
            columns.Add("version", before.Version);
            var changed = await db.ExecuteAsync(Sql.Update, columns, ct);
            if (changed == 0) Versions.Check(c.ExpectedVersion, before.Version + 1, "company");
            await CompanyWrites.WritePurposes(db, c.Id, c.Purposes!, ct);
            events.Raise(new CompanyUpdated(c.Id));
            await audit.Write("update", "company", c.Id,
                $"{before.Name} → {c.Name!.Trim()}; employees {before.EmployeeCount} → {c.EmployeeCount}; fee {before.MonthlyFee} → {c.MonthlyFee}; owner {before.CsOwnerId} → {c.CsOwnerId}", ct);
            return await view.Get(c.Id, ct);
        }
    }
}
