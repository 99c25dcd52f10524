using System.Data;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Marketplace.Core.Data;

/// <summary>
/// SQLite has no uuid or date types: ids are stored as lowercase text, dates as yyyy-MM-dd and
/// timestamps as ISO 8601 UTC text, which sort and compare correctly as strings. SQL Server gets its
/// native types. Registered once per process.
/// <para>
/// Enums: Dapper ignores type handlers for them. Reading, it parses the stored word by name ignoring case, which is
/// right for every one-word enum the rows read typed (statuses, job types…; EnumColumnTests checks each), into row
/// properties only: as a bare scalar Dapper refuses an enum from text. Purposes,
/// whose words have two parts, are read as text and parsed with <see cref="Domain.Wire"/>. Writing, every statement
/// passes the word (<c>Wire.Name</c>), never the enum, which Dapper would send as a number.
/// </para>
/// </summary>
/// <summary>
/// A day that may be null, read as a property (a column named day): Dapper reads a null scalar through the date handler,
/// which refuses it, but leaves a null property alone.
/// </summary>
public sealed record NullableDay
{
    public DateOnly? Day { get; init; }
}

public static class TypeHandlers
{
    private static int registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1) return;
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.RemoveTypeMap(typeof(Guid));
        SqlMapper.RemoveTypeMap(typeof(Guid?));
        SqlMapper.RemoveTypeMap(typeof(DateTime));
        SqlMapper.RemoveTypeMap(typeof(DateTime?));
        SqlMapper.RemoveTypeMap(typeof(DateOnly));
        SqlMapper.RemoveTypeMap(typeof(DateOnly?));
        SqlMapper.AddTypeHandler(new GuidHandler());
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
        SqlMapper.AddTypeHandler(new UtcDateTimeHandler());
    }

    private sealed class GuidHandler : SqlMapper.TypeHandler<Guid>
    {
        public override void SetValue(IDbDataParameter parameter, Guid value)
        {
            if (parameter is SqliteParameter) { parameter.DbType = DbType.String; parameter.Value = value.ToString("D"); }
            else { parameter.DbType = DbType.Guid; parameter.Value = value; }
        }

        public override Guid Parse(object value) => value switch
        {
            Guid g => g,
            string s => Guid.Parse(s),
            byte[] b => new Guid(b),
            _ => throw new DataException($"Cannot read {value.GetType().Name} as an id."),
        };
    }

    private sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value)
        {
            if (parameter is SqliteParameter) { parameter.DbType = DbType.String; parameter.Value = value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture); }
            else { parameter.DbType = DbType.Date; parameter.Value = value.ToDateTime(TimeOnly.MinValue); }
        }

        public override DateOnly Parse(object value) => value switch
        {
            DateOnly d => d,
            DateTime dt => DateOnly.FromDateTime(dt),
            string s => ParseIsoDate(s),
            _ => throw new DataException($"Cannot read {value.GetType().Name} as a date."),
        };

        // The insights map hundreds of thousands of dates per request, so the digits of yyyy-MM-dd are read directly
        // rather than through DateOnly.ParseExact's format interpretation.
        // Anything else goes to ParseExact, which also gives its error.
        private static DateOnly ParseIsoDate(string s)
        {
            if (s.Length == 10 && s[4] == '-' && s[7] == '-'
                && int.TryParse(s.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                && int.TryParse(s.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
                && int.TryParse(s.AsSpan(8, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var day)
                && year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
                return new DateOnly(year, month, day);
            return DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
    }

    private sealed class UtcDateTimeHandler : SqlMapper.TypeHandler<DateTime>
    {
        public override void SetValue(IDbDataParameter parameter, DateTime value)
        {
            var utc = value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime();
            if (parameter is SqliteParameter) { parameter.DbType = DbType.String; parameter.Value = utc.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture); }
            else { parameter.DbType = DbType.DateTime2; parameter.Value = utc; }
        }

        public override DateTime Parse(object value) => value switch
        {
            DateTime dt => DateTime.SpecifyKind(dt, DateTimeKind.Utc),
            string s => DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
            _ => throw new DataException($"Cannot read {value.GetType().Name} as a timestamp."),
        };
    }
}
