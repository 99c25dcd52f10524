using Marketplace.Core.Imports;

namespace Marketplace.Core.Features.Imports;

/// <summary>The three kinds of import, by the word the API and the pages name them with.</summary>
public static class ImportKinds
{
    /// <summary>Each kind's columns, in the order the pages offer the kinds (companies first: the others name them).</summary>
    public static readonly IReadOnlyList<(string Kind, IReadOnlyList<ImportColumn> Columns)> Kinds =
    [
        (ImportCompanies.Kind, ImportCompanies.Columns),
        (ImportWorkers.Kind, ImportWorkers.Columns),
        (ImportEngagements.Kind, ImportEngagements.Columns),
    ];

    public static readonly IReadOnlyList<string> All = Kinds.Select(k => k.Kind).ToList();

    /// <summary>A kind's columns; null for a word that names none.</summary>
    public static IReadOnlyList<ImportColumn>? ColumnsOf(string kind) => Kinds.FirstOrDefault(k => k.Kind == kind).Columns;

    /// <summary>The import command for a kind; null for a word that names none.</summary>
    public static ImportCommand? Command(string kind, string fileName, byte[] content, bool dryRun, string? sheet) => kind switch
    {
        ImportCompanies.Kind => new ImportCompanies.Command { FileName = fileName, Content = content, DryRun = dryRun, Sheet = sheet },
        ImportWorkers.Kind => new ImportWorkers.Command { FileName = fileName, Content = content, DryRun = dryRun, Sheet = sheet },
        ImportEngagements.Kind => new ImportEngagements.Command { FileName = fileName, Content = content, DryRun = dryRun, Sheet = sheet },
        _ => null,
    };
}
