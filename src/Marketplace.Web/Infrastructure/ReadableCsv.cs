using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Web.Infrastructure;

/// <summary>
/// A table as a person reads it in a spreadsheet: headers in the reader's language, names instead of ids, percentages
/// rounded, months and yen written out. The dashboard's downloads; the API's <c>?format=csv</c> stays machine-readable
/// (<see cref="CsvOutputFormatter"/>).
/// </summary>
public sealed class ReadableCsv(string fileName, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.ContentType = CsvOutputFormatter.MediaType + "; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await using var csv = CsvOutputFormatter.Writer(response.Body);
        csv.WriteHeader(headers.ToArray());
        foreach (var row in rows)
        {
            foreach (var cell in row) csv.WriteField(cell ?? "");
            await csv.EndRecordAsync(context.HttpContext.RequestAborted);
        }
        await csv.FlushAsync(context.HttpContext.RequestAborted);
    }
}
