using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Marketplace.Core.Domain;
using Marketplace.Core.Features.Members;
using Marketplace.Core.Pipeline;
using MediatR;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Infrastructure;

/// <summary>Which teams may use an endpoint (docs/api.md, "Teams and routes"). Admin may do everything.</summary>
public static class Policies
{
    public const string Read = "read";
    public const string Workers = "workers";
    public const string CustomerSuccess = "cs";
    /// <summary>Sales works the leads CS tosses to them: only sales (and admin) set a lead's outcome.</summary>
    public const string LeadOutcomes = "lead-outcomes";
    public const string Admin = "admin";
    /// <summary>The teams that move their spreadsheets in: CS (companies, engagements) and concierge (workers).</summary>
    public const string Imports = "imports";
    /// <summary>A member's own record at <c>{id}</c> (their notification preferences), or any member's for an admin.</summary>
    public const string MemberOrAdmin = "member-or-admin";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Read, p => p.RequireAuthenticatedUser());
        options.AddPolicy(Workers, p => p.RequireClaim(ClaimNames.Team, Teams(Team.Cc)));
        options.AddPolicy(CustomerSuccess, p => p.RequireClaim(ClaimNames.Team, Teams(Team.Cs)));
        options.AddPolicy(LeadOutcomes, p => p.RequireClaim(ClaimNames.Team, Teams(Team.Sales)));
        options.AddPolicy(Admin, p => p.RequireClaim(ClaimNames.Team, Teams()));
        options.AddPolicy(Imports, p => p.RequireClaim(ClaimNames.Team, Teams(Team.Cs, Team.Cc)));
        // Decided before the body is bound or validated, so another member's route answers 403, never a 400 that says more.
        options.AddPolicy(MemberOrAdmin, p => p.RequireAssertion(context =>
            context.User.HasClaim(ClaimNames.Team, Wire.Name(Team.Admin))
            || (context.Resource is HttpContext http && http.GetRouteValue("id")?.ToString() is { } id
                && context.User.FindFirst(ClaimNames.MemberId)?.Value is { } me && string.Equals(id, me, StringComparison.OrdinalIgnoreCase))));
        // An endpoint someone forgot to give a policy is still closed to anonymous callers.
        options.FallbackPolicy = options.GetPolicy(Read);
    }

    private static string[] Teams(params Team[] teams) => [.. teams.Select(Wire.Name), Wire.Name(Team.Admin)];
}

public static class ClaimNames
{
    public const string Team = "team";
    public const string MemberId = "member_id";
    public const string SecurityStamp = "security_stamp";

    /// <summary>The one shape of a signed-in principal, whether it came from an API key or the sign-in cookie.</summary>
    public static ClaimsPrincipal Principal(Actor actor, string scheme, string? securityStamp = null)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, actor.Name), new(Team, Wire.Name(actor.Team)) };
        if (actor.MemberId is { } id) claims.Add(new Claim(MemberId, id.ToString("D")));
        if (securityStamp is not null) claims.Add(new Claim(SecurityStamp, securityStamp));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}

/// <summary>
/// The API takes only bearer keys, so a browser's cookie can never be replayed against it (no CSRF surface);
/// pages take only the sign-in cookie.
/// </summary>
public static class Schemes
{
    public const string ByPath = "api-key-or-cookie";

    public static string For(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") ? ApiKeyAuthentication.SchemeName : Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme;
}

/// <summary>
/// A sign-in cookie is honoured only while it carries the member's current security stamp: signing out or a
/// password reset changes the stamp and so ends every session, including copies of the cookie.
/// </summary>
public static class CookieSessions
{
    public static async Task Validate(Microsoft.AspNetCore.Authentication.Cookies.CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var stamp = principal?.FindFirstValue(ClaimNames.SecurityStamp);
        var current = Guid.TryParse(principal?.FindFirstValue(ClaimNames.MemberId), out var memberId)
            ? await context.HttpContext.RequestServices.GetRequiredService<IMediator>().Send(new GetSecurityStamp.Query(memberId), context.HttpContext.RequestAborted)
            : null;
        if (stamp is not null && current is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(stamp), Encoding.UTF8.GetBytes(current)))
            return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme);
    }
}

/// <summary>ASP.NET Core data protection reads and writes its key ring through the database.</summary>
public sealed class DatabaseXmlRepository(Marketplace.Core.Data.DataProtectionKeyStore store) : Microsoft.AspNetCore.DataProtection.Repositories.IXmlRepository
{
    public IReadOnlyCollection<System.Xml.Linq.XElement> GetAllElements() =>
        store.All().Select(System.Xml.Linq.XElement.Parse).ToList();

    public void StoreElement(System.Xml.Linq.XElement element, string friendlyName) =>
        store.Store(friendlyName, element.ToString(System.Xml.Linq.SaveOptions.DisableFormatting));
}

public sealed class BootstrapKey(string key)
{
    private readonly byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public bool Matches(string presented) =>
        CryptographicOperations.FixedTimeEquals(hash, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}

/// <summary><c>Authorization: Bearer &lt;key&gt;</c>: the bootstrap admin key from configuration, or a member's API key.</summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    BootstrapKey bootstrap, IMediator mediator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        var key = header["Bearer ".Length..].Trim();
        if (key.Length is 0 or > 200) return AuthenticateResult.Fail("Malformed API key.");

        var actor = bootstrap.Matches(key) ? Actor.BootstrapAdmin : await mediator.Send(new AuthenticateApiKey.Query(key), Context.RequestAborted);
        if (actor is null) return AuthenticateResult.Fail("Unknown or revoked API key.");

        return AuthenticateResult.Success(new AuthenticationTicket(ClaimNames.Principal(actor, SchemeName), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, StatusCodes.Status401Unauthorized, "Authentication required",
            "Send 'Authorization: Bearer <api key>'. Keys are issued by an admin through POST /api/members/{id}/api-keys.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, StatusCodes.Status403Forbidden, "Forbidden",
            "Your team may not do this. See the team permissions in the API documentation.");
}

public sealed class HttpActorAccessor(IHttpContextAccessor http, WorkActor work) : IActorAccessor
{
    public Actor Current
    {
        get
        {
            var user = http.HttpContext?.User;
            if (user?.Identity?.IsAuthenticated != true) return work.Actor ?? throw new NotSignedInException();
            var team = Wire.Parse<Team>(user.FindFirstValue(ClaimNames.Team)!);
            var id = user.FindFirstValue(ClaimNames.MemberId);
            return new Actor(id is null ? null : Guid.Parse(id), user.Identity.Name ?? "", team);
        }
    }
}
