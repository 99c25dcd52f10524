using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Events;
using Marketplace.Core.Shared;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Engagements;

/// <summary>A worker is proposed to a company for a piece of work (案件).</summary>
public static class ProposeEngagement
{
    public sealed record Command : EngagementTermsFields, ICommand<EngagementDto>
    {
        public Guid? CompanyId { get; init; }
        public Guid? WorkerId { get; init; }
        /// <summary>
        /// Set by an import replaying a team's history: an engagement of a churned company's past term, or of a worker
        /// who has since paused or left, is recorded as it happened.
        /// </summary>
        [JsonIgnore] public bool FromHistory { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.CompanyId).Required();
            RuleFor(c => c.WorkerId).Required();
            Include(new EngagementTermsValidator<Command>());
        }
    }

    public static class Sql
    {
        public const string CompanyStatus = "SELECT status FROM companies WHERE id = @id";
        public const string Insert = """
            INSERT INTO engagements (id, company_id, worker_id, title, job_type, start_on, monthly_hours, monthly_fee, status, created_at, updated_at, version)
            VALUES (@id, @companyId, @workerId, @title, @jobType, @startOn, @monthlyHours, @monthlyFee, 'proposed', @at, @at, 1)
            """;
    }

    public sealed class Handler(Db db, Audit audit, EngagementView view, WorkerStatusWriter workers, DomainEvents events, IClock clock) : IRequestHandler<Command, EngagementDto>
    {
        public async Task<EngagementDto> Handle(Command c, CancellationToken ct)
        {
            var companyStatus = await db.QuerySingleOrDefaultAsync<string>(Sql.CompanyStatus, new { id = c.CompanyId }, ct)
                ?? throw Invalid.Because("companyId", ValidationMessages.UnknownCompany, ("Id", c.CompanyId));
            var worker = await workers.Find(c.WorkerId!.Value, ct)
                ?? throw Invalid.Because("workerId", ValidationMessages.UnknownWorker, ("Id", c.WorkerId));
            await CompanyChurns.TakesEngagement(db, c.CompanyId!.Value, companyStatus == Wire.Name(CompanyStatus.Active), c.StartOn!.Value, c.FromHistory, ct);
            if (!WorkerStatusGraph.CanBeProposed(worker.Status) && !c.FromHistory)
                throw new ConflictException(
                    $"A worker who is {Wire.Name(worker.Status)} cannot be proposed; only available, proposed or active workers can.",
                    new Dictionary<string, object?> { ["workerStatus"] = worker.Status }, ConflictCodes.NotProposable);

            var id = Guid.NewGuid();
            await CompanyLock.Take(db, c.CompanyId!.Value, ct);
            await db.ExecuteAsync(Sql.Insert, new
            {
                id,
                companyId = c.CompanyId!.Value,
                workerId = c.WorkerId!.Value,
                title = c.Title!.Trim(),
                jobType = Wire.Name(c.JobType!.Value),
                startOn = c.StartOn!.Value,
                monthlyHours = c.MonthlyHours!.Value,
                monthlyFee = c.MonthlyFee!.Value,
                at = clock.UtcNow,
            }, ct);
            await audit.Write("create", "engagement", id, $"'{c.Title!.Trim()}' proposed: worker {c.WorkerId} at company {c.CompanyId}", ct);
            events.Raise(new EngagementProposed(c.CompanyId!.Value, id, c.WorkerId!.Value));
            await workers.AfterProposed(worker, id, ct);
            return await view.Get(id, ct);
        }
    }
}
