using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Events;
using Marketplace.Core.Pipeline;
using Marketplace.Core.Shared;
using MediatR;

namespace Marketplace.Core.Features.Engagements;

/// <summary>CS corrects an engagement's terms (PUT /api/engagements/{id}, If-Match), held to the rules of a proposal.</summary>
public static class CorrectEngagementTerms
{
    public sealed record Command : EngagementTermsFields, ICommand<EngagementDto>
    {
        [JsonIgnore] public Guid EngagementId { get; init; }
        [JsonIgnore] public long? ExpectedVersion { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new EngagementTermsValidator<Command>());
    }

    public static class Sql
    {
        public const string Update = """
            UPDATE engagements SET title = @title, job_type = @jobType, start_on = @startOn, monthly_hours = @monthlyHours, monthly_fee = @monthlyFee,
                   updated_at = @at, version = version + 1
            WHERE id = @id AND version = @version
            """;
    }

    public sealed class Handler(Db db, Audit audit, EngagementView view, DomainEvents events, IClock clock) : IRequestHandler<Command, EngagementDto>
    {
        public async Task<EngagementDto> Handle(Command c, CancellationToken ct)
        {
            // The company first, so that what is checked below stays so until the commit.
            await CompanyLock.TakeOf(db, c.EngagementId, ct);
            var before = await view.Row(c.EngagementId, ct);
            Versions.CheckRequired(c.ExpectedVersion, before.Version, "engagement");
            var startOn = c.StartOn!.Value;
            if (before.EndedOn is { } ended && startOn > ended)
                throw Invalid.Because("startOn", ValidationMessages.NotAfterEnd, ("Day", ended));
            var after = new
            {
                id = before.Id,
                title = c.Title!.Trim(),
                jobType = Wire.Name(c.JobType!.Value),
                startOn,
                monthlyHours = c.MonthlyHours!.Value,
                monthlyFee = c.MonthlyFee!.Value,
                at = clock.UtcNow,
                version = before.Version,
            };
            if (await db.ExecuteAsync(Sql.Update, after, ct) == 0) Versions.Check(c.ExpectedVersion, before.Version + 1, "engagement");
            await audit.Write("correct", "engagement", before.Id, AuditChanges.Describe(
                ("title", before.Title, after.title), ("jobType", before.JobType, after.jobType), ("startOn", before.StartOn, startOn),
                ("monthlyHours", before.MonthlyHours, after.monthlyHours), ("monthlyFee", before.MonthlyFee, after.monthlyFee)), ct);
            events.Raise(new EngagementCorrected(before.CompanyId, before.Id, "terms"));
            return await view.Get(before.Id, ct);
        }
    }
}
