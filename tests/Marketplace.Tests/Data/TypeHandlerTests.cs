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
