using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Events;
using Marketplace.Core.Shared;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Companies;

/// <summary>A company churn record's body: recording it, and correcting it (PUT /api/company-churns/{id}).</summary>
public abstract record CompanyChurnFields
{
    public DateOnly? ChurnedOn { get; init; }
    public IReadOnlyList<string>? Reasons { get; init; }
    public string? Note { get; init; }
}

public sealed class CompanyChurnValidator<T> : AbstractValidator<T> where T : CompanyChurnFields
{
    public CompanyChurnValidator()
    {
        RuleFor(c => c.ChurnedOn).Required().BusinessDate();
        RuleFor(c => c.Reasons).NotEmpty().WithMessageKey(ValidationMessages.SomeReason);
        this.TextList(c => c.Reasons, ReasonCatalog.MaxReasons, ReasonCatalog.MaxCodeLength);
        RuleFor(c => c.Note).OptionalText(4000);
    }
}

/// <summary>
/// Company churn (企業解約): the company stops using the service. It is refused while engagements are still
/// open unless the request says to end them; each is then ended with its own engagement churn record.
/// </summary>
public static class ChurnCompany
{
    public sealed record EndedEngagement(Guid EngagementId, Guid EngagementChurnId);

    public sealed record Result(Guid Id, Guid CompanyId, DateOnly ChurnedOn, DateOnly SignedOn, IReadOnlyList<string> Reasons,
        bool Negative, int TenureDays, string? Note, IReadOnlyList<EndedEngagement> EndedEngagements, IReadOnlyList<Guid> DeclinedProposals);

    public sealed record Command : CompanyChurnFields, ICommand<Result>
    {
        [JsonIgnore] public Guid CompanyId { get; init; }
        public bool EndActiveEngagements { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new CompanyChurnValidator<Command>());
    }

    public static class Sql
    {
        public const string Company = "SELECT name, signed_on, status, version FROM companies WHERE id = @id";
        public const string OpenEngagements = """
            SELECT e.id, e.title, e.status, e.worker_id, w.name AS worker_name, e.version, e.start_on
            FROM engagements e JOIN workers w ON w.id = e.worker_id
            WHERE e.company_id = @id AND e.status IN @open
            ORDER BY e.start_on, e.id
            """;
        public const string Insert = """
            INSERT INTO company_churns (id, company_id, churned_on, term_signed_on, note, created_at, created_by)
            VALUES (@id, @companyId, @churnedOn, @signedOn, @note, @at, @by)
            """;
        public const string InsertReason = """
            INSERT INTO company_churn_reasons (churn_id, reason_code) VALUES (@churnId, @code)
            """;
        public const string MarkChurned = """
            UPDATE companies SET status = 'churned', updated_at = @at, version = version + 1
            WHERE id = @id AND version = @version AND status = 'active'
            """;
        public const string DeclineProposal = """
            UPDATE engagements SET status = 'declined', declined_note = @note, updated_at = @at, version = version + 1
            WHERE id = @id AND version = @version AND status = 'proposed'
            """;
    }

    private sealed record CompanyRow
    {
        public string Name { get; init; } = "";
        public DateOnly SignedOn { get; init; }
        public string Status { get; init; } = "";
        public long Version { get; init; }
    }

    private sealed record OpenEngagement
    {
        public Guid Id { get; init; }
        public string Title { get; init; } = "";
        public EngagementStatus Status { get; init; }
        public Guid WorkerId { get; init; }
        public string WorkerName { get; init; } = "";
        public long Version { get; init; }
        public DateOnly StartOn { get; init; }
    }

    public sealed class Handler(Db db, ReasonCatalogCache reasonCatalog, Audit audit, EngagementEnding ending, WorkerStatusWriter workers, DomainEvents events, IActorAccessor actor, IClock clock) : IRequestHandler<Command, Result>
    {
        private const string EndedByCompanyChurn = "企業解約に伴う終了 (ended because the company churned)";

        public async Task<Result> Handle(Command c, CancellationToken ct)
        {
            var company = await db.QuerySingleOrDefaultAsync<CompanyRow>(Sql.Company, new { id = c.CompanyId }, ct)
                ?? throw new NotFoundException("company", c.CompanyId);
            if (company.Status != Wire.Name(CompanyStatus.Active))
                throw new ConflictException("The company has already churned. Reactivate it first if it signed again.", code: ConflictCodes.AlreadyChurned);
            var churnedOn = c.ChurnedOn!.Value;
            if (churnedOn < company.SignedOn)
                throw Invalid.Because("churnedOn", ValidationMessages.NotBeforeSigned, ("Day", company.SignedOn));
            var reasons = c.Reasons!.Distinct().ToList();
            var catalog = await reasonCatalog.Check(ChurnKind.Company, reasons, ct);

            var open = await db.QueryAsync<OpenEngagement>(Sql.OpenEngagements, new { id = c.CompanyId, open = EngagementStatuses.OpenWords }, ct);
            var running = open.Where(e => EngagementStatuses.Running.Contains(e.Status)).ToList();
            if (running.Count > 0 && !c.EndActiveEngagements)
                throw new ConflictException(
                    $"The company still has {running.Count} active engagement(s). End them first, or send endActiveEngagements: true to end them with this churn.",
                    new Dictionary<string, object?>
                    {
                        ["activeEngagements"] = running.Select(e => new { id = e.Id, title = e.Title, status = e.Status, workerId = e.WorkerId, workerName = e.WorkerName }).ToList(),
                    }, ConflictCodes.ActiveEngagements);

            var at = clock.UtcNow;
            await CompanyLock.Take(db, c.CompanyId, ct);
            if (await db.ExecuteAsync(Sql.MarkChurned, new { id = c.CompanyId, version = company.Version, at }, ct) == 0)
                throw ConflictException.Stale("The company was changed by someone else meanwhile. Reload and try again.");
            var churnId = Guid.NewGuid();
            var negative = ChurnClassification.IsNegative(reasons, catalog);
            await db.ExecuteAsync(Sql.Insert, new { id = churnId, companyId = c.CompanyId, churnedOn, signedOn = company.SignedOn, note = c.Note, at, by = actor.Current.MemberId }, ct);
            foreach (var code in reasons)
                await db.ExecuteAsync(Sql.InsertReason, new { churnId, code }, ct);
            events.Raise(new CompanyChurned(c.CompanyId, churnId, churnedOn));

            var ended = new List<EndedEngagement>();
            foreach (var e in running)
            {
                var engagementChurn = await ending.End(new EngagementEnding.Ending(
                    e.Id, c.CompanyId, e.WorkerId, e.Version, churnedOn, ChurnInitiator.Company, ["company_churn"], EndedByCompanyChurn, churnId), ct);
                ended.Add(new EndedEngagement(e.Id, engagementChurn));
            }
            var declined = new List<Guid>();
            foreach (var proposal in open.Where(e => e.Status == EngagementStatus.Proposed))
            {
                await db.ExecuteAsync(Sql.DeclineProposal, new { id = proposal.Id, version = proposal.Version, note = EndedByCompanyChurn, at }, ct);
                await audit.Write("status_change", "engagement", proposal.Id, "proposed → declined (company churned)", ct);
                events.Raise(new EngagementDeclined(c.CompanyId, proposal.Id));
                await workers.AfterEngagementClosed(proposal.WorkerId, proposal.Id, ct);
                declined.Add(proposal.Id);
            }

            await audit.Write("churn", "company", c.CompanyId,
                $"{company.Name} churned on {churnedOn:yyyy-MM-dd} ({string.Join(", ", reasons)}{(negative ? ", negative" : "")}); ended {ended.Count} engagement(s)", ct);
            return new Result(churnId, c.CompanyId, churnedOn, company.SignedOn, reasons, negative,
                Tenure.Days(company.SignedOn, churnedOn), c.Note, ended, declined);
        }
    }
}
