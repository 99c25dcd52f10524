using System.Collections.Concurrent;
using System.Text.Json;

namespace Marketplace.Core.Domain;

public enum Team { Cc, Cs, Sales, Admin }
public enum Purpose { ResourceShortage, VariableCost, KnowHow, CoreProductivity }
public enum CompanyStatus { Active, Churned }
public enum Rank { S, A, B, C }
public enum Stage { Entry, Onboard, Active, Loyal }
public enum JobType { Engineer, Designer, Marketer, Sales, Writer, Pm, Data, Hr, Other }
public enum MainJobStyle { Employee, Freelancer, Executive, Student, Other }
public enum WorkerStatus { Registered, Screening, Available, Proposed, Active, Paused, Left }
public enum EngagementStatus { Proposed, Contracted, Active, Ended, Declined }
public enum ChurnInitiator { Company, Worker, Mutual }
public enum ReasonScope { Both, Engagement, Company }
public enum LeadStatus { Open, Converted, Lost }
/// <summary>What an import did with one row of the file (or would do, in a dry run).</summary>
public enum ImportOutcome { Created, Updated, Unchanged, Error }
/// <summary>How a note's conversation took place (面談メモの種類).</summary>
public enum NoteKind { Call, Meeting, Email, Chat, Other }
/// <summary>What one entry of a company's or a worker's timeline records.</summary>
public enum TimelineKind
{
    Note, WorkerStatusChanged, EngagementProposed, EngagementContracted, EngagementDeclined, KickoffHeld, FollowUpHeld,
    SatisfactionSurveyed, EngagementEnded, CompanyChurned, CompanyReactivated, LeadTossed, LeadDecided, TaskCreated, TaskCompleted,
}

/// <summary>
/// Enum values travel (JSON, database) as snake_case words (listed in docs/api.md); this is the single
/// place that converts between the C# names and those words.
/// </summary>
public static class Wire
{
    private static readonly ConcurrentDictionary<Enum, string> Names = new();

    public static string Name<T>(T value) where T : struct, Enum => NameOf(value);

    /// <summary>The same for a value whose enum type is known only at run time (a boxed value).</summary>
    public static string NameOf(Enum value) =>
        Names.GetOrAdd(value, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

    public static T Parse<T>(string word) where T : struct, Enum =>
        TryParse<T>(word, out var value) ? value : throw new FormatException($"'{word}' is not a {typeof(T).Name}.");

    public static bool TryParse<T>(string? word, out T value) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(Name(candidate), word, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    public static string Words<T>() where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(Name));
}
