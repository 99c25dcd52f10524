namespace Marketplace.Bench;

/// <summary>What was changed in the product to meet the targets, written under the tables of docs/benchmarks.md.</summary>
public static class Changes
{
    public static readonly IReadOnlyList<string> Made =
    [
    ];
}
