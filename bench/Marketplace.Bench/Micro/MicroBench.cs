using System.Diagnostics;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Marketplace.Bench.Micro;

/// <summary>
/// Runs the [Benchmark] methods of one class and returns the mean time and the bytes allocated per call of each,
/// by method name. The full run is BenchmarkDotNet in this process (no separate build, the same runtime as the
/// rest of the suite). Smoke mode, which must finish in seconds, calls each method a few hundred times in a
/// Stopwatch loop instead of starting BenchmarkDotNet.
/// </summary>
public static class MicroBench
{
    public sealed record Result(double Nanoseconds, double Bytes);

    private const int SmokeCalls = 300;
    private static readonly string Artifacts = Path.Combine(Path.GetTempPath(), "marketplace-bench-artifacts");

    public static IReadOnlyDictionary<string, Result> Run<T>(SuiteOptions options) where T : class, new() =>
        options.Smoke ? Loop<T>() : Measure<T>();

    private static IReadOnlyDictionary<string, Result> Measure<T>()
    {
        Console.Error.WriteLine($"   BenchmarkDotNet: {typeof(T).Name} ...");
        var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(5).WithIterationCount(15);
        // BenchmarkDotNet's own table (with deviations and percentiles) is kept outside the working tree, for a closer look.
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddExporter(MarkdownExporter.GitHub)
            .AddLogger(new ErrorsOnly())
            .WithArtifactsPath(Artifacts);
        var summary = BenchmarkRunner.Run<T>(config);
        Console.Error.WriteLine($"   details: {summary.ResultsDirectoryPath}");
        if (summary.HasCriticalValidationErrors)
            throw new InvalidOperationException(string.Join(Environment.NewLine, summary.ValidationErrors.Select(e => e.Message)));
        return summary.Reports.ToDictionary(
            r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
            r => new Result(
                r.ResultStatistics?.Mean ?? throw new InvalidOperationException($"{r.BenchmarkCase.DisplayInfo} did not run; see the errors above."),
                r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? 0));
    }

    private static IReadOnlyDictionary<string, Result> Loop<T>() where T : class, new()
    {
        var instance = new T();
        var methods = typeof(T).GetMethods();
        Invoke(instance, methods.Where(m => m.IsDefined(typeof(GlobalSetupAttribute))));
        try
        {
            return methods.Where(m => m.IsDefined(typeof(BenchmarkAttribute))).ToDictionary(m => m.Name, m =>
            {
                Invoke(instance, [m]); // the first call compiles it
                var bytes = GC.GetAllocatedBytesForCurrentThread();
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < SmokeCalls; i++) Invoke(instance, [m]);
                return new Result(watch.Elapsed.TotalNanoseconds / SmokeCalls, (GC.GetAllocatedBytesForCurrentThread() - bytes) / (double)SmokeCalls);
            });
        }
        finally
        {
            Invoke(instance, methods.Where(m => m.IsDefined(typeof(GlobalCleanupAttribute))));
        }
    }

    private static void Invoke(object instance, IEnumerable<MethodInfo> methods)
    {
        foreach (var method in methods)
            if (method.Invoke(instance, null) is Task task) task.GetAwaiter().GetResult();
    }

    /// <summary>BenchmarkDotNet's progress log runs to thousands of lines; only its errors are worth showing here.</summary>
    private sealed class ErrorsOnly : ILogger
    {
        public string Id => nameof(ErrorsOnly);
        public int Priority => 0;
        public void Write(LogKind logKind, string text) { if (logKind == LogKind.Error) Console.Error.Write(text); }
        public void WriteLine() { }
        public void WriteLine(LogKind logKind, string text) { if (logKind == LogKind.Error) Console.Error.WriteLine(text); }
        public void Flush() => Console.Error.Flush();
    }
}
