using Marketplace.Core.Features.Members;
using Marketplace.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Marketplace.Web.Controllers;

public sealed record SignInForm(string? Email, string? Password, string? ReturnUrl, string? Error = null);

/// <summary>Sign-in for team members in the browser (API clients use keys instead).</summary>
[Route("account")]
public sealed class AccountController(IMediator mediator) : Controller
{
    [HttpGet("sign-in"), AllowAnonymous]
    public IActionResult SignIn(string? returnUrl) => View(new SignInForm(null, null, returnUrl));

    [HttpPost("sign-in"), AllowAnonymous, EnableRateLimiting(RateLimits.SignIn)]
    public async Task<IActionResult> SignIn([FromForm] SignInForm form, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(form.Email) || string.IsNullOrEmpty(form.Password))
            return View(form with { Password = null, Error = "メールアドレスとパスワードを入力してください。" });
        var result = await mediator.Send(new SignIn.Command(form.Email, form.Password), ct);
        if (!result.Succeeded)
        {
            // A locked account gets the same answer as an unknown email or a wrong password: none tells which.
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return View(form with { Password = null, Error = SignInRefused });
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            ClaimNames.Principal(result.Actor!, CookieAuthenticationDefaults.AuthenticationScheme, result.SecurityStamp));
        return LocalRedirect(Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl! : "/");
    }

    /// <summary>The refusal's text (a key of the UI text, shown in the reader's language).</summary>
    public const string SignInRefused = "ログインできませんでした。メールアドレスとパスワードをご確認ください。失敗が続くと、しばらくログインできなくなります。";

    [HttpPost("sign-out"), Authorize(Policies.Read)]
    public async Task<IActionResult> SignOutOfApp(CancellationToken ct)
    {
        if (Guid.TryParse(User.FindFirst(ClaimNames.MemberId)?.Value, out var memberId))
            await mediator.Send(new EndSessions.Command(memberId), ct);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return LocalRedirect("/account/sign-in");
    }

    [HttpGet("forbidden"), AllowAnonymous]
    public IActionResult Forbidden()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }
}

/// <summary>The language switch: a preference cookie, then back to the page the member was on.</summary>
public sealed class LanguageController : Controller
{
    [HttpGet("/lang/{lang}"), AllowAnonymous]
    public IActionResult Switch(string lang, string? returnUrl)
    {
        if (lang is not ("ja" or "en")) return BadRequest();
        Response.Cookies.Append(UiText.Cookie, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(lang)), new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365), IsEssential = true });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }
}
