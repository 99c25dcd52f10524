using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Notifications;

/// <summary>One row of the digest outbox: a member's digest of a day on one channel, and how its sending went.</summary>
public sealed record DigestDto
{
    public Guid Id { get; init; }
    public Guid MemberId { get; init; }
    public string MemberName { get; init; } = "";
    public DateOnly Day { get; init; }
    public string Channel { get; init; } = "";
    public string Status { get; init; } = "";
    public int Attempts { get; init; }
    public DateTime? NextAttemptAt { get; init; }
    public string? LastError { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? SentAt { get; init; }
}

/// <summary>The digests of the outbox, for admins to see what went out and what finally failed; newest day first.</summary>
public static class ListDigests
{
    public static readonly string[] Statuses = ["pending", "sent", "skipped", "failed"];

    public sealed record Query : PagedQuery, IRequest<Paged<DigestDto>>
    {
        public string? Status { get; init; }
        public DateOnly? Day { get; init; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            this.AddPagingRules();
            RuleFor(q => q.Status).OneOf(Statuses);
            RuleFor(q => q.Day).BusinessDate();
        }
    }

    public static class Sql
    {
        private const string From = """
             FROM digests d JOIN members m ON m.id = d.member_id
            WHERE (@status IS NULL OR d.status = @status) AND (@day IS NULL OR d.day = @day)
            """;
        public const string Count = "SELECT COUNT(*)" + From;
        public const string Page = """
            SELECT d.id, d.member_id, m.name AS member_name, d.day, d.channel, d.status, d.attempts, d.next_attempt_at, d.last_error, d.created_at, d.sent_at
            """ + From + " ORDER BY d.day DESC, m.name, d.channel, d.id " + SqlDialect.Paging;
    }

    public sealed class Handler(Db db) : IRequestHandler<Query, Paged<DigestDto>>
    {
        public Task<Paged<DigestDto>> Handle(Query q, CancellationToken ct) =>
            db.PageAsync<DigestDto>(q, Sql.Count, Sql.Page, new { status = q.Status, day = q.Day }, ct);
    }
}
