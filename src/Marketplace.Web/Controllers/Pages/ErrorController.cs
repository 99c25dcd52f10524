using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Web.Controllers.Pages;

/// <summary>
/// A browser that meets an unknown address, a wrong method or a failure gets a page in the app's layout; the
/// failed request is re-executed here with its own method. The API keeps answering with problem details.
/// </summary>
[AllowAnonymous, IgnoreAntiforgeryToken, ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorController : Controller
{
    /// <summary>The validation messages of a refused address, in ViewData for the error page.</summary>
    public const string Reasons = "Reasons";

    [AcceptVerbs("GET", "POST", "PUT", "DELETE", "PATCH", Route = "/error/{status:int}")]
    public IActionResult Show(int status)
    {
        // Re-executed, the response keeps the failed request's status; reached directly, it takes the one named.
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null || HttpContext.Features.Get<IExceptionHandlerFeature>() is not null;
        if (!reExecuted) Response.StatusCode = status is >= 400 and <= 599 ? status : 404;
        // An address whose filters a page could not take (?page[…]=0) says which and why, in the words validation chose.
        if (HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error is FluentValidation.ValidationException invalid)
            ViewData[Reasons] = invalid.Errors.Select(e => e.ErrorMessage).Distinct().ToList();
        return View("~/Views/Shared/Error.cshtml", Response.StatusCode);
    }
}
