using Marketplace.Core.Pipeline;
using MediatR;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Web.Controllers;

/// <summary>Controllers bind, send and map the result; the use cases live in Marketplace.Core.Features.</summary>
[ApiController]
[IgnoreAntiforgeryToken]
public abstract class ApiController : ControllerBase
{
    private IMediator? mediator;
    protected IMediator Mediator => mediator ??= HttpContext.RequestServices.GetRequiredService<IMediator>();

    private Infrastructure.UiText? text;
    /// <summary>The UI's words in the request's language, for what the API writes out in words (a timeline's summaries).</summary>
    protected Infrastructure.UiText Text => text ??= HttpContext.RequestServices.GetRequiredService<Infrastructure.UiText>();

    /// <summary>The version from If-Match; null when none was sent. A malformed header is a 400.</summary>
    protected long? IfMatch()
    {
        if (!Versions.TryParseIfMatch(Request.Headers.IfMatch, out var version))
            throw Invalid.Because("If-Match", ValidationMessages.IfMatch);
        return version;
    }

    protected T WithETag<T>(T body, long version)
    {
        Response.Headers.ETag = Versions.ETag(version);
        return body;
    }
}
