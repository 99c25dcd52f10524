using System.Net.Http.Headers;
using System.Text;
using MiniExcelLibs;

namespace Marketplace.Tests.Imports;

/// <summary>Sheets as teams save them: CSV in UTF-8 with a BOM or in Shift_JIS, and XLSX workbooks.</summary>
public static class ImportFiles
{
    static ImportFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static string Csv(params string[][] rows) =>
        string.Join("\r\n", rows.Select(r => string.Join(",", r.Select(c => c.IndexOfAny([',', '"', '\n']) >= 0 ? $"\"{c.Replace("\"", "\"\"")}\"" : c)))) + "\r\n";

    public static byte[] Utf8Bom(string csv) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)];
    public static byte[] Utf8(string csv) => Encoding.UTF8.GetBytes(csv);
    public static byte[] ShiftJis(string csv) => Encoding.GetEncoding(932).GetBytes(csv);

    /// <summary>A workbook whose first sheet has the header and the rows (numbers as numbers where the cell reads as one).</summary>
    public static byte[] Xlsx(string[][] rows, string sheetName = "Sheet1")
    {
        var header = rows[0];
        var data = rows.Skip(1).Select(r =>
        {
            var row = new Dictionary<string, object?>();
            for (var i = 0; i < header.Length; i++)
                row[header[i]] = i < r.Length && long.TryParse(r[i], out var n) ? n : i < r.Length ? r[i] : null;
            return row;
        }).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(data, sheetName: sheetName);
        return stream.ToArray();
    }

    public static MultipartFormDataContent Upload(byte[] content, string fileName)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".xlsx") ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv");
        return new MultipartFormDataContent { { file, "file", fileName } };
    }
}
