using System.Globalization;
using System.Reflection;
using System.Text.Json;
using CsvHelper;
using Marketplace.Core.Features.Insights;
using Microsoft.AspNetCore.Mvc.Formatters;

namespace Marketplace.Web.Infrastructure;

/// <summary>
/// The one CSV writer: any result that is an <see cref="ICsvTable"/> is written as UTF-8 CSV with a BOM (so
/// spreadsheet software reads the Japanese text right), a header row, and one line per row. Selected with
/// ?format=csv ([FormatFilter]) or Accept: text/csv.
/// </summary>
public sealed class CsvOutputFormatter : OutputFormatter
{
    public const string Format = "csv";
    public const string MediaType = "text/csv";

    public CsvOutputFormatter() => SupportedMediaTypes.Add(MediaType);

    /// <summary>The one way CSV is written: UTF-8 with a BOM, cells that would start a formula escaped.</summary>
    public static CsvWriter Writer(Stream body) =>
        CsvWriter.Create(body, new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.Escape }, leaveOpen: true);

    protected override bool CanWriteType(Type? type) => type is not null && typeof(ICsvTable).IsAssignableFrom(type);

    public override void WriteResponseHeaders(OutputFormatterWriteContext context)
    {
        context.ContentType = MediaType + "; charset=utf-8";
        base.WriteResponseHeaders(context);
    }

    public override async Task WriteResponseBodyAsync(OutputFormatterWriteContext context)
    {
        var table = (ICsvTable)context.Object!;
        var rows = table.CsvRows().ToList();
        // The columns are the row type's properties, named as in the JSON (camelCase).
        var columns = table.RowType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToArray();

        await using var csv = Writer(context.HttpContext.Response.Body);
        csv.WriteHeader(columns.Select(c => JsonNamingPolicy.CamelCase.ConvertName(c.Name)).ToArray());
        foreach (var row in rows)
        {
            foreach (var column in columns)
                switch (column.GetValue(row))
                {
                    case DateOnly day: csv.WriteField(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
                    case var value: csv.WriteField(value); break;
                }
            await csv.EndRecordAsync(context.HttpContext.RequestAborted);
        }
        await csv.FlushAsync(context.HttpContext.RequestAborted);
    }
}
