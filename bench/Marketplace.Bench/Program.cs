using System.Diagnostics;
using System.Globalization;
using Marketplace.Bench;

// dotnet run -c Release --project bench/Marketplace.Bench -- generate --engagements 1000000 --out bench.db [--seed 42]
if (args.Length == 0 || args[0] != "generate")
{
    Console.Error.WriteLine("Usage: generate --engagements <n> --out <file.db> [--seed <n>] [--today yyyy-MM-dd]");
    return 64;
}

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

if (!int.TryParse(Option("--engagements"), out var engagements) || engagements <= 0 || Option("--out") is not { } output)
{
    Console.Error.WriteLine("generate needs --engagements <positive number> and --out <file.db>.");
    return 64;
}
var options = GeneratorOptions.ForEngagements(engagements) with
{
    Seed = int.TryParse(Option("--seed"), out var seed) ? seed : GeneratorOptions.DefaultSeed,
    Today = Option("--today") is { } today ? DateOnly.ParseExact(today, "yyyy-MM-dd", CultureInfo.InvariantCulture) : GeneratorOptions.DefaultToday,
};

var watch = Stopwatch.StartNew();
var counts = new BenchDataGenerator(options).Generate(output);
Console.WriteLine($"Wrote {output} in {watch.Elapsed.TotalSeconds:F1} s:");
foreach (var (table, rows) in counts.Rows)
    Console.WriteLine($"  {table,-26} {rows,10:N0}");
return 0;
