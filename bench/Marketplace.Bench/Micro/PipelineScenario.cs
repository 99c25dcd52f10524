using BenchmarkDotNet.Attributes;
using FluentValidation;
using Marketplace.Bench.Report;
using Marketplace.Core.Data;
using Marketplace.Core.Pipeline;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Bench.Micro;

/// <summary>
/// What MediatR and the product's behaviors cost per request, over calling the handler yourself. The request is
/// a benchmark-only query whose handler does nothing, so the pipeline is all there is to measure; it has one
/// validator, like the product's queries, so the validation path runs too, and it answers a reference type, like
/// the product's DTOs, so no layer gets a cached task for free.
/// </summary>
public static class PipelineScenario
{
    private const double TargetNanoseconds = 1_000;
    private const double TargetBytes = 1_024;

    public static async Task<BenchSection> Run(SuiteOptions options)
    {
        await using var services = Services();
        PipelineBenchmarks.Services = services;
        IReadOnlyDictionary<string, MicroBench.Result> results;
        try { results = MicroBench.Run<PipelineBenchmarks>(options); }
        finally { PipelineBenchmarks.Services = null; }

        var rows = new List<BenchRow>();
        var notes = new List<string>();
        void Pair(string label, string send, string direct)
        {
            var (s, d) = (results[send], results[direct]);
            var time = s.Nanoseconds - d.Nanoseconds;
            var bytes = s.Bytes - d.Bytes;
            rows.Add(new BenchRow($"{label}: time per call", Fmt.Ns(s.Nanoseconds), Fmt.Ns(d.Nanoseconds), Fmt.Ratio(s.Nanoseconds / d.Nanoseconds),
                "overhead ≤ 1 µs", time <= TargetNanoseconds ? Verdict.Met : Verdict.Missed, $"overhead {Fmt.Ns(time)}"));
            rows.Add(new BenchRow($"{label}: allocated per call", Fmt.Bytes(s.Bytes), Fmt.Bytes(d.Bytes), Fmt.Ratio(s.Bytes / d.Bytes),
                "overhead ≤ 1 KB", bytes <= TargetBytes ? Verdict.Met : Verdict.Missed, $"overhead {Fmt.Bytes(bytes)}"));
            notes.Add($"{label}: Send {Fmt.Ns(s.Nanoseconds)} and {Fmt.Bytes(s.Bytes)}, direct call {Fmt.Ns(d.Nanoseconds)} and {Fmt.Bytes(d.Bytes)} per call.");
        }
        Pair("Per request (new scope)", nameof(PipelineBenchmarks.SendInNewScope), nameof(PipelineBenchmarks.DirectInNewScope));
        Pair("Repeated in one scope", nameof(PipelineBenchmarks.Send), nameof(PipelineBenchmarks.Direct));
        var validate = results[nameof(PipelineBenchmarks.Validate)];
        var unvalidated = results[nameof(PipelineBenchmarks.SendUnvalidated)];
        var direct = results[nameof(PipelineBenchmarks.Direct)];
        var resolve = results[nameof(PipelineBenchmarks.ResolveInNewScope)];
        var directInScope = results[nameof(PipelineBenchmarks.DirectInNewScope)];
        notes.Add("Per request is what an API call pays: the request's scope is created and disposed on both sides, and Send also "
            + "resolves the mediator and both behaviors (with the scope's Db); validators are singletons, built once. "
            + $"Resolving those in a new scope without sending takes {Fmt.Ns(resolve.Nanoseconds)} and {Fmt.Bytes(resolve.Bytes)} "
            + $"({Fmt.Ns(resolve.Nanoseconds - directInScope.Nanoseconds)} and {Fmt.Bytes(resolve.Bytes - directInScope.Bytes)} over the direct call's scope): "
            + "that share of the per-request overhead is dependency injection, the rest is the Send itself. "
            + "Repeated in one scope is the pipeline alone.");
        notes.Add($"Where the repeated overhead goes (BenchmarkDotNet's MemoryDiagnoser): FluentValidation's Validate of the request (two rules, valid "
            + $"input; the context, the rule walk and the result) is {Fmt.Ns(validate.Nanoseconds)} and {Fmt.Bytes(validate.Bytes)}; a Send of a query "
            + $"with no validator costs {Fmt.Ns(unvalidated.Nanoseconds - direct.Nanoseconds)} and {Fmt.Bytes(unvalidated.Bytes - direct.Bytes)} over the "
            + "direct call — MediatR 5 itself: the handler-wrapper lookup (a closure per Send), the behaviors resolved as a new array, Reverse and "
            + "Aggregate over them and a closure and delegate per behavior and for the handler. The behaviors add no allocation of their own on a valid query.");
        if (options.Smoke) notes.Add("Smoke run: a Stopwatch loop of a few hundred calls, not BenchmarkDotNet; the figures mean nothing.");

        return new BenchSection("Pipeline overhead",
            "MediatR Send of a no-op query through the real registration (AddMarketplaceCore: ValidationBehavior, then "
            + "TransactionBehavior) against resolving and calling its handler directly, measured with BenchmarkDotNet "
            + "(in process, MemoryDiagnoser); the overhead is the difference.",
            rows, notes);
    }

    /// <summary>The product's container, plus the benchmark query registered as Registration's assembly scan registers the product's.</summary>
    private static ServiceProvider Services()
    {
        var services = new ServiceCollection();
        // The query never reaches the database: TransactionBehavior hands a non-command on without a connection.
        services.AddMarketplaceCore(new DatabaseOptions(DatabaseProvider.Sqlite, "Data Source=:memory:"));
        services.AddScoped<IRequestHandler<Ping, string>, PingHandler>();
        services.AddSingleton<IValidator<Ping>, PingValidator>();
        services.AddScoped<IRequestHandler<Unvalidated, string>, UnvalidatedHandler>();
        return services.BuildServiceProvider();
    }

    public sealed record Ping(string Text) : IRequest<string>;

    public sealed class PingValidator : AbstractValidator<Ping>
    {
        public PingValidator() => RuleFor(p => p.Text).Text(100);
    }

    public sealed class PingHandler : IRequestHandler<Ping, string>
    {
        public Task<string> Handle(Ping request, CancellationToken cancellationToken) => Task.FromResult(request.Text);
    }

    /// <summary>The same query without a validator: what MediatR and the behaviors cost with no validation work.</summary>
    public sealed record Unvalidated(string Text) : IRequest<string>;

    public sealed class UnvalidatedHandler : IRequestHandler<Unvalidated, string>
    {
        public Task<string> Handle(Unvalidated request, CancellationToken cancellationToken) => Task.FromResult(request.Text);
    }
}

/// <summary>BenchmarkDotNet creates this class itself; the container comes from <see cref="PipelineScenario"/> through <see cref="Services"/>.</summary>
public class PipelineBenchmarks
{
    internal static IServiceProvider? Services { get; set; }

    private static readonly PipelineScenario.Ping Request = new("bench");
    private static readonly PipelineScenario.Unvalidated UnvalidatedRequest = new("bench");

    private IServiceProvider services = null!;
    private AsyncServiceScope scope;
    private IMediator mediator = null!;
    private IRequestHandler<PipelineScenario.Ping, string> handler = null!;
    private IValidator<PipelineScenario.Ping> validator = null!;

    [GlobalSetup]
    public void Setup()
    {
        services = Services ?? throw new InvalidOperationException("PipelineScenario sets the services before the run.");
        scope = services.CreateAsyncScope();
        mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        handler = scope.ServiceProvider.GetRequiredService<IRequestHandler<PipelineScenario.Ping, string>>();
        validator = scope.ServiceProvider.GetRequiredService<IValidator<PipelineScenario.Ping>>();
    }

    // The scope holds a Db, which is only asynchronously disposable.
    [GlobalCleanup]
    public Task Cleanup() => scope.DisposeAsync().AsTask();

    [Benchmark]
    public Task<string> Send() => mediator.Send(Request);

    [Benchmark]
    public Task<string> Direct() => handler.Handle(Request, CancellationToken.None);

    /// <summary>What ValidationBehavior asks of the validator, to tell FluentValidation's share of the overhead.</summary>
    [Benchmark]
    public FluentValidation.Results.ValidationResult Validate() =>
        validator.Validate(new ValidationContext<PipelineScenario.Ping>(Request));

    /// <summary>Send of a query that has no validator: MediatR 5 and the behaviors alone.</summary>
    [Benchmark]
    public Task<string> SendUnvalidated() => mediator.Send(UnvalidatedRequest);

    [Benchmark]
    public async Task<string> SendInNewScope()
    {
        await using var request = services.CreateAsyncScope();
        return await request.ServiceProvider.GetRequiredService<IMediator>().Send(Request);
    }

    /// <summary>What Send in a new scope resolves, without sending: the per-request share of dependency injection.</summary>
    [Benchmark]
    public async Task<int> ResolveInNewScope()
    {
        await using var request = services.CreateAsyncScope();
        var provider = request.ServiceProvider;
        provider.GetRequiredService<IMediator>();
        provider.GetRequiredService<IRequestHandler<PipelineScenario.Ping, string>>();
        return provider.GetServices<IPipelineBehavior<PipelineScenario.Ping, string>>().Count();
    }

    [Benchmark]
    public async Task<string> DirectInNewScope()
    {
        await using var request = services.CreateAsyncScope();
        return await request.ServiceProvider.GetRequiredService<IRequestHandler<PipelineScenario.Ping, string>>().Handle(Request, CancellationToken.None);
    }
}
