using System.Security.Cryptography;
using Marketplace.Core.Data;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Members;

/// <summary>
/// A member's security stamp travels in each of their sign-in cookies; a session is valid only while its stamp
/// is the member's current one, so changing the stamp ends every session at once.
/// </summary>
public static class SecurityStamp
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}

/// <summary>The member's current stamp, read on every signed-in page request; null when the member is gone.</summary>
public static class GetSecurityStamp
{
    public sealed record Query(Guid MemberId) : IRequest<string?>;

    public static class Sql
    {
        public const string Stamp = "SELECT security_stamp FROM members WHERE id = @id";
    }

    public sealed class Handler(Db db) : IRequestHandler<Query, string?>
    {
        public Task<string?> Handle(Query q, CancellationToken ct) =>
            db.QuerySingleOrDefaultAsync<string?>(Sql.Stamp, new { id = q.MemberId }, ct);
    }
}

/// <summary>Signing out ends the member's sessions everywhere, so a copied cookie is worthless afterwards.</summary>
public static class EndSessions
{
    public sealed record Command(Guid MemberId) : ICommand<Unit>;

    public static class Sql
    {
        public const string Rotate = "UPDATE members SET security_stamp = @stamp WHERE id = @id";
    }

    public sealed class Handler(Db db, Audit audit) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command c, CancellationToken ct)
        {
            if (await db.ExecuteAsync(Sql.Rotate, new { id = c.MemberId, stamp = SecurityStamp.New() }, ct) > 0)
                await audit.Write("sign-out", "member", c.MemberId, "signed out; every open session ended", ct);
            return Unit.Value;
        }
    }
}
