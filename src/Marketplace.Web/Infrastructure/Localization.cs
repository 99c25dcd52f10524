using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Marketplace.Web.Infrastructure;

/// <summary>
/// Which language a request is answered in: the language switch's cookie, else the browser's Accept-Language,
/// else Japanese on the pages and English on the API (its clients are programs; they ask for Japanese by header).
/// </summary>
public static class Localization
{
    public static readonly string[] Languages = ["ja", "en"];

    public static void Configure(RequestLocalizationOptions options)
    {
        options.SetDefaultCulture("ja").AddSupportedCultures(Languages).AddSupportedUICultures(Languages);
        options.FallBackToParentCultures = true;
        options.FallBackToParentUICultures = true;
        options.RequestCultureProviders =
        [
            new CookieRequestCultureProvider { CookieName = UiText.Cookie },
            new AcceptLanguageHeaderRequestCultureProvider(),
            new CustomRequestCultureProvider(context => Task.FromResult(
                context.Request.Path.StartsWithSegments("/api") ? new ProviderCultureResult("en") : null)),
        ];
    }
}
