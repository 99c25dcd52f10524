using Marketplace.Core.Imports;

namespace Marketplace.Core.Features.Imports;

/// <summary>The three kinds of import, by the word the API and the pages name them with.</summary>
public static class ImportKinds
{
    public static readonly IReadOnlyList<string> All = [ImportCompanies.Kind, ImportWorkers.Kind, ImportEngagements.Kind];

    /// <summary>The import command for a kind; null for a word that names none.</summary>
    public static ImportCommand? Command(string kind, string fileName, byte[] content, bool dryRun, string? sheet) => kind switch
    {
        ImportCompanies.Kind => new ImportCompanies.Command { FileName = fileName, Content = content, DryRun = dryRun, Sheet = sheet },
        ImportWorkers.Kind => new ImportWorkers.Command { FileName = fileName, Content = content, DryRun = dryRun, Sheet = sheet },
        ImportEngagements.Kind => new ImportEngagements.Command { FileName = fileName, Content = content, DryRun = dryRun, Sheet = sheet },
        _ => null,
    };
}
