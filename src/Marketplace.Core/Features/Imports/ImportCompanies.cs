using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Features.Companies;
using Marketplace.Core.Imports;
using Marketplace.Core.Pipeline;
using Marketplace.Core.Shared;
using MediatR;

namespace Marketplace.Core.Features.Imports;

/// <summary>
/// The customer master from a team's sheet: each row a company (matched by its external id when the sheet has one,
/// else by name), created or updated through the company use cases, and its churn recorded when the row gives one.
/// </summary>
public static class ImportCompanies
{
    public const string Kind = "companies";

    public static readonly IReadOnlyList<ImportColumn> Columns =
    [
        new("name", "企業名", "name", Required: true),
        new("industry", "業界", "industry", Required: true),
        new("employeeCount", "従業員数", "employeeCount", Required: true),
        new("monthlyFee", "月額", "monthlyFee", Required: true),
        new("csOwnerEmail", "CS担当メール", "csOwnerEmail", Required: true),
        new("signedOn", "契約日", "signedOn", Required: true),
        new("purposes", "目的", "purposes"),
        new("externalId", "外部ID", "externalId"),
        new("churnedOn", "解約日", "churnedOn"),
        new("churnReasons", "解約理由", "churnReasons"),
    ];

    public sealed record Command : ImportCommand;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new ImportCommandValidator<Command>());
    }

    public static class Sql
    {
        public const string ByExternalId = "SELECT id FROM companies WHERE external_id = @externalId";
        public const string ByName = "SELECT id FROM companies WHERE name = @name ORDER BY created_at";
        /// <summary>A company entered by hand before the team's sheet had ids: matched by its name the first time the id comes.</summary>
        public const string ByNameWithoutExternalId = "SELECT id FROM companies WHERE name = @name AND external_id IS NULL ORDER BY created_at";
        public const string SetExternalId = "UPDATE companies SET external_id = @externalId WHERE id = @id";
        public const string LastChurn = """
            SELECT id, churned_on AS ChurnedOn FROM company_churns WHERE company_id = @id ORDER BY churned_on DESC, created_at DESC
            """;
        public const string ChurnReasons = "SELECT reason_code FROM company_churn_reasons WHERE churn_id = @id ORDER BY reason_code";
    }

    private sealed record LastChurnRow(Guid Id, DateOnly ChurnedOn);

    public sealed class Handler(ImportRun run, ImportLookups lookups, Db db, CompanyView view) : IRequestHandler<Command, ImportReport>
    {
        public Task<ImportReport> Handle(Command c, CancellationToken ct) => run.Apply(Kind, c, Columns, row => Apply(row, ct), ct);

        private async Task<(string, ImportOutcome)> Apply(ImportRow row, CancellationToken ct)
        {
            var name = row.Text("name", required: true);
            var externalId = row.Text("externalId", max: 100);
            var match = externalId ?? name ?? "";
            var key = externalId is null || name is null ? match : $"{name} ({externalId})";
            var fields = new
            {
                Industry = row.Text("industry", required: true),
                EmployeeCount = row.Int("employeeCount", required: true),
                MonthlyFee = row.Money("monthlyFee", required: true),
                SignedOn = row.Date("signedOn", required: true),
                Purposes = row.Words<Purpose>("purposes") ?? [],
                ChurnedOn = row.Date("churnedOn"),
            };
            var owner = await lookups.Member(row, "csOwnerEmail", required: true, ct);
            var reasons = await lookups.Reasons(row, "churnReasons", ct);
            if (match.Length > 0) run.Once(row, externalId is null ? "name" : "externalId", match, externalId is null ? "企業名" : "外部ID");
            if (row.Failed) throw ImportRun.Refuse(key);

            var matches = externalId is not null ? await db.QueryAsync<Guid>(Sql.ByExternalId, new { externalId }, ct) : await db.QueryAsync<Guid>(Sql.ByName, new { name }, ct);
            var adoptsId = false;
            if (matches.Count == 0 && externalId is not null && name is not null)
            {
                matches = await db.QueryAsync<Guid>(Sql.ByNameWithoutExternalId, new { name }, ct);
                adoptsId = matches.Count == 1;
            }
            if (matches.Count > 1)
            {
                var field = externalId is null ? "name" : "externalId";
                row.Problem(field, ValidationMessages.Text(ValidationMessages.ImportAmbiguous, field, ("Column", row.HeaderOf(field)), ("Value", match)));
                throw ImportRun.Refuse(key);
            }
            var existing = matches.Count == 1 ? matches[0] : (Guid?)null;
            if (adoptsId) await db.ExecuteAsync(Sql.SetExternalId, new { id = existing, externalId }, ct);
            var outcome = adoptsId ? ImportOutcome.Updated : ImportOutcome.Unchanged;
            Guid id;
            var renames = new[] { ("csOwnerId", "csOwnerEmail") };
            if (existing is null)
            {
                var created = await run.Send(row, key, new CreateCompany.Command
                {
                    Name = name, Industry = fields.Industry, EmployeeCount = fields.EmployeeCount, MonthlyFee = fields.MonthlyFee,
                    CsOwnerId = owner, SignedOn = fields.SignedOn, Purposes = fields.Purposes,
                }, ct, renames: renames);
                id = created.Id;
                if (externalId is not null) await db.ExecuteAsync(Sql.SetExternalId, new { id, externalId }, ct);
                outcome = ImportOutcome.Created;
            }
            else
            {
                id = existing.Value;
                var before = await view.Get(id, ct);
                var same = before.Name == name!.Trim() && before.Industry == fields.Industry!.Trim() && before.EmployeeCount == fields.EmployeeCount
                    && before.MonthlyFee == fields.MonthlyFee && before.CsOwnerId == owner && before.SignedOn == fields.SignedOn
                    && before.Purposes.Order().SequenceEqual(fields.Purposes.Order());
                // A churned company's own terms stand until it signs again; the churn columns still correct its churn.
                if (!same && !(before.Status == CompanyStatus.Churned && before.SignedOn == fields.SignedOn && fields.ChurnedOn is not null))
                {
                    await run.Send(row, key, new UpdateCompany.Command
                    {
                        Id = id, ExpectedVersion = before.Version,
                        Name = name, Industry = fields.Industry, EmployeeCount = fields.EmployeeCount, MonthlyFee = fields.MonthlyFee,
                        CsOwnerId = owner, SignedOn = fields.SignedOn, Purposes = fields.Purposes,
                    }, ct, column: "name", renames: renames);
                    outcome = ImportOutcome.Updated;
                }
            }

            if (fields.ChurnedOn is { } churnedOn)
            {
                var status = (await view.Get(id, ct)).Status;
                var churnRenames = new[] { ("reasons", "churnReasons") };
                if (status == CompanyStatus.Active)
                {
                    await run.Send(row, key, new ChurnCompany.Command { CompanyId = id, ChurnedOn = churnedOn, Reasons = reasons, EndActiveEngagements = true },
                        ct, column: "churnedOn", renames: churnRenames);
                    if (outcome == ImportOutcome.Unchanged) outcome = ImportOutcome.Updated;
                }
                else if (await db.QuerySingleOrDefaultAsync<LastChurnRow>(Sql.LastChurn, new { id }, ct) is { } last)
                {
                    var recorded = await db.QueryAsync<string>(Sql.ChurnReasons, new { id = last.Id }, ct);
                    if (last.ChurnedOn != churnedOn || !recorded.SequenceEqual((reasons ?? []).Order(StringComparer.Ordinal)))
                    {
                        await run.Send(row, key, new CorrectCompanyChurn.Command { ChurnId = last.Id, ChurnedOn = churnedOn, Reasons = reasons },
                            ct, column: "churnedOn", renames: churnRenames);
                        if (outcome == ImportOutcome.Unchanged) outcome = ImportOutcome.Updated;
                    }
                }
            }
            return (key, outcome);
        }
    }
}
