using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;
using Microsoft.AspNetCore.Identity;

namespace Marketplace.Core.Features.Members;

/// <summary>The thing PasswordHasher hashes for; the hash format does not depend on it.</summary>
public sealed record MemberCredential(Guid MemberId);

public static class PasswordRules
{
    public const int MinLength = 10;
    public const int MaxFailures = 5;
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);
    internal static readonly PasswordHasher<MemberCredential> Hasher = new();
}

/// <summary>An admin sets (or resets) a member's password for signing in to the web UI.</summary>
public static class SetPassword
{
    public sealed record Command : ICommand<Unit>
    {
        [JsonIgnore] public Guid MemberId { get; init; }
        public string? Password { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() =>
            RuleFor(c => c.Password).NotEmpty().WithMessageKey(ValidationMessages.Required)
                .MinimumLength(PasswordRules.MinLength).MaximumLength(200);
    }

    public static class Sql
    {
        public const string Set = """
            UPDATE members SET password_hash = @hash, failed_sign_ins = 0, locked_until = NULL, security_stamp = @stamp,
                   version = version + 1
            WHERE id = @id
            """;
    }

    public sealed class Handler(Db db, Audit audit) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command c, CancellationToken ct)
        {
            var hash = PasswordRules.Hasher.HashPassword(new MemberCredential(c.MemberId), c.Password!);
            // A new password ends the member's open sessions: whoever knew the old one is signed out too.
            if (await db.ExecuteAsync(Sql.Set, new { id = c.MemberId, hash, stamp = SecurityStamp.New() }, ct) == 0)
                throw new NotFoundException("member", c.MemberId);
            await audit.Write("update", "member", c.MemberId, "password set; lockout cleared; open sessions ended", ct);
            return Unit.Value;
        }
    }
}

/// <summary>
/// Checks a member's email and password. Repeated failures lock the account for a while; the answer never
/// says whether the email exists.
/// </summary>
public static class SignIn
{
    public sealed record Command(string Email, string Password) : ICommand<Result>;

    /// <summary>LockedOut is for the audit and the tests; the page answers a locked account like a wrong password.</summary>
    public sealed record Result(Actor? Actor, bool LockedOut, string? SecurityStamp = null)
    {
        public bool Succeeded => Actor is not null;
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Email).NotEmpty().MaximumLength(320);
            RuleFor(c => c.Password).NotEmpty().MaximumLength(200);
        }
    }

    public static class Sql
    {
        public const string Find = """
            SELECT id, name, team, password_hash, failed_sign_ins, locked_until, security_stamp FROM members WHERE email = @email
            """;
        public const string Failed = """
            UPDATE members SET failed_sign_ins = failed_sign_ins + 1,
                   locked_until = CASE WHEN failed_sign_ins + 1 >= @maxFailures THEN @lockUntil ELSE locked_until END
            WHERE id = @id
            """;
        public const string Succeeded = "UPDATE members SET failed_sign_ins = 0, locked_until = NULL, password_hash = @hash WHERE id = @id";
    }

    private sealed record Row
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string Team { get; init; } = "";
        public string? PasswordHash { get; init; }
        public int FailedSignIns { get; init; }
        public DateTime? LockedUntil { get; init; }
        public string SecurityStamp { get; init; } = "";
    }

    // An unknown email costs the same hash check as a known one, so the time taken does not tell them apart.
    private static readonly string UnknownMemberHash = PasswordRules.Hasher.HashPassword(new MemberCredential(Guid.Empty), SecurityStamp.New());

    public sealed class Handler(Db db, Audit audit, IClock clock) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command c, CancellationToken ct)
        {
            var member = await db.QuerySingleOrDefaultAsync<Row>(Sql.Find, new { email = c.Email.Trim() }, ct);
            if (member?.PasswordHash is null)
            {
                PasswordRules.Hasher.VerifyHashedPassword(new MemberCredential(Guid.Empty), UnknownMemberHash, c.Password);
                return new Result(null, false);
            }
            var now = clock.UtcNow;
            if (member.LockedUntil > now) return new Result(null, true);

            var credential = new MemberCredential(member.Id);
            var verdict = PasswordRules.Hasher.VerifyHashedPassword(credential, member.PasswordHash, c.Password);
            if (verdict == PasswordVerificationResult.Failed)
            {
                await db.ExecuteAsync(Sql.Failed, new { id = member.Id, maxFailures = PasswordRules.MaxFailures, lockUntil = now + PasswordRules.Lockout }, ct);
                var locked = member.FailedSignIns + 1 >= PasswordRules.MaxFailures;
                if (locked) await audit.WriteBy(null, "sign-in", "lockout", "member", member.Id.ToString("D"), $"locked until {now + PasswordRules.Lockout:u} after {PasswordRules.MaxFailures} failed sign-ins", ct);
                return new Result(null, locked);
            }
            // An older hash format is upgraded while the plain password is at hand.
            var hash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? PasswordRules.Hasher.HashPassword(credential, c.Password) : member.PasswordHash;
            await db.ExecuteAsync(Sql.Succeeded, new { id = member.Id, hash }, ct);
            return new Result(new Actor(member.Id, member.Name, Wire.Parse<Team>(member.Team)), false, member.SecurityStamp);
        }
    }
}
