using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;

namespace Marketplace.Core.Features.Playbooks;

/// <summary>One rule as an admin configured it.</summary>
public sealed record PlaybookDto
{
    public PlaybookRule Rule { get; init; }
    public bool Enabled { get; init; }
    public string Title { get; init; } = "";
    public PlaybookAssignee Assignee { get; init; }
    public int DueInBusinessDays { get; init; }
    /// <summary>For the rules that wait: the days a follow-up may be overdue, or a company may go without an active engagement.</summary>
    public int? ThresholdDays { get; init; }
    [System.Text.Json.Serialization.JsonIgnore] public long Version { get; init; }
}

/// <summary>The rules' settings as stored (playbooks), read by the settings page and by the rules themselves.</summary>
public static class PlaybookSettings
{
    public static class Sql
    {
        private const string Select = "SELECT rule_code, enabled, title, assignee, due_in_business_days, threshold_days, version FROM playbooks";
        public const string All = Select + " ORDER BY rule_code";
        public const string One = Select + " WHERE rule_code = @rule";
    }

    private sealed record Row
    {
        public string RuleCode { get; init; } = "";
        public bool Enabled { get; init; }
        public string Title { get; init; } = "";
        public string Assignee { get; init; } = "";
        public int DueInBusinessDays { get; init; }
        public int? ThresholdDays { get; init; }
        public long Version { get; init; }

        public PlaybookDto Dto() => new()
        {
            Rule = Wire.Parse<PlaybookRule>(RuleCode), Enabled = Enabled, Title = Title, Assignee = Wire.Parse<PlaybookAssignee>(Assignee),
            DueInBusinessDays = DueInBusinessDays, ThresholdDays = ThresholdDays, Version = Version,
        };
    }

    public static async Task<IReadOnlyList<PlaybookDto>> All(Db db, CancellationToken ct) =>
        (await db.QueryAsync<Row>(Sql.All, ct: ct)).Select(r => r.Dto()).OrderBy(p => p.Rule).ToList();

    public static async Task<PlaybookDto> One(Db db, PlaybookRule rule, CancellationToken ct) =>
        (await db.QuerySingleOrDefaultAsync<Row>(Sql.One, new { rule = Wire.Name(rule) }, ct) ?? throw new NotFoundException("playbook", Wire.Name(rule))).Dto();
}
