using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Events;
using Marketplace.Core.Pipeline;
using Marketplace.Core.Shared;
using MediatR;

namespace Marketplace.Core.Features.Companies;

/// <summary>
/// CS corrects a company churn record (PUT /api/company-churns/{id}): its day, reasons and note, held to the rules of
/// recording one. The engagements it ended end on its day, so they move with it.
/// </summary>
public static class CorrectCompanyChurn
{
    public sealed record Command : CompanyChurnFields, ICommand<CompanyChurnRecord>
    {
        [JsonIgnore] public Guid ChurnId { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new CompanyChurnValidator<Command>());
    }

    public static class Sql
    {
        public const string CompanyOf = "SELECT company_id FROM company_churns WHERE id = @id";
        /// <summary>The latest end of the term's engagements that ended on their own (not with this churn).</summary>
        public const string LastOtherEnd = """
            SELECT MAX(ec.ended_on) AS day FROM engagement_churns ec JOIN engagements e ON e.id = ec.engagement_id
            WHERE e.company_id = @companyId AND (ec.company_churn_id IS NULL OR ec.company_churn_id <> @id)
              AND e.contracted_on >= @signedOn AND e.contracted_on <= @churnedOn
            """;
        public const string Churn = """
            SELECT cc.id, cc.company_id, c.name AS company_name, cc.term_signed_on AS signed_on, cc.churned_on, cc.note
            FROM company_churns cc JOIN companies c ON c.id = cc.company_id WHERE cc.id = @id
            """;
        public const string Reasons = "SELECT reason_code FROM company_churn_reasons WHERE churn_id = @id ORDER BY reason_code";
        /// <summary>When the company signed again after this churn: the next term's start, if there is one.</summary>
        public const string NextSigning = """
            SELECT MIN(d) AS day FROM (
              SELECT cc.term_signed_on AS d FROM company_churns cc WHERE cc.company_id = @companyId AND cc.id <> @id AND cc.term_signed_on >= @churnedOn
              UNION ALL
              SELECT c.signed_on FROM companies c WHERE c.id = @companyId AND c.status = 'active' AND c.signed_on >= @churnedOn) t
            """;
        public const string EndedEngagements = "SELECT engagement_id FROM engagement_churns WHERE company_churn_id = @id";
        public const string Update = "UPDATE company_churns SET churned_on = @churnedOn, note = @note WHERE id = @id";
        public const string DeleteReasons = "DELETE FROM company_churn_reasons WHERE churn_id = @id";
        public const string MoveEnds = "UPDATE engagement_churns SET ended_on = @churnedOn WHERE company_churn_id = @id";
        public const string MoveCancellations = """
            UPDATE follow_ups SET cancelled_on = @churnedOn, updated_at = @at
            WHERE cancelled_on IS NOT NULL AND engagement_id IN (SELECT ec.engagement_id FROM engagement_churns ec WHERE ec.company_churn_id = @id)
            """;
    }

    public sealed class Handler(Db db, ReasonCatalogCache reasonCatalog, Audit audit, EngagementView engagements, DomainEvents events, IClock clock) : IRequestHandler<Command, CompanyChurnRecord>
    {
        public async Task<CompanyChurnRecord> Handle(Command c, CancellationToken ct)
        {
            // The company first, so that what is checked below stays so until the commit.
            var companyId = await db.QuerySingleOrDefaultAsync<Guid?>(Sql.CompanyOf, new { id = c.ChurnId }, ct)
                ?? throw new NotFoundException("company churn", c.ChurnId);
            await CompanyLock.Take(db, companyId, ct);
            var before = (await db.QuerySingleOrDefaultAsync<CompanyChurnRecord>(Sql.Churn, new { id = c.ChurnId }, ct))!;
            var beforeReasons = await db.QueryAsync<string>(Sql.Reasons, new { id = c.ChurnId }, ct);
            var churnedOn = c.ChurnedOn!.Value;
            if (churnedOn < before.SignedOn)
                throw Invalid.Because("churnedOn", ValidationMessages.NotBeforeSigned, ("Day", before.SignedOn));
            var next = await db.QuerySingleOrDefaultAsync<NullableDay>(Sql.NextSigning, new { id = c.ChurnId, companyId = before.CompanyId, churnedOn = before.ChurnedOn }, ct);
            if (next?.Day is { } signedAgain && churnedOn > signedAgain)
                throw Invalid.Because("churnedOn", ValidationMessages.NotAfterSignedAgain, ("Day", signedAgain));
            if ((await db.QuerySingleOrDefaultAsync<NullableDay>(Sql.LastOtherEnd, new { id = c.ChurnId, companyId, signedOn = before.SignedOn, churnedOn = before.ChurnedOn }, ct))?.Day is { } lastEnd
                && churnedOn < lastEnd)
                throw Invalid.Because("churnedOn", ValidationMessages.NotBeforeTermEnd, ("Day", lastEnd));
            var reasons = c.Reasons!.Distinct().ToList();
            var catalog = await reasonCatalog.Check(ChurnKind.Company, reasons, ct, kept: beforeReasons);
            // The engagements this churn ended end on its day, held to the rules of an end.
            var ended = await db.QueryAsync<Guid>(Sql.EndedEngagements, new { id = c.ChurnId }, ct);
            foreach (var id in ended)
            {
                var e = await engagements.Get(id, ct);
                RecordChecks.EndAfterStart("churnedOn", churnedOn, e.Kickoff?.HeldOn, e.ContractedOn);
                RecordChecks.EndAfterFollowUps("churnedOn", churnedOn, e.FollowUps);
            }

            var args = new { id = c.ChurnId, churnedOn, note = c.Note, at = clock.UtcNow };
            await db.ExecuteAsync(Sql.Update, args, ct);
            await db.ExecuteAsync(Sql.DeleteReasons, args, ct);
            foreach (var code in reasons)
                await db.ExecuteAsync(ChurnCompany.Sql.InsertReason, new { churnId = c.ChurnId, code }, ct);
            await db.ExecuteAsync(Sql.MoveEnds, args, ct);
            await db.ExecuteAsync(Sql.MoveCancellations, args, ct);
            await audit.Write("correct", "company_churn", c.ChurnId, AuditChanges.Describe(
                ("churnedOn", before.ChurnedOn, churnedOn), ("reasons", beforeReasons, reasons), ("note", before.Note, c.Note)), ct);
            events.Raise(new CompanyChurnCorrected(before.CompanyId, c.ChurnId));
            foreach (var id in ended)
                events.Raise(new EngagementCorrected(before.CompanyId, id, "end"));

            return before with
            {
                ChurnedOn = churnedOn,
                Reasons = reasons,
                Negative = ChurnClassification.IsNegative(reasons, catalog),
                TenureDays = Tenure.Days(before.SignedOn, churnedOn),
                Note = c.Note,
            };
        }
    }
}
