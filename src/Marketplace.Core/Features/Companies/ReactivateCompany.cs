using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Events;
using Marketplace.Core.Shared;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Companies;

/// <summary>A churned company signs again: active from the new date, earlier churn records kept.</summary>
public static class ReactivateCompany
{
    public sealed record Command : ICommand<CompanyDto>
    {
        [JsonIgnore] public Guid CompanyId { get; init; }
        public DateOnly? SignedOn { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.SignedOn).Required().BusinessDate();
    }

    public static class Sql
    {
        public const string Reactivate = """
            UPDATE companies SET status = 'active', signed_on = @signedOn, updated_at = @at, version = version + 1
            WHERE id = @id AND version = @version AND status = 'churned'
            """;
    }

    public sealed class Handler(Db db, Audit audit, CompanyView view, DomainEvents events, IClock clock) : IRequestHandler<Command, CompanyDto>
    {
        public async Task<CompanyDto> Handle(Command c, CancellationToken ct)
        {
            var company = await view.Get(c.CompanyId, ct);
            if (company.Status != CompanyStatus.Churned)
                throw new ConflictException("Only a churned company can be reactivated; this one is active.", code: ConflictCodes.NotChurned);
            await CompanyChurns.CheckSignedAfterLastChurn(db, c.CompanyId, c.SignedOn!.Value, ct);
            if (await db.ExecuteAsync(Sql.Reactivate, new { id = c.CompanyId, version = company.Version, signedOn = c.SignedOn!.Value, at = clock.UtcNow }, ct) == 0)
                throw ConflictException.Stale("The company was changed by someone else meanwhile. Reload and try again.");
            await audit.Write("status_change", "company", c.CompanyId, $"churned → active, signed again on {c.SignedOn:yyyy-MM-dd}", ct);
            events.Raise(new CompanyReactivated(c.CompanyId, c.SignedOn!.Value));
            return await view.Get(c.CompanyId, ct);
        }
    }
}
