using System.Data;
using Dapper;
using Marketplace.Core.Data;

namespace Marketplace.Tests.Data;

/// <summary>Dates stored as yyyy-MM-dd text on SQLite read back as DateOnly, through the app's connection factory.</summary>
public class TypeHandlerTests
{
    private static readonly ConnectionFactory Factory = new(new DatabaseOptions(DatabaseProvider.Sqlite, "Data Source=:memory:"));

    private sealed record DayRow
    {
        public DateOnly Day { get; init; }
        public DateOnly? Maybe { get; init; }
    }

    [Theory]
    [InlineData("2024-02-29", 2024, 2, 29)]
    [InlineData("2026-12-31", 2026, 12, 31)]
    [InlineData("0001-01-01", 1, 1, 1)]
    [InlineData("9999-12-31", 9999, 12, 31)]
    public void Reads_iso_dates(string text, int year, int month, int day)
    {
        using var connection = Factory.Open();
        var row = connection.QuerySingle<DayRow>("SELECT @text AS day, NULL AS maybe", new { text });
        Assert.Equal(new DateOnly(year, month, day), row.Day);
        Assert.Null(row.Maybe);
        Assert.Equal(new DateOnly(year, month, day), connection.QuerySingle<DayRow>("SELECT @text AS day, @text AS maybe", new { text }).Maybe);
    }

    [Theory]
    [InlineData("2023-02-29")]
    [InlineData("2024-13-01")]
    [InlineData("2024-00-10")]
    [InlineData("2024-1-10x")]
    [InlineData("+024-01-10")]
    [InlineData("2024/01/10")]
    public void Refuses_what_is_not_a_calendar_date(string text)
    {
        using var connection = Factory.Open();
        var error = Record.Exception(() => connection.QuerySingle<DayRow>("SELECT @text AS day, NULL AS maybe", new { text }));
        Assert.NotNull(error);
        Assert.True(error is FormatException or DataException || error.InnerException is FormatException, error.ToString());
    }
}

/// <summary>
/// Statuses and the other one-word enums are read into typed rows by Dapper itself (it ignores type handlers for enums
/// and parses the column's text by name, ignoring case), so each stored word must be its value's name in lower case.
/// A multi-word value in one of these enums would break that silently; this test names it. (Read as a bare scalar,
/// Dapper refuses an enum from text, so statuses are always read into row properties.)
/// </summary>
public class EnumColumnTests
{
    private static readonly ConnectionFactory Factory = new(new DatabaseOptions(DatabaseProvider.Sqlite, "Data Source=:memory:"));

    private sealed record Row<T> where T : struct, Enum
    {
        public T Value { get; init; }
    }

    private static void EveryWordReadsBack<T>() where T : struct, Enum
    {
        using var connection = Factory.Open();
        foreach (var value in Enum.GetValues<T>())
        {
            var word = Marketplace.Core.Domain.Wire.Name(value);
            Assert.Equal(value, connection.QuerySingle<Row<T>>("SELECT @word AS value", new { word }).Value);
        }
    }

    [Fact]
    public void Every_enum_stored_in_a_column_and_read_typed_reads_back_from_its_word()
    {
        EveryWordReadsBack<Marketplace.Core.Domain.EngagementStatus>();
        EveryWordReadsBack<Marketplace.Core.Domain.WorkerStatus>();
        EveryWordReadsBack<Marketplace.Core.Domain.CompanyStatus>();
        EveryWordReadsBack<Marketplace.Core.Domain.JobType>();
        EveryWordReadsBack<Marketplace.Core.Domain.MainJobStyle>();
        EveryWordReadsBack<Marketplace.Core.Domain.ChurnInitiator>();
        EveryWordReadsBack<Marketplace.Core.Domain.Stage>();
        EveryWordReadsBack<Marketplace.Core.Domain.Rank>();
        EveryWordReadsBack<Marketplace.Core.Domain.Team>();
        EveryWordReadsBack<Marketplace.Core.Domain.LeadStatus>();
    }
}
