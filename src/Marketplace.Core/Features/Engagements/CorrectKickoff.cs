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
/// CS corrects a recorded kickoff (PUT /api/engagements/{id}/kickoff): its day, CS attendee and attendees. The company's
/// first kickoff still needs its CS; the day stays after the contract, before the first follow-up held and the end; the
/// follow-up scheduled from the old day moves with it.
/// </summary>
public static class CorrectKickoff
{
    public sealed record Command : KickoffFields, ICommand<EngagementDto>
    {
        [JsonIgnore] public Guid EngagementId { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new KickoffValidator<Command>());
    }

    public static class Sql
    {
        public const string Update = "UPDATE kickoffs SET held_on = @heldOn, cs_attendee_id = @csAttendeeId WHERE engagement_id = @engagementId";
        public const string DeleteAttendees = "DELETE FROM kickoff_attendees WHERE engagement_id = @engagementId";
        public const string Reschedule = """
            UPDATE follow_ups SET due_on = @newDue, updated_at = @at
            WHERE engagement_id = @engagementId AND due_on = @oldDue AND held_on IS NULL AND cancelled_on IS NULL
            """;
    }

    public sealed class Handler(Db db, Audit audit, EngagementView view, DomainEvents events, IClock clock) : IRequestHandler<Command, EngagementDto>
    {
        public async Task<EngagementDto> Handle(Command c, CancellationToken ct)
        {
            // The company first, so that what is checked below stays so until the commit.
            await CompanyLock.TakeOf(db, c.EngagementId, ct);
            var e = await view.Get(c.EngagementId, ct);
            var before = e.Kickoff ?? throw new ConflictException("This engagement has no kickoff to correct; record it first.",
                new Dictionary<string, object?> { ["engagementStatus"] = e.Status }, ConflictCodes.NoKickoff);
            var heldOn = c.HeldOn!.Value;
            RecordChecks.KickoffAfterContract(heldOn, e.ContractedOn);
            if (e.FollowUps.Where(f => f.HeldOn is not null).Min(f => f.HeldOn) is { } firstHeld && heldOn > firstHeld)
                throw Invalid.Because("heldOn", ValidationMessages.NotAfterFirstFollowUp, ("Day", firstHeld));
            if (e.Churn is { } churn && heldOn > churn.EndedOn)
                throw Invalid.Because("heldOn", ValidationMessages.NotAfterEnd, ("Day", churn.EndedOn));
            if (c.CsAttendeeId is { } csId) await RecordChecks.CsAttendee(db, csId, ct);
            await RecordChecks.FirstKickoffKeepsCs(db, e.CompanyId, e.Id, heldOn, c.CsAttendeeId is not null, clock.UtcNow, ct);
            var args = new { companyId = e.CompanyId, engagementId = e.Id };

            var at = clock.UtcNow;
            await db.ExecuteAsync(Sql.Update, new { engagementId = e.Id, heldOn, csAttendeeId = c.CsAttendeeId }, ct);
            await db.ExecuteAsync(Sql.DeleteAttendees, args, ct);
            var attendees = c.AttendeeList;
            for (var i = 0; i < attendees.Count; i++)
                await db.ExecuteAsync(RecordKickoff.Sql.InsertAttendee, new { engagementId = e.Id, position = i, name = attendees[i] }, ct);
            await db.ExecuteAsync(Sql.Reschedule, new
            {
                engagementId = e.Id,
                oldDue = EngagementLifecycle.FollowUpDue(before.HeldOn),
                newDue = EngagementLifecycle.FollowUpDue(heldOn),
                at,
            }, ct);
            await audit.Write("correct", "kickoff", e.Id, AuditChanges.Describe(
                ("heldOn", before.HeldOn, heldOn), ("csAttendeeId", before.CsAttendeeId, c.CsAttendeeId), ("attendees", before.Attendees, attendees)), ct);
            events.Raise(new EngagementCorrected(e.CompanyId, e.Id, "kickoff"));
            return await view.Get(e.Id, ct);
        }
    }
}
