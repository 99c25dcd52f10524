using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Features.Members;
using Marketplace.Core.Pipeline;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Marketplace.Web.Infrastructure;

public static class Startup
{
    public static void AddMarketplace(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var services = builder.Services;
        var database = DatabaseFrom(config, builder.Environment.ContentRootPath);
        services.AddMarketplaceCore(database,
            config.GetSection("Stage").Get<StageRules>() ?? new StageRules(),
            config.GetSection("TouchTier").Get<TouchTier>() ?? new TouchTier(),
            config.GetSection("Documents").Get<Marketplace.Core.Documents.DocumentOptions>() ?? new Marketplace.Core.Documents.DocumentOptions(),
            new BusinessTime(config["Business:TimeZone"]),
            BusinessDates.From(config));

        services.AddHttpContextAccessor();
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<Microsoft.AspNetCore.Builder.RequestLocalizationOptions>(Localization.Configure);
        services.AddScoped<UiText>();
        services.AddMemoryCache();
        services.AddScoped<IActorAccessor, HttpActorAccessor>();
        services.AddSingleton(new BootstrapKey(BootstrapAdminKey(config, builder.Environment.ContentRootPath)));
        // The sign-in cookie travels only over HTTPS (the browser's or a TLS-terminating proxy's), except on a
        // developer's plain-HTTP machine; browsers keep Secure cookies from http://localhost too.
        var cookieSecurity = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(o => ForwardedHeadersSetup.Configure(o, config));
        services.AddAuthentication(Schemes.ByPath)
            .AddPolicyScheme(Schemes.ByPath, "API key for /api, cookie for pages", o => o.ForwardDefaultSelector = Schemes.For)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.LoginPath = "/account/sign-in";
                o.LogoutPath = "/account/sign-out";
                o.AccessDeniedPath = "/account/forbidden";
                o.Cookie.Name = "mcs.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = cookieSecurity;
                o.ExpireTimeSpan = TimeSpan.FromHours(10);
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = CookieSessions.Validate;
            });
        services.AddAuthorization(Policies.Add);
        // Keys live in the database: every instance behind a load balancer accepts every other's cookies.
        services.AddDataProtection().SetApplicationName("marketplace-cs");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DatabaseXmlRepository(provider.GetRequiredService<DataProtectionKeyStore>())));
        var signInsPerMinute = config.GetValue<int?>("Limits:SignInsPerMinute") ?? 10;
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(RateLimits.SignIn, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = signInsPerMinute, Window = TimeSpan.FromMinutes(1) }));
            o.OnRejected = (context, _) => new ValueTask(Problems.Write(context.HttpContext, StatusCodes.Status429TooManyRequests,
                "Too many sign-in attempts", "Wait a minute before trying again."));
        });

        // Japanese text is written as text; <, >, &, quotes and the like are still escaped.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        // Every problem written through the problem-details service speaks the request's language.
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c => Problems.Localize(c.HttpContext, c.ProblemDetails));
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddControllersWithViews(o =>
            {
                o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
                // Every form post from a page carries an antiforgery token; the API opts out (bearer keys only).
                o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                // Insights as CSV with ?format=csv.
                o.OutputFormatters.Add(new CsvOutputFormatter());
                o.FormatterMappings.SetMediaTypeMappingForFormat(CsvOutputFormatter.Format, CsvOutputFormatter.MediaType);
            })
            .AddJsonOptions(o => JsonSetup.Configure(o.JsonSerializerOptions))
            .ConfigureApiBehaviorOptions(o => o.InvalidModelStateResponseFactory = Problems.FromModelState);
        // MVC's own binding refusals speak the request's language, through the UI text.
        services.AddOptions<MvcOptions>().Configure<Microsoft.Extensions.Localization.IStringLocalizer<SharedText>>(BindingMessages.Configure);
        // Problem details are written with the HTTP JSON options: the same enum words as the API's bodies.
        services.ConfigureHttpJsonOptions(o => JsonSetup.Configure(o.SerializerOptions));
        services.AddOpenApi(OpenApiDocumentSetup.Configure);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddHostedService<DailyJobs>();
        // The daily digest: its settings, the words it is written in, and the channels it goes out by.
        services.AddSingleton(config.GetSection("Notifications").Get<Marketplace.Core.Features.Notifications.NotificationOptions>() ?? new Marketplace.Core.Features.Notifications.NotificationOptions());
        services.AddSingleton(config.GetSection("Notifications:Smtp").Get<SmtpOptions>() ?? new SmtpOptions());
        services.AddHttpClient(SlackDigestChannel.Client, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<Marketplace.Core.Features.Notifications.IDigestWriter, DigestWriter>();
        services.AddSingleton<Marketplace.Core.Features.Notifications.IDigestChannel, SmtpDigestChannel>();
        services.AddSingleton<Marketplace.Core.Features.Notifications.IDigestChannel, SlackDigestChannel>();

        var maxBody = config.GetValue<long?>("Limits:MaxRequestBodyBytes") ?? 1_048_576;
        // The server's own cap is the largest any route takes (an import's file); BodySizeLimit holds every other route to its own.
        var maxImport = config.GetValue<long?>("Limits:MaxImportBytes") ?? BodySizeLimit.DefaultMaxImportBytes;
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = Math.Max(maxBody, maxImport) + BodySizeLimit.MultipartOverheadBytes);
        builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = maxImport + BodySizeLimit.MultipartOverheadBytes);
    }

    public static void UseMarketplace(this WebApplication app)
    {
        if (ForwardedHeadersSetup.Enabled(app.Configuration)) app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeaders>();
        // Before the error handlers: a culture set further in does not flow back out to them.
        app.UseRequestLocalization();
        app.UseExceptionHandler();
        // A browser meets failures and bare statuses as the error page (ErrorController), the API as problems.
        app.UseWhen(BrowserRoutes.Is, pages => pages
            .UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/error/500", StatusCodeSelector = ProblemExceptionHandler.StatusOf })
            .UseStatusCodePagesWithReExecute("/error/{0}"));
        app.UseWhen(context => !BrowserRoutes.Is(context), api => api.UseStatusCodePages(async ctx =>
        {
            var http = ctx.HttpContext;
            if (http.Response.HasStarted || http.Response.ContentLength > 0) return;
            var status = http.Response.StatusCode;
            await Problems.Write(http, status, status == 404 ? "Not found" : "Error",
                status == 404 ? $"No resource at {http.Request.Path}." : $"The request failed with status {status}.");
        }));
        app.UseMiddleware<BodySizeLimit>(app.Configuration.GetValue<long?>("Limits:MaxRequestBodyBytes") ?? 1_048_576,
            app.Configuration.GetValue<long?>("Limits:MaxImportBytes") ?? BodySizeLimit.DefaultMaxImportBytes);
        // The UI's stylesheet and chart script: served by the app itself, so it works offline.
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapControllers();
        app.MapOpenApi().AllowAnonymous();
        app.MapHealthChecks("/health", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            ResponseWriter = async (ctx, report) =>
            {
                ctx.Response.ContentType = "application/json";
                await ctx.Response.WriteAsJsonAsync(new
                {
                    status = report.Status.ToString(),
                    checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
                });
            },
        }).AllowAnonymous();
    }

    public static DatabaseOptions DatabaseFrom(IConfiguration config, string contentRoot)
    {
        var providerText = config["Database:Provider"] ?? "sqlite";
        var provider = providerText.ToLowerInvariant() switch
        {
            "sqlite" => DatabaseProvider.Sqlite,
            "sqlserver" => DatabaseProvider.SqlServer,
            _ => throw new InvalidOperationException($"Database:Provider must be 'sqlite' or 'sqlserver', not '{providerText}'."),
        };
        var connectionString = config.GetConnectionString("Marketplace")
            ?? (provider == DatabaseProvider.Sqlite ? "Data Source=data/marketplace.db"
                : throw new InvalidOperationException("ConnectionStrings:Marketplace is required for SQL Server."));
        if (provider == DatabaseProvider.Sqlite)
        {
            // A relative SQLite file lives under the app's content root, wherever the app was started from.
            var builder = new SqliteConnectionStringBuilder(connectionString);
            if (builder.Mode != SqliteOpenMode.Memory && builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource))
                builder.DataSource = Path.Combine(contentRoot, builder.DataSource);
            connectionString = builder.ToString();
        }
        return new DatabaseOptions(provider, connectionString);
    }

    /// <summary>
    /// The configured key, or else one generated on first start and kept in a file beside the data, so a
    /// fresh install can be scripted without a secret ever being committed.
    /// </summary>
    private static string BootstrapAdminKey(IConfiguration config, string contentRoot)
    {
        var configured = config["Auth:BootstrapAdminKey"];
        if (!string.IsNullOrWhiteSpace(configured)) return configured.Trim();
        var file = Path.Combine(contentRoot, config["Auth:BootstrapAdminKeyFile"] ?? "data/bootstrap-admin.key");
        if (File.Exists(file)) return File.ReadAllText(file).Trim();
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var key = ApiKeyHash.NewKey();
        File.WriteAllText(file, key);
        return key;
    }
}

public static class RateLimits
{
    public const string SignIn = "sign-in";
}

/// <summary>
/// Healthy only when the database can take a write: reads alone would not notice a read-only or full disk.
/// The probe starts a write that touches no row and rolls it back; on SQLite the disk must also have room.
/// </summary>
public sealed class DatabaseHealthCheck(ConnectionFactory factory, IConfiguration config) : IHealthCheck
{
    public const string WriteProbe = "DELETE FROM schema_migrations WHERE 1 = 0";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var provider = factory.Dialect.Provider;
        long applied;
        try
        {
            await using var connection = await factory.OpenAsync(ct);
            await using (var count = connection.CreateCommand())
            {
                count.CommandText = "SELECT COUNT(*) FROM schema_migrations";
                applied = Convert.ToInt64(await count.ExecuteScalarAsync(ct));
            }
            try
            {
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await using var probe = connection.CreateCommand();
                probe.Transaction = transaction;
                probe.CommandText = WriteProbe;
                await probe.ExecuteNonQueryAsync(ct);
                await transaction.RollbackAsync(ct);
            }
            catch (Exception ex) when (StorageFault.Is(ex))
            {
                return HealthCheckResult.Unhealthy($"{provider} is readable but refuses writes: {ex.Message}");
            }
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy($"{provider} unreachable: {ex.Message}");
        }
        var minFree = config.GetValue<long?>("Database:MinFreeBytes") ?? DefaultMinFreeBytes;
        if (provider == DatabaseProvider.Sqlite && FreeBytes() is { } free && free < minFree)
            return HealthCheckResult.Unhealthy($"{provider} reachable, but its disk has only {free} bytes free.");
        return HealthCheckResult.Healthy($"{provider} reachable and writable, {applied} migrations applied.");
    }

    private const long DefaultMinFreeBytes = 1_048_576;

    private long? FreeBytes()
    {
        var file = new SqliteConnectionStringBuilder(factory.ConnectionString).DataSource;
        if (string.IsNullOrEmpty(file) || file == ":memory:") return null;
        var directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        return new DriveInfo(directory).AvailableFreeSpace;
    }
}
