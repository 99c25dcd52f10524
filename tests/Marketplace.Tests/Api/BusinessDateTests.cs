using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using FluentValidation;
using Marketplace.Core.Pipeline;
using Marketplace.Tests.Infrastructure;
using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static Marketplace.Tests.Infrastructure.ApiClient;

namespace Marketplace.Tests.Api;

/// <summary>Every date a request can carry is held to the business range (Business:EarliestDate … Business:LatestDate).</summary>
public class BusinessDateTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private static readonly DateOnly[] Outside = [DateOnly.MinValue, new(1989, 12, 31), new(2101, 1, 1), DateOnly.MaxValue];
    private static readonly DateOnly[] Inside = [new(1990, 1, 1), new(2026, 6, 15), new(2100, 12, 31)];

    /// <summary>One property on the way to a date: a list's property is filled with one entry.</summary>
    private sealed record Step(PropertyInfo Property, Type? Element)
    {
        public string Key => JsonNamingPolicy.CamelCase.ConvertName(Property.Name) + (Element is null ? "" : "[0]");
    }

    [Fact]
    public async Task Every_date_in_every_request_is_refused_outside_the_range_by_the_pipeline()
    {
        var requests = typeof(Registration).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && ResponseOf(t) is not null)
            .ToList();
        await using var scope = app.Services.CreateAsyncScope();
        var found = new List<string>();
        var wrong = new List<string>();
        foreach (var type in requests)
            foreach (var path in DatePaths(type, depth: 0))
            {
                var key = string.Join(".", path.Select(s => s.Key));
                found.Add($"{type.FullName}: {key}");
                foreach (var day in Outside.Concat(Inside))
                {
                    var refused = (await Failures(scope.ServiceProvider, type, path, day)).Contains(key);
                    if (refused != Outside.Contains(day))
                        wrong.Add($"{type.FullName}: {key} = {day:yyyy-MM-dd} was {(refused ? "refused" : "accepted")}");
                }
            }
        Assert.Empty(wrong);
        // The walk sees dates in bodies, query strings and nested lists alike: the known ones, at least.
        Assert.Contains("Marketplace.Core.Features.Engagements.RecordKickoff+Command: heldOn", found);
        Assert.Contains("Marketplace.Core.Features.Insights.ChurnRisk+Query: asOf", found);
        Assert.Contains("Marketplace.Core.Features.Members.ListAudit+Query: to", found);
        Assert.Contains("Marketplace.Core.Features.Churn.ListCompanyChurns+Query: from", found);
        Assert.True(found.Count >= 24, $"Only {found.Count} dates found: {string.Join("; ", found)}");
    }

    [Fact]
    public async Task The_range_is_configuration()
    {
        using var narrow = new MarketplaceApp().With("Business:EarliestDate", "2020-01-01").With("Business:LatestDate", "2030-12-31");
        var admin = narrow.Admin();
        Assert.Contains("from 2020-01-01 to 2030-12-31", await FieldError(await admin.Get("/api/insights/churn-risk?asOf=2031-01-01"), "asOf"));
        await FieldError(await admin.Get("/api/churn/engagements?from=2019-12-31"), "from");
        Assert.Contains("from 2020-01 to 2030-12", await FieldError(await admin.Get("/api/insights/churn-rates?kind=company&to=2031-01"), "to"));
        await admin.GetOk("/api/insights/churn-risk?asOf=2030-12-31");
        await admin.GetOk("/api/follow-ups?asOf=2020-01-01");
    }

    [Theory]
    [InlineData("2030-01-01", "2020-12-31")]
    [InlineData("0001-01-01", "2100-12-31")]
    [InlineData("1990-01-01", "9999-12-31")]
    public void A_range_that_cannot_work_stops_the_start(string earliest, string latest)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Business:EarliestDate"] = earliest, ["Business:LatestDate"] = latest })
            .Build();
        Assert.Throws<InvalidOperationException>(() => { BusinessDates.From(configuration); });
    }

    /// <summary>The request type's response type, when it is a MediatR request.</summary>
    private static Type? ResponseOf(Type type) =>
        type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>))?.GetGenericArguments()[0];

    /// <summary>Every settable DateOnly or DateOnly? of the type, in it or in the records and lists of records it holds.</summary>
    private static IEnumerable<IReadOnlyList<Step>> DatePaths(Type type, int depth)
    {
        if (depth > 4) yield break;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetIndexParameters().Length == 0))
        {
            var element = ElementOf(property.PropertyType);
            var held = element ?? property.PropertyType;
            if (IsDate(held)) yield return [new Step(property, element)];
            else if (held.IsClass && held.Assembly == typeof(Registration).Assembly)
                foreach (var rest in DatePaths(held, depth + 1))
                    yield return [new Step(property, element), .. rest];
        }
    }

    private static bool IsDate(Type type) => type == typeof(DateOnly) || type == typeof(DateOnly?);

    private static Type? ElementOf(Type type) =>
        type == typeof(string) ? null
        : type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    /// <summary>The fields the registered validation behavior refuses in a request of the type that has the day at the path.</summary>
    private static Task<HashSet<string>> Failures(IServiceProvider services, Type type, IReadOnlyList<Step> path, DateOnly day)
    {
        var request = New(type);
        object target = request;
        foreach (var (step, last) in path.Select((s, i) => (s, i == path.Count - 1)))
        {
            var value = last ? day : New(step.Element ?? step.Property.PropertyType);
            if (step.Element is { } element)
            {
                var list = Array.CreateInstance(element, 1);
                list.SetValue(value, 0);
                step.Property.SetValue(target, list);
            }
            else step.Property.SetValue(target, value);
            target = value;
        }
        return (Task<HashSet<string>>)typeof(BusinessDateTests).GetMethod(nameof(Validate), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type, ResponseOf(type)!).Invoke(null, [services, request])!;
    }

    private static object New(Type type) =>
        type.GetConstructor(Type.EmptyTypes) is { } constructor ? constructor.Invoke(null) : RuntimeHelpers.GetUninitializedObject(type);

    private static async Task<HashSet<string>> Validate<TRequest, TResponse>(IServiceProvider services, TRequest request) where TRequest : IRequest<TResponse>
    {
        var behavior = services.GetServices<IPipelineBehavior<TRequest, TResponse>>().OfType<ValidationBehavior<TRequest, TResponse>>().Single();
        try
        {
            // The handler is never reached: a request the validators let through ends here.
            await behavior.Handle(request, CancellationToken.None, () => Task.FromResult(default(TResponse)!));
            return [];
        }
        catch (ValidationException e)
        {
            return e.Errors.Select(f => f.PropertyName).ToHashSet();
        }
    }
}
