using System.Text.Json;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Marketplace.Core.Shared;

namespace Marketplace.Core.Pipeline;

public static class Registration
{
    /// <summary>
    /// MediatR 5 has no container integration: handlers (of requests and of events) and validators are found by scanning this assembly,
    /// and the behaviors wrap every request (validation outermost, then the transaction).
    /// </summary>
    public static IServiceCollection AddMarketplaceCore(this IServiceCollection services, DatabaseOptions database,
        StageRules? stageRules = null, TouchTier? touchTier = null, Documents.DocumentOptions? documents = null, BusinessTime? business = null, BusinessDates? dates = null)
    {
        // Messages and error keys name fields as the client writes them (camelCase JSON).
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : ValidationMessages.FieldName(JsonNamingPolicy.CamelCase.ConvertName(member.Name));
        ValidatorOptions.Global.LanguageManager = new ValidationMessages();
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        services.AddSingleton(database);
        services.AddSingleton<ConnectionFactory>();
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<DataProtectionKeyStore>();
        services.AddSingleton(stageRules ?? new StageRules());
        services.AddSingleton(touchTier ?? new TouchTier());
        services.AddSingleton(business ?? new BusinessTime());
        // Tests replace the time provider to stand at a chosen instant.
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(dates ?? new BusinessDates());
        services.AddScoped<RequestClock>();
        services.AddScoped<IClock>(provider => provider.GetRequiredService<RequestClock>());
        services.AddScoped<Db>();
        services.AddScoped<Audit>();
        services.AddScoped<Events.DomainEvents>();
        services.AddScoped<WorkActor>();
        services.AddScoped<Shared.WorkerStatusWriter>();
        services.AddScoped<Shared.EngagementEnding>();
        services.AddScoped<Shared.CompanyView>();
        services.AddScoped<Shared.WorkerView>();
        services.AddScoped<Shared.EngagementView>();
        services.AddScoped<Shared.ReasonCatalogCache>();
        services.AddScoped<Imports.ImportRun>();
        services.AddScoped<Shared.TaskView>();
        services.AddScoped<Features.Playbooks.PlaybookTaskWriter>();
        services.AddScoped<Imports.ImportLookups>();
        // Documents: content and compiled-template cache are per process (the database holds the templates).
        services.AddSingleton(documents ?? new Documents.DocumentOptions());
        services.AddSingleton<Documents.DocumentContent>();
        services.AddSingleton<Documents.TemplateEngine>();
        services.AddSingleton<Documents.PdfPrinter>();
        services.AddScoped<Documents.TemplateStore>();
        services.AddScoped<Documents.DocumentModel>();
        services.AddScoped<Documents.DocumentRenderer>();

        // The mediator resolves handlers and behaviors from the request's scope; built here in one step rather than
        // resolving a ServiceFactory service for it, which would be a second scoped resolution on every request.
        services.AddScoped<IMediator>(provider => new Mediator(provider.GetService!));
        services.AddSingleton(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(TransactionBehavior<,>));

        foreach (var type in typeof(Registration).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType))
            {
                var definition = contract.GetGenericTypeDefinition();
                if (definition == typeof(IRequestHandler<,>) || definition == typeof(INotificationHandler<>))
                    services.AddScoped(contract, type);
                // Validators hold only their rules (no dependencies): built once, not on every request.
                else if (definition == typeof(IValidator<>))
                    services.AddSingleton(contract, type);
            }
        }
        return services;
    }
}
