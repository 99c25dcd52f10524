using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;

using MediatR;

namespace Marketplace.Core.Features.Companies;

/// <summary>A satisfaction survey answer (NPS, 0–10) from the company.</summary>
public static class RecordSatisfaction
{
    public sealed record Result(Guid Id, Guid CompanyId, DateOnly SurveyedOn, int Score, string? Comment);

    public sealed record Command : ICommand<Result>
    {
        [JsonIgnore] public Guid CompanyId { get; init; }
        public DateOnly? SurveyedOn { get; init; }
        public int? Score { get; init; }
        public string? Comment { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.SurveyedOn).Required().BusinessDate();
            RuleFor(c => c.Score).Required().InclusiveBetween(0, 10);
            RuleFor(c => c.Comment).OptionalText(4000);
        }
    }

    public static class Sql
    {
        public const string CompanyStatus = "SELECT status FROM companies WHERE id = @id";
        public const string Insert = """
            INSERT INTO satisfaction_surveys (id, company_id, surveyed_on, score, comment, created_at, created_by)
            VALUES (@Id, @CompanyId, @SurveyedOn, @Score, @Comment, @at, @by)
            """;
    }

    public sealed class Handler(Db db, Audit audit, IActorAccessor actor, IClock clock, Events.DomainEvents events) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command c, CancellationToken ct)
        {
            var status = await db.QuerySingleOrDefaultAsync<string>(Sql.CompanyStatus, new { id = c.CompanyId }, ct)
                ?? throw new NotFoundException("company", c.CompanyId);
            CompanyWrites.CheckNotChurned(Wire.Parse<CompanyStatus>(status));
            var result = new Result(Guid.NewGuid(), c.CompanyId, c.SurveyedOn!.Value, c.Score!.Value, c.Comment);
            await db.ExecuteAsync(Sql.Insert, new { result.Id, result.CompanyId, result.SurveyedOn, result.Score, result.Comment, at = clock.UtcNow, by = actor.Current.MemberId }, ct);
            await audit.Write("create", "satisfaction", result.Id, $"company {c.CompanyId} scored {result.Score} on {result.SurveyedOn:yyyy-MM-dd}", ct);
            events.Raise(new Events.SatisfactionSurveyed(c.CompanyId, result.Id, result.SurveyedOn, result.Score));
            return result;
        }
    }
}

/// <summary>A company's satisfaction surveys (NPS 0–10), newest first.</summary>
public static class ListSatisfaction
{
    public sealed record Query(Guid CompanyId) : IRequest<IReadOnlyList<RecordSatisfaction.Result>>;

    public static class Sql
    {
        public const string ForCompany = """
            SELECT id, company_id, surveyed_on, score, comment FROM satisfaction_surveys
            WHERE company_id = @companyId ORDER BY surveyed_on DESC, id
            """;
    }

    private sealed record Row
    {
        public Guid Id { get; init; }
        public Guid CompanyId { get; init; }
        public DateOnly SurveyedOn { get; init; }
        public int Score { get; init; }
        public string? Comment { get; init; }
    }

    public sealed class Handler(Db db) : IRequestHandler<Query, IReadOnlyList<RecordSatisfaction.Result>>
    {
        public async Task<IReadOnlyList<RecordSatisfaction.Result>> Handle(Query q, CancellationToken ct) =>
            (await db.QueryAsync<Row>(Sql.ForCompany, new { companyId = q.CompanyId }, ct))
                .Select(r => new RecordSatisfaction.Result(r.Id, r.CompanyId, r.SurveyedOn, r.Score, r.Comment))
                .ToList();
    }
}
