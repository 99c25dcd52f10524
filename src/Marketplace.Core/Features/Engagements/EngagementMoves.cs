using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Shared;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Engagements;

/// <summary>The moves of an engagement that only change its status: contract and decline.</summary>
public static class EngagementMoves
{
    public static class Sql
    {
        public const string Contract = """
            UPDATE engagements SET status = 'contracted', contracted_on = @on, updated_at = @at, version = version + 1
            WHERE id = @id AND version = @version AND status = 'proposed'
            """;
        public const string Decline = """
            UPDATE engagements SET status = 'declined', declined_note = @note, updated_at = @at, version = version + 1
            WHERE id = @id AND version = @version AND status = 'proposed'
            """;
    }

    public static ConflictException NotAllowed(EngagementDto e, string action) =>
        new($"An engagement that is {Wire.Name(e.Status)} cannot be {action}.", new Dictionary<string, object?> { ["engagementStatus"] = e.Status }, ConflictCodes.EngagementStatus);

    public static ConflictException Concurrent(Guid id) =>
        ConflictException.Stale($"Engagement '{id}' was changed by someone else meanwhile. Reload and try again.");
}
