using Marketplace.Core.Pipeline;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Marketplace.Tests.Api;

/// <summary>Who acts is always someone named: a request without a signed-in member is refused, never run as an admin.</summary>
public class ActorTests
{
    private static HttpActorAccessor Accessor(HttpContext? context, WorkActor work) =>
        new(new HttpContextAccessor { HttpContext = context }, work);

    [Fact]
    public void A_request_without_a_signed_in_member_is_refused()
    {
        Assert.Throws<NotSignedInException>(() => Accessor(new DefaultHttpContext(), new WorkActor()).Current);
        Assert.Throws<NotSignedInException>(() => Accessor(null, new WorkActor()).Current);
    }

    [Fact]
    public void Work_outside_a_request_acts_as_the_actor_it_names()
    {
        Assert.Equal(Actor.System, Accessor(null, new WorkActor { Actor = Actor.System }).Current);
    }
}
