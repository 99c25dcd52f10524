using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Shared;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Notes;

public sealed record NoteDto
{
    public Guid Id { get; init; }
    public Guid? CompanyId { get; init; }
    public Guid? WorkerId { get; init; }
    public NoteKind Kind { get; init; }
    public DateOnly HeldOn { get; init; }
    public string Body { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    public Guid? CreatedBy { get; init; }
}

/// <summary>
/// A note of a call, meeting or message (面談メモ) about a company (CS) or a worker (the concierge), shown on its
/// timeline. A churned company still takes notes: the exit call and the talks that lead to signing again are
/// exactly what CS needs to keep, and a note changes none of the company's recorded facts.
/// </summary>
public static class WriteNote
{
    public sealed record Command : ICommand<NoteDto>
    {
        /// <summary>Set from the route: the company the note is about, or else the worker.</summary>
        [JsonIgnore] public Guid? CompanyId { get; init; }
        [JsonIgnore] public Guid? WorkerId { get; init; }
        public NoteKind? Kind { get; init; }
        public DateOnly? HeldOn { get; init; }
        public string? Body { get; init; }
    }

    public const int MaxBody = 4000;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Kind).Required();
            RuleFor(c => c.HeldOn).Required().BusinessDate();
            RuleFor(c => c.Body).Text(MaxBody);
        }
    }

    public static class Sql
    {
        public const string Insert = """
            INSERT INTO notes (id, company_id, worker_id, kind, held_on, body, created_at, created_by)
            VALUES (@Id, @CompanyId, @WorkerId, @kind, @HeldOn, @Body, @CreatedAt, @CreatedBy)
            """;
    }

    public sealed class Handler(Db db, Audit audit, IActorAccessor actor, IClock clock) : IRequestHandler<Command, NoteDto>
    {
        public async Task<NoteDto> Handle(Command c, CancellationToken ct)
        {
            var (subject, id, exists) = c.CompanyId is { } companyId ? ("company", companyId, RecordExists.Company(db, companyId, ct))
                : c.WorkerId is { } workerId ? ("worker", workerId, RecordExists.Worker(db, workerId, ct))
                : throw new InvalidOperationException("A note is about a company or a worker.");
            if (!await exists) throw new NotFoundException(subject, id);
            var note = new NoteDto
            {
                Id = Guid.NewGuid(),
                CompanyId = c.CompanyId,
                WorkerId = c.CompanyId is null ? c.WorkerId : null,
                Kind = c.Kind!.Value,
                HeldOn = c.HeldOn!.Value,
                // Line breaks are kept (a note is prose); only the ends are trimmed, as for every text the product keeps.
                Body = c.Body!.Trim(),
                CreatedAt = clock.UtcNow,
                CreatedBy = actor.Current.MemberId,
            };
            await db.ExecuteAsync(Sql.Insert, new { note.Id, note.CompanyId, note.WorkerId, kind = Wire.Name(note.Kind), note.HeldOn, note.Body, note.CreatedAt, note.CreatedBy }, ct);
            await audit.Write("create", "note", note.Id, $"{Wire.Name(note.Kind)} note on {subject} {id} held on {note.HeldOn:yyyy-MM-dd}", ct);
            return note;
        }
    }
}
