using System.Security.Cryptography;
using System.Text;
using Marketplace.Core.Data;
using Marketplace.Core.Shared;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Members;

/// <summary>
/// API keys are 32 random bytes shown once; only their SHA-256 is stored. A slow password hash is not needed
/// for keys of that entropy, and a fast one keeps every API request cheap.
/// </summary>
public static class ApiKeyHash
{
    public const string Prefix = "mcs_";

    public static string NewKey() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Of(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

public static class IssueApiKey
{
    public sealed record Result(Guid Id, Guid MemberId, string Key, string KeyPrefix, DateTime CreatedAt);

    public sealed record Command(Guid MemberId) : ICommand<Result>;

    public static class Sql
    {
        public const string Insert = """
            INSERT INTO api_keys (id, member_id, key_hash, key_prefix, created_at)
            VALUES (@id, @memberId, @hash, @prefix, @at)
            """;
    }

    public sealed class Handler(Db db, Audit audit, IClock clock) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken ct)
        {
            if (!await RecordExists.Member(db, request.MemberId, ct))
                throw new NotFoundException("member", request.MemberId);
            var key = ApiKeyHash.NewKey();
            var result = new Result(Guid.NewGuid(), request.MemberId, key, key[..10], clock.UtcNow);
            await db.ExecuteAsync(Sql.Insert, new { id = result.Id, memberId = result.MemberId, hash = ApiKeyHash.Of(key), prefix = result.KeyPrefix, at = result.CreatedAt }, ct);
            await audit.Write("create", "api_key", result.Id, $"key {result.KeyPrefix}… issued to member {result.MemberId}", ct);
            return result;
        }
    }
}

public static class RevokeApiKey
{
    public sealed record Command(Guid Id) : ICommand<Unit>;

    public static class Sql
    {
        public const string Revoke = "UPDATE api_keys SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL";
        public const string Exists = "SELECT COUNT(*) FROM api_keys WHERE id = @id";
    }

    public sealed class Handler(Db db, Audit audit, IClock clock) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken ct)
        {
            if (await db.ExecuteScalarAsync<long>(Sql.Exists, new { id = request.Id }, ct) == 0)
                throw new NotFoundException("api key", request.Id);
            // Revoking twice is harmless: the key stays revoked from the first time.
            if (await db.ExecuteAsync(Sql.Revoke, new { id = request.Id, at = clock.UtcNow }, ct) > 0)
                await audit.Write("delete", "api_key", request.Id, "key revoked", ct);
            return Unit.Value;
        }
    }
}

/// <summary>Finds the member behind a presented key; null when the key is unknown or revoked.</summary>
public static class AuthenticateApiKey
{
    public sealed record Query(string Key) : IRequest<Actor?>;

    public static class Sql
    {
        public const string Find = """
            SELECT m.id AS MemberId, m.name AS Name, m.team AS Team
            FROM api_keys k JOIN members m ON m.id = k.member_id
            WHERE k.key_hash = @hash AND k.revoked_at IS NULL
            """;
    }

    private sealed record Row
    {
        public Guid MemberId { get; init; }
        public string Name { get; init; } = "";
        public string Team { get; init; } = "";
    }

    public sealed class Handler(Db db) : IRequestHandler<Query, Actor?>
    {
        public async Task<Actor?> Handle(Query request, CancellationToken ct)
        {
            var row = await db.QuerySingleOrDefaultAsync<Row>(Sql.Find, new { hash = ApiKeyHash.Of(request.Key) }, ct);
            return row is null ? null : new Actor(row.MemberId, row.Name, Wire.Parse<Team>(row.Team));
        }
    }
}

/// <summary>A member's keys as the admin screen lists them: never the key itself, which is shown once when issued.</summary>
public static class ListApiKeys
{
    public sealed record Item
    {
        public Guid Id { get; init; }
        public Guid MemberId { get; init; }
        public string KeyPrefix { get; init; } = "";
        public DateTime CreatedAt { get; init; }
        public DateTime? RevokedAt { get; init; }
    }

    public sealed record Query(Guid MemberId) : IRequest<IReadOnlyList<Item>>;

    public static class Sql
    {
        public const string ByMember = """
            SELECT id, member_id, key_prefix, created_at, revoked_at FROM api_keys WHERE member_id = @memberId
            ORDER BY created_at DESC, id
            """;
    }

    public sealed class Handler(Db db) : IRequestHandler<Query, IReadOnlyList<Item>>
    {
        public async Task<IReadOnlyList<Item>> Handle(Query q, CancellationToken ct) =>
            (await db.QueryAsync<Item>(Sql.ByMember, new { memberId = q.MemberId }, ct)).ToList();
    }
}
