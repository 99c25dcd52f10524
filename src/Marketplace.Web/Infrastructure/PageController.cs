using FluentValidation;
using Marketplace.Core.Pipeline;
using MediatR;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Web.Infrastructure;

/// <summary>
/// Pages send the same requests as the API. A refused request comes back to the page it came from: field
/// errors beside their fields (ModelState), rule and conflict messages at the top of the form.
/// </summary>
public abstract class PageController : Controller
{
    private IMediator? mediator;
    protected IMediator Mediator => mediator ??= HttpContext.RequestServices.GetRequiredService<IMediator>();

    /// <summary>The message shown above a refused form, in ViewData so the layout can show it.</summary>
    public const string FormError = "FormError";

    private UiText? text;
    /// <summary>The page's words in the reader's language, as the views have them.</summary>
    protected UiText T => text ??= HttpContext.RequestServices.GetRequiredService<UiText>();

    /// <summary>Sends a command; on a refusal records why and answers Ok = false instead of throwing.</summary>
    protected async Task<Sent<TResponse>> TrySend<TResponse>(IRequest<TResponse> request, CancellationToken ct, string? form = null)
    {
        try
        {
            return new Sent<TResponse>(true, await Mediator.Send(request, ct));
        }
        catch (ValidationException e)
        {
            Refused(e, T[Refusals.CheckFields]);
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            // A refusal the pages can explain is shown in the reader's words, at its field when it has one.
            if (Refusals.For(e) is { } explained)
            {
                if (explained.Field is { } field) ModelState.AddModelError(field, explained.In(T));
                ViewData[FormError] = explained.Field is null ? explained.In(T) : T[Refusals.CheckFields];
            }
            else ViewData[FormError] = T.English ? e.Message : T[Refusals.Refused];
        }
        ViewData["FailedForm"] = form;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return new Sent<TResponse>(false, default);
    }

    /// <summary>
    /// Reads a list with the filters, order and page the reader asked for (by a link or the address bar); when the list
    /// refuses them, says why at their fields and answers null, for the page to read its list plain instead.
    /// </summary>
    protected async Task<TResponse?> TryRead<TResponse>(IRequest<TResponse> query, CancellationToken ct) where TResponse : class
    {
        try
        {
            return await Mediator.Send(query, ct);
        }
        catch (ValidationException e)
        {
            Refused(e, T[Refusals.CheckFields]);
            return null;
        }
    }

    /// <summary>
    /// A page form's post: send the command and go to <paramref name="done"/>, or show the page again with
    /// the refusal beside the fields.
    /// </summary>
    protected async Task<IActionResult> Submit<TResponse, TPage>(IRequest<TResponse> command, string form, string done, string view,
        Func<Task<TPage>> reload, CancellationToken ct)
    {
        if (BoundCleanly(form) && (await TrySend(command, ct, form)).Ok) return Redirect(done);
        return View(view, await reload());
    }

    /// <summary>Field errors beside their fields, and a message at the top of the page.</summary>
    protected void Refused(ValidationException e, string message)
    {
        foreach (var error in e.Errors)
            ModelState.AddModelError(Problems.FieldName(error.PropertyName), error.ErrorMessage);
        ViewData[FormError] = message;
    }

    /// <summary>Fields the browser could not even bind (a date that is not a date) are errors like any other.</summary>
    protected bool BoundCleanly(string? form = null)
    {
        if (ModelState.IsValid) return true;
        ViewData[FormError] = T[Refusals.CheckFields];
        ViewData["FailedForm"] = form;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return false;
    }
}

public sealed record Sent<T>(bool Ok, T? Value);
