using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Features.Members;

public sealed record MemberDto
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public string Email { get; init; } = "";
    public string Team { get; init; } = "";
    public DateTime CreatedAt { get; init; }
}

public static class CreateMember
{
    public sealed record Command : ICommand<MemberDto>
    {
        public string? Name { get; init; }
        public string? Email { get; init; }
        public Team? Team { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).Text(200);
            RuleFor(c => c.Email).Email();
            RuleFor(c => c.Team).Required();
        }
    }

    public static class Sql
    {
        public const string EmailTaken = "SELECT COUNT(*) FROM members WHERE email = @email";
        public const string Insert = """
            INSERT INTO members (id, name, email, team, created_at, version)
            VALUES (@Id, @Name, @Email, @Team, @CreatedAt, 1)
            """;
    }

    public sealed class Handler(Db db, Audit audit, IClock clock) : IRequestHandler<Command, MemberDto>
    {
        public async Task<MemberDto> Handle(Command request, CancellationToken ct)
        {
            var email = request.Email!.Trim();
            if (await db.ExecuteScalarAsync<long>(Sql.EmailTaken, new { email }, ct) > 0)
                throw new ConflictException($"A member with email '{email}' already exists.", new Dictionary<string, object?> { ["field"] = "email" }, ConflictCodes.EmailTaken);

            var member = new MemberDto
            {
                Id = Guid.NewGuid(),
                Name = request.Name!.Trim(),
                Email = email,
                Team = Wire.Name(request.Team!.Value),
                CreatedAt = clock.UtcNow,
            };
            await db.ExecuteAsync(Sql.Insert, member, ct);
            await audit.Write("create", "member", member.Id, $"{member.Name} <{member.Email}> joined team {member.Team}", ct);
            return member;
        }
    }
}
