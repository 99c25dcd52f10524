using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Events;
using Marketplace.Core.Pipeline;
using Marketplace.Core.Shared;
using MediatR;

namespace Marketplace.Core.Features.Engagements;

/// <summary>
/// CS corrects an engagement's end record (PUT /api/engagements/{id}/end): its day, who initiated it, its reasons and
/// note, held to the rules of ending one. An end that came with a company churn keeps that churn's day: correct the
/// company churn to move it.
/// </summary>
public static class CorrectEngagementEnd
{
    public sealed record Command : EndFields, ICommand<EngagementChurnRecord>
    {
        [JsonIgnore] public Guid EngagementId { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new EndValidator<Command>());
    }

    public static class Sql
    {
        public const string Update = "UPDATE engagement_churns SET ended_on = @endedOn, initiated_by = @initiatedBy, note = @note WHERE id = @churnId";
        public const string DeleteReasons = "DELETE FROM engagement_churn_reasons WHERE churn_id = @churnId";
        /// <summary>The churn that ended the company's term the engagement was contracted in, if it has ended.</summary>
        public const string TermChurn = "SELECT MIN(churned_on) AS day FROM company_churns WHERE company_id = @companyId AND churned_on >= @contractedOn";
        /// <summary>The follow-ups the end cancelled are cancelled on the end's day.</summary>
        public const string MoveCancellations = "UPDATE follow_ups SET cancelled_on = @endedOn, updated_at = @at WHERE engagement_id = @engagementId AND cancelled_on IS NOT NULL";
    }

    public sealed class Handler(Db db, ReasonCatalogCache reasonCatalog, Audit audit, EngagementView view, DomainEvents events, IClock clock) : IRequestHandler<Command, EngagementChurnRecord>
    {
        public async Task<EngagementChurnRecord> Handle(Command c, CancellationToken ct)
        {
            // The company first, so that what is checked below stays so until the commit.
            await CompanyLock.TakeOf(db, c.EngagementId, ct);
            var e = await view.Get(c.EngagementId, ct);
            var before = e.Churn ?? throw new ConflictException("This engagement has not ended; there is no end record to correct.",
                new Dictionary<string, object?> { ["engagementStatus"] = e.Status }, ConflictCodes.NotEnded);
            var endedOn = c.EndedOn!.Value;
            if (before.CompanyChurnId is { } companyChurn && endedOn != before.EndedOn)
                throw new BusinessRuleException("ended_with_company_churn",
                    $"This engagement ended with the company's churn on {before.EndedOn:yyyy-MM-dd}; correct that churn (PUT /api/company-churns/{companyChurn}) to move the day.",
                    new Dictionary<string, object?> { ["field"] = "endedOn" });
            RecordChecks.EndAfterStart("endedOn", endedOn, e.Kickoff?.HeldOn, e.ContractedOn);
            RecordChecks.EndAfterFollowUps("endedOn", endedOn, e.FollowUps);
            // An engagement ends by the day its company's term ended, if it has.
            if ((await db.QuerySingleOrDefaultAsync<NullableDay>(Sql.TermChurn, new { companyId = e.CompanyId, contractedOn = e.ContractedOn }, ct))?.Day is { } churned
                && endedOn > churned)
                throw Invalid.Because("endedOn", ValidationMessages.NotAfterCompanyChurn, ("Day", churned));
            var reasons = c.Reasons!.Distinct().ToList();
            await reasonCatalog.Check(ChurnKind.Engagement, reasons, ct, kept: before.Reasons);

            var args = new { churnId = before.Id, engagementId = e.Id, endedOn, initiatedBy = Wire.Name(c.InitiatedBy!.Value), note = c.Note, at = clock.UtcNow };
            await db.ExecuteAsync(Sql.Update, args, ct);
            await db.ExecuteAsync(Sql.DeleteReasons, args, ct);
            foreach (var code in reasons)
                await db.ExecuteAsync(EngagementEnding.Sql.InsertReason, new { churnId = before.Id, code }, ct);
            await db.ExecuteAsync(Sql.MoveCancellations, args, ct);
            await audit.Write("correct", "engagement_churn", before.Id, AuditChanges.Describe(
                ("endedOn", before.EndedOn, endedOn), ("initiatedBy", before.InitiatedBy, args.initiatedBy),
                ("reasons", before.Reasons, reasons), ("note", before.Note, c.Note)), ct);
            events.Raise(new EngagementCorrected(e.CompanyId, e.Id, "end"));

            var after = await view.Get(e.Id, ct);
            return EngagementEnding.Record(after);
        }
    }
}
