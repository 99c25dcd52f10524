using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;
using Marketplace.Core.Shared;

namespace Marketplace.Core.Features.Companies;

/// <summary>The CS owner's own view of the company (rank and the stage they believe it is in).</summary>
public static class SetAssessment
{
    public sealed record Command : ICommand<CompanyDto>
    {
        [JsonIgnore] public Guid CompanyId { get; init; }
        [JsonIgnore] public long? ExpectedVersion { get; init; }
        public Rank? Rank { get; init; }
        public Stage? Stage { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Rank).Required();
            RuleFor(c => c.Stage).Required();
        }
    }

    public static class Sql
    {
        public const string Update = """
            UPDATE companies SET assessment_rank = @rank, assessment_stage = @stage, assessed_on = @on,
                   updated_at = @at, version = version + 1
            WHERE id = @id AND version = @version
            """;
    }

    public sealed class Handler(Db db, Audit audit, CompanyView view, IClock clock) : IRequestHandler<Command, CompanyDto>
    {
        public async Task<CompanyDto> Handle(Command c, CancellationToken ct)
        {
            var company = await view.Get(c.CompanyId, ct);
            Versions.Check(c.ExpectedVersion, company.Version, "company");
            CompanyWrites.CheckNotChurned(company.Status);
            var rank = Wire.Name(c.Rank!.Value);
            var stage = Wire.Name(c.Stage!.Value);
            if (await db.ExecuteAsync(Sql.Update, new { id = c.CompanyId, version = company.Version, rank, stage, on = clock.Today, at = clock.UtcNow }, ct) == 0)
                throw ConflictException.Stale("The company was changed by someone else meanwhile. Reload and try again.");
            await audit.Write("update", "company", c.CompanyId,
                $"assessment {(company.Assessment is { } a ? $"{Wire.Name(a.Rank)}/{Wire.Name(a.Stage)}" : "-/-")} → {rank}/{stage} (computed stage {Wire.Name(company.Stage)})", ct);
            return await view.Get(c.CompanyId, ct);
        }
    }
}
