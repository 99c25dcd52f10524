using System.Data;
using System.Data.Common;
using System.Text.Json;
using Dapper;
using Marketplace.Core.Data;
using Marketplace.Core.Features.Companies;
using Marketplace.Core.Features.Engagements;
using Marketplace.Core.Features.Insights;
using Marketplace.Core.Features.Workers;
using Marketplace.Core.Pipeline;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Marketplace.Core.Shared;
using Marketplace.Core.Facts;

namespace Marketplace.Bench.Server;

/// <summary>
/// Bare baselines of the read and write API: the product's own SQL (its public <c>Sql</c> constants, rendered by the
/// dialect as <see cref="Db"/> does) straight through Dapper on a connection from the app's <see cref="ConnectionFactory"/>,
/// and the rows serialised as JSON with the product's JSON settings. No authentication, MediatR, validation, domain
/// rules or view post-processing (stage, touch tier, ordering): what is left is the floor the product is measured against.
/// </summary>
public static class BareReadEndpoints
{
    /// <summary>What the product's company row carries, as the columns of <see cref="CompanyView.Columns"/>.</summary>
    public record CompanyColumns
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string Industry { get; init; } = "";
        public int EmployeeCount { get; init; }
        public long MonthlyFee { get; init; }
        public Guid CsOwnerId { get; init; }
        public string CsOwnerName { get; init; } = "";
        public DateOnly SignedOn { get; init; }
        public string Status { get; init; } = "";
        public string? AssessmentRank { get; init; }
        public string? AssessmentStage { get; init; }
        public DateOnly? AssessedOn { get; init; }
        public long Version { get; init; }
        public DateOnly? FirstKickoffOn { get; init; }
        public int ActiveEngagements { get; init; }
        public int TotalEngagements { get; init; }
        public int? LastSatisfaction { get; init; }
        public DateOnly? LastNegativeChurnOn { get; init; }
    }

    /// <summary>A company as the get reads it: the row, then its purposes from a second statement.</summary>
    public sealed record CompanyRow : CompanyColumns
    {
        public IReadOnlyList<string> Purposes { get; set; } = [];
    }

    /// <summary>A company of the list's page, its purposes aggregated by the page statement (serialised as the database returns them).</summary>
    public sealed record CompanyPageRow : CompanyColumns
    {
        public string? Purposes { get; init; }
    }

    /// <summary>The floor: the least a page of 50 companies can cost through Dapper and JSON.</summary>
    public sealed record CompanyName
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
    }

    /// <summary>The floor's statement: the first 50 company names, nothing joined or computed.</summary>
    public const string FloorSql = "SELECT id, name FROM companies ORDER BY name LIMIT 50";

    private sealed record PurposeRow(Guid CompanyId, string Purpose);

    private sealed record WorkerCurrent
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string Status { get; init; } = "";
        public long Version { get; init; }
    }

    private sealed record WorkerRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string Email { get; init; } = "";
        public string JobType { get; init; } = "";
        public string MainJobStyle { get; init; } = "";
        public int WeeklyHours { get; init; }
        public Guid ConciergeId { get; init; }
        public string ConciergeName { get; init; } = "";
        public string Status { get; init; } = "";
        public DateTime CreatedAt { get; init; }
        public DateTime UpdatedAt { get; init; }
        public long Version { get; init; }
        public IReadOnlyList<string> Skills { get; set; } = [];
    }

    private sealed record SkillRow(Guid WorkerId, string Skill);

    private sealed record EngagementRow
    {
        public Guid Id { get; init; }
        public Guid CompanyId { get; init; }
        public string CompanyName { get; init; } = "";
        public Guid WorkerId { get; init; }
        public string WorkerName { get; init; } = "";
        public string Status { get; init; } = "";
        public long Version { get; init; }
    }

    private sealed record PendingRow
    {
        public Guid Id { get; init; }
        public DateOnly DueOn { get; init; }
    }

    public sealed record StatusBody(string? Status, string? Note);

    public sealed record FollowUpBody(DateOnly? HeldOn, int? CompanySatisfaction, int? WorkerEvaluation, string? Note);

    private static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        JsonSetup.Configure(options);
        return options;
    }

    public static void Map(WebApplication app)
    {
        var factory = app.Services.GetRequiredService<ConnectionFactory>();
        var dialect = factory.Dialect;
        string R(string sql) => dialect.Render(sql);

        var count = R(ListCompanies.Sql.CountAll);  // the product counts this way when no filter is given, as here
        var listPage = R(ListCompanies.Sql.PageAll(null));  // and pages this way, in name order
        var byIds = R(CompanyView.Sql.ByIds);
        var purposes = R(CompanyView.Sql.Purposes);

        var bare = app.MapGroup("/bare").AllowAnonymous();

        // The statements of ListCompanies with no filter: the count, and the page with its rows, owners and purposes.
        bare.MapGet("/companies", async (HttpContext http, CancellationToken ct) =>
        {
            var page = int.TryParse(http.Request.Query["page"], out var p) && p > 0 ? p : 1;
            var pageSize = int.TryParse(http.Request.Query["pageSize"], out var s) && s > 0 ? Math.Min(s, 200) : 50;
            var args = new DynamicParameters(new { status = (string?)null, csOwnerId = (Guid?)null, q = (string?)null });
            args.Add("skip", (page - 1) * pageSize);
            args.Add("take", pageSize);
            await using var conn = await factory.OpenAsync(ct);
            var total = await conn.ExecuteScalarAsync<int>(new CommandDefinition(count, args, cancellationToken: ct));
            var items = (await conn.QueryAsync<CompanyPageRow>(new CommandDefinition(listPage, args, cancellationToken: ct))).AsList();
            await http.Response.WriteAsJsonAsync(new { items, total, page, pageSize }, Json, ct);
        });

        bare.MapGet("/floor", async (HttpContext http, CancellationToken ct) =>
        {
            await using var conn = await factory.OpenAsync(ct);
            var items = (await conn.QueryAsync<CompanyName>(new CommandDefinition(FloorSql, cancellationToken: ct))).AsList();
            await http.Response.WriteAsJsonAsync(new { items }, Json, ct);
        });

        // The statements of CompanyView.Get: the row (with the stage facts kept on it), then its purposes.
        bare.MapGet("/companies/{id:guid}", async (Guid id, HttpContext http, CancellationToken ct) =>
        {
            await using var conn = await factory.OpenAsync(ct);
            var args = new { ids = dialect.IdList([id]) };
            var row = await conn.QuerySingleOrDefaultAsync<CompanyRow>(new CommandDefinition(byIds, args, cancellationToken: ct));
            if (row is null) { http.Response.StatusCode = StatusCodes.Status404NotFound; return; }
            row.Purposes = (await conn.QueryAsync<PurposeRow>(new CommandDefinition(purposes, args, cancellationToken: ct))).Select(x => x.Purpose).ToList();
            await http.Response.WriteAsJsonAsync(row, Json, ct);
        });

        // Writes: the statements ChangeWorkerStatus / WorkerStatusWriter / Audit issue, in one transaction at the
        // isolation Db.BeginAsync takes (BEGIN IMMEDIATE on SQLite), and the same read-back for the answer.
        var workerCurrent = R(WorkerStatusWriter.Sql.Current);
        var workerMove = R(WorkerStatusWriter.Sql.Move);
        var workerHistory = R(WorkerStatusWriter.Sql.History);
        var auditInsert = R(Audit.Sql.Insert);
        var workerByIds = R(WorkerView.Sql.ByIds);
        var workerSkills = R(WorkerView.Sql.Skills);
        var isolation = dialect.Provider == DatabaseProvider.Sqlite ? IsolationLevel.Serializable : IsolationLevel.ReadCommitted;
        const string actorName = "bench-bare";

        bare.MapPost("/workers/{id:guid}/status", async (Guid id, HttpContext http, CancellationToken ct) =>
        {
            var body = await http.Request.ReadFromJsonAsync<StatusBody>(Json, ct);
            if (body?.Status is not { } to) { http.Response.StatusCode = StatusCodes.Status400BadRequest; return; }
            var note = string.IsNullOrWhiteSpace(body.Note) ? null : body.Note.Trim();
            await using var conn = await factory.OpenAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(isolation, ct);
            var worker = await conn.QuerySingleOrDefaultAsync<WorkerCurrent>(new CommandDefinition(workerCurrent, new { id }, tx, cancellationToken: ct));
            if (worker is null) { http.Response.StatusCode = StatusCodes.Status404NotFound; return; }
            var at = DateTime.UtcNow;
            var changed = await conn.ExecuteAsync(new CommandDefinition(workerMove,
                new { id, from = worker.Status, to, version = worker.Version, at }, tx, cancellationToken: ct));
            if (changed == 0) { http.Response.StatusCode = StatusCodes.Status409Conflict; return; }
            await conn.ExecuteAsync(new CommandDefinition(workerHistory,
                new { workerId = id, from = worker.Status, to, at, by = (Guid?)null, engagementId = (Guid?)null, note }, tx, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition(auditInsert, new
            {
                at,
                memberId = (string?)null,
                actor = actorName,
                action = "status_change",
                entity = "worker",
                entityId = id.ToString("D"),
                summary = $"{worker.Status} → {to}{(note is null ? "" : $": {note}")}",
            }, tx, cancellationToken: ct));
            var args = new { ids = dialect.IdList([id]) };
            var row = await conn.QuerySingleAsync<WorkerRow>(new CommandDefinition(workerByIds, args, tx, cancellationToken: ct));
            row.Skills = (await conn.QueryAsync<SkillRow>(new CommandDefinition(workerSkills, args, tx, cancellationToken: ct))).Select(s => s.Skill).ToList();
            await tx.CommitAsync(ct);
            await http.Response.WriteAsJsonAsync(row, Json, ct);
        });

        // The statements RecordFollowUp issues: the engagement row, its kickoff date, the company row taken, the pending
        // follow-up, then completing it (or adding a held one), the company's stage facts and satisfaction spans
        // recomputed (DerivedFacts, from the FollowUpHeld event), the audit entry and the read-back, in one transaction.
        var engagementById = R(EngagementView.Sql.ById);
        var lockCompany = R(CompanyLock.Sql.Take);
        var refreshFacts = R(CompanyStageFacts.Sql.Refresh);
        var refreshSatisfaction = R(CompanySpans.Sql.RefreshSatisfaction);
        var kickoffOn = R(RecordFollowUp.Sql.KickoffOn);
        var pending = R(RecordFollowUp.Sql.Pending);
        var complete = R(RecordFollowUp.Sql.Complete);
        var insertHeld = R(RecordFollowUp.Sql.InsertHeld);
        var followUpById = R(RecordFollowUp.Sql.ById);

        bare.MapPost("/engagements/{id:guid}/follow-ups", async (Guid id, HttpContext http, CancellationToken ct) =>
        {
            var body = await http.Request.ReadFromJsonAsync<FollowUpBody>(Json, ct);
            if (body is not { HeldOn: { } heldOn, CompanySatisfaction: { } satisfaction, WorkerEvaluation: { } evaluation })
            {
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
            await using var conn = await factory.OpenAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(isolation, ct);
            var e = await conn.QuerySingleOrDefaultAsync<EngagementRow>(new CommandDefinition(engagementById, new { id }, tx, cancellationToken: ct));
            if (e is null) { http.Response.StatusCode = StatusCodes.Status404NotFound; return; }
            _ = await conn.QuerySingleOrDefaultAsync<DateOnly?>(new CommandDefinition(kickoffOn, new { id }, tx, cancellationToken: ct));
            var args = new
            {
                id = Guid.NewGuid(),
                engagementId = id,
                companyId = e.CompanyId,
                heldOn,
                satisfaction,
                evaluation,
                workerSatisfaction = (int?)null,
                note = body.Note,
                by = (Guid?)null,
                at = DateTime.UtcNow,
            };
            _ = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(lockCompany, new { companyId = e.CompanyId }, tx, cancellationToken: ct));
            var next = (await conn.QueryAsync<PendingRow>(new CommandDefinition(pending, new { id }, tx, cancellationToken: ct))).FirstOrDefault();
            var followUpId = args.id;
            if (next is not null && await conn.ExecuteAsync(new CommandDefinition(complete, args with { id = next.Id }, tx, cancellationToken: ct)) == 1)
                followUpId = next.Id;
            else
                await conn.ExecuteAsync(new CommandDefinition(insertHeld, args, tx, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition(refreshFacts, new { ids = dialect.IdList([e.CompanyId]) }, tx, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition(refreshSatisfaction, new { ids = dialect.IdList([e.CompanyId]) }, tx, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition(auditInsert, new
            {
                at = args.at,
                memberId = (string?)null,
                actor = actorName,
                action = "create",
                entity = "follow_up",
                entityId = followUpId.ToString("D"),
                summary = $"engagement {id}: held {heldOn:yyyy-MM-dd}, satisfaction {satisfaction}, evaluation {evaluation}",
            }, tx, cancellationToken: ct));
            var result = await conn.QuerySingleOrDefaultAsync<FollowUpDto>(new CommandDefinition(followUpById, new { id = followUpId }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            await http.Response.WriteAsJsonAsync(result, Json, ct);
        });
    }
}
