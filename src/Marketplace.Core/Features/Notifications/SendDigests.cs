using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Features.Insights;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Notifications;

/// <summary>
/// Sends a business day's digests through the outbox (<c>digests</c>), exactly once however many instances do it at the
/// same time: each member's row per channel is inserted under a unique key (a row already there means another instance
/// did), then claimed with an atomic UPDATE that takes only a pending row nobody holds (a lease), sent, and marked. A
/// failed send records its error and waits 1, 2, 4, 8… minutes for the next try, until the last try marks it failed.
/// A member with nothing to do that day gets no message (the row is marked skipped).
/// </summary>
public static class SendDigests
{
    /// <summary>Not an <see cref="ICommand{T}"/>: each step commits on its own, so no transaction is held open while a mail server answers.</summary>
    public sealed record Command : IRequest<Result>
    {
        /// <summary>The business day; today when left out.</summary>
        public DateOnly? Day { get; init; }

        /// <summary>The daily job's run: only the members whose digest time has come. A run asked for now sends every member's.</summary>
        [JsonIgnore] public bool DueOnly { get; init; }
    }

    public sealed record Result(DateOnly Day, int Sent, int Skipped, int Retrying, int Failed);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Day).BusinessDate();
    }

    public const string Pending = "pending", Sent = "sent", Skipped = "skipped", Failed = "failed";

    public static class Sql
    {
        public const string Recipients = """
            SELECT m.id AS member_id, m.name, m.email, COALESCE(p.email, 1) AS by_email, p.slack_webhook_url,
                   COALESCE(p.digest_time, '08:00') AS digest_time, COALESCE(p.language, 'ja') AS language
            FROM members m LEFT JOIN notification_preferences p ON p.member_id = m.id
            """;
        // NOT EXISTS leaves a row another instance inserted; two inserting at once meet the unique key instead.
        public const string Enqueue = """
            INSERT INTO digests (id, member_id, day, channel, status, attempts, created_at)
            SELECT @id, @memberId, @day, @channel, 'pending', 0, @now
            WHERE NOT EXISTS (SELECT 1 FROM digests WHERE member_id = @memberId AND day = @day AND channel = @channel)
            """;
        public const string Ready = """
            SELECT id, member_id, channel FROM digests
            WHERE day = @day AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < @now)
              AND (next_attempt_at IS NULL OR next_attempt_at <= @now)
            ORDER BY created_at, id
            """;
        // The claim: of instances racing for one row, only the first UPDATE finds it unclaimed.
        public const string Claim = """
            UPDATE digests SET claimed_until = @leaseUntil, claimed_by = @claimant, attempts = attempts + 1
            WHERE id = @id AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < @now)
              AND (next_attempt_at IS NULL OR next_attempt_at <= @now)
            """;
        public const string Attempts = "SELECT attempts FROM digests WHERE id = @id";
        public const string MarkSent = """
            UPDATE digests SET status = @status, sent_at = @now, claimed_until = NULL, next_attempt_at = NULL, last_error = NULL
            WHERE id = @id AND claimed_by = @claimant
            """;
        public const string MarkFailed = """
            UPDATE digests SET status = @status, next_attempt_at = @nextAttemptAt, claimed_until = NULL, last_error = @error
            WHERE id = @id AND claimed_by = @claimant
            """;
    }

    private sealed record Recipient
    {
        public Guid MemberId { get; init; }
        public string Name { get; init; } = "";
        public string Email { get; init; } = "";
        public bool ByEmail { get; init; }
        public string? SlackWebhookUrl { get; init; }
        public string DigestTime { get; init; } = Preferences.DefaultTime;
        public string Language { get; init; } = Preferences.DefaultLanguage;
    }

    private sealed record Row
    {
        public Guid Id { get; init; }
        public Guid MemberId { get; init; }
        public string Channel { get; init; } = "";
    }

    /// <summary>The wait before the next try after the given number of tries: 1, 2, 4, 8… minutes.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Pow(2, Math.Clamp(attempts - 1, 0, 16)));

    public sealed class Handler(Db db, IClock clock, BusinessTime business, IMediator mediator, IEnumerable<IDigestChannel> channels, IDigestWriter writer, NotificationOptions options)
        : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command c, CancellationToken ct)
        {
            var day = c.Day ?? clock.Today;
            var byName = channels.ToDictionary(ch => ch.Name);
            var recipients = (await db.QueryAsync<Recipient>(Sql.Recipients, null, ct)).ToDictionary(r => r.MemberId);
            var now = clock.UtcNow;
            var localNow = TimeOnly.FromDateTime(business.LocalOf(now));
            foreach (var r in recipients.Values)
            {
                // The daily job sends on working days, at each member's time; a run asked for sends the day's digests now.
                if (c.DueOnly && (day != clock.Today || !BusinessCalendar.IsWorkingDay(day) || localNow < TimeOnly.ParseExact(r.DigestTime, "HH:mm", System.Globalization.CultureInfo.InvariantCulture)))
                    continue;
                if (r.ByEmail && byName.TryGetValue("email", out var email) && email.Available) await Enqueue(r.MemberId, day, "email", now, ct);
                if (r.SlackWebhookUrl is not null) await Enqueue(r.MemberId, day, "slack", now, ct);
            }

            int sent = 0, skipped = 0, retrying = 0, failed = 0;
            IReadOnlyList<ChurnRisk.Company>? newRisks = null;
            var contents = new Dictionary<Guid, DigestContent>();
            foreach (var row in await db.QueryAsync<Row>(Sql.Ready, new { day, now }, ct))
            {
                var claimant = Guid.NewGuid();
                if (await db.ExecuteAsync(Sql.Claim, new { id = row.Id, now, leaseUntil = now + options.Lease, claimant }, ct) == 0) continue;
                try
                {
                    var to = recipients[row.MemberId];
                    newRisks ??= DigestContent.NewSignals(
                        await mediator.Send(new ChurnRisk.Query { AsOf = day }, ct), await mediator.Send(new ChurnRisk.Query { AsOf = day.AddDays(-1) }, ct));
                    if (!contents.TryGetValue(row.MemberId, out var content))
                        contents[row.MemberId] = content = await DigestContent.Read(db, row.MemberId, to.Name, day, newRisks, ct);
                    if (content.IsEmpty)
                    {
                        await db.ExecuteAsync(Sql.MarkSent, new { id = row.Id, claimant, now, status = Skipped }, ct);
                        skipped++;
                        continue;
                    }
                    if (!byName.TryGetValue(row.Channel, out var channel) || !channel.Available)
                        throw new InvalidOperationException($"The {row.Channel} channel is not configured.");
                    var message = writer.Write(content, to.Language);
                    await channel.Send(new DigestRecipient(to.MemberId, to.Name, to.Email, to.SlackWebhookUrl, to.Language), message, ct);
                    await db.ExecuteAsync(Sql.MarkSent, new { id = row.Id, claimant, now, status = Sent }, ct);
                    sent++;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    var attempts = await db.ExecuteScalarAsync<int>(Sql.Attempts, new { id = row.Id }, ct);
                    var last = attempts >= options.MaxAttempts;
                    var error = $"{ex.GetType().Name}: {ex.Message}";
                    await db.ExecuteAsync(Sql.MarkFailed, new
                    {
                        id = row.Id, claimant, status = last ? Failed : Pending, nextAttemptAt = last ? (DateTime?)null : now + Backoff(attempts),
                        error = error.Length > 1000 ? error[..1000] : error,
                    }, ct);
                    if (last) failed++; else retrying++;
                }
            }
            return new Result(day, sent, skipped, retrying, failed);
        }

        private async Task Enqueue(Guid memberId, DateOnly day, string channel, DateTime now, CancellationToken ct)
        {
            try
            {
                await db.ExecuteAsync(Sql.Enqueue, new { id = Guid.NewGuid(), memberId, day, channel, now }, ct);
            }
            catch (Exception ex) when (db.Dialect.IsUniqueViolation(ex))
            {
                // Another instance enqueued the same digest between our NOT EXISTS and our INSERT: it is there, which is all we need.
            }
        }
    }
}
