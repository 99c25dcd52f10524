using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Events;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;
using Marketplace.Core.Shared;

namespace Marketplace.Core.Features.Companies;

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

    public sealed class Handler(Db db, Audit audit, CompanyView view, DomainEvents events, IClock clock) : IRequestHandler<Command, CompanyDto>
    {
        public async Task<CompanyDto> Handle(Command c, CancellationToken ct)
        {
            await CompanyWrites.CheckOwner(db, c.CsOwnerId!.Value, ct);
            var id = Guid.NewGuid();
            await db.ExecuteAsync(Sql.Insert, CompanyWrites.Columns(c, id, clock.UtcNow), ct);
            await CompanyWrites.WritePurposes(db, id, c.Purposes!, ct);
            events.Raise(new CompanyRegistered(id));
            await audit.Write("create", "company", id, $"{c.Name!.Trim()} signed on {c.SignedOn:yyyy-MM-dd}", ct);
            return await view.Get(id, ct);
        }
    }
}
