using System.Globalization;
using System.Text;
using CsvHelper;
using MiniExcelLibs;

namespace Marketplace.Core.Imports;

/// <summary>One data row of a sheet: its number as the spreadsheet shows it (the header is row 1) and its cells by column.</summary>
public sealed record SheetRow(int Number, IReadOnlyList<string?> Cells);

/// <summary>
/// A team's sheet as it comes: CSV in UTF-8 (with or without BOM) or Shift_JIS (CP932, what Excel in Japan saves), or
/// XLSX (its first sheet, or a named one). The header row is read first; data rows are read one at a time as the
/// import walks them, so a large file is never held as objects.
/// </summary>
public sealed class ImportSheet
{
    static ImportSheet() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private readonly Func<IEnumerable<SheetRow>> rows;

    private ImportSheet(IReadOnlyList<string> headers, Func<IEnumerable<SheetRow>> rows, string format)
    {
        Headers = headers;
        this.rows = rows;
        Format = format;
    }

    public IReadOnlyList<string> Headers { get; }
    /// <summary>csv-utf8, csv-shift_jis or xlsx: what the file was read as.</summary>
    public string Format { get; }
    public IEnumerable<SheetRow> Rows => rows();

    /// <summary>Reads the file's header and prepares its rows; null when the bytes are neither a CSV text nor an XLSX workbook with a header row.</summary>
    public static ImportSheet? Read(byte[] content, string? sheetName = null) =>
        IsWorkbook(content) ? ReadXlsx(content, sheetName) : ReadCsv(content);

    /// <summary>An XLSX workbook is a zip package: it starts with the zip signature.</summary>
    public static bool IsWorkbook(byte[] content) =>
        content.Length >= 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>UTF-8 when the bytes are valid UTF-8 (a BOM says so too); otherwise Shift_JIS, the other encoding Japanese spreadsheets save.</summary>
    public static (Encoding Encoding, int Skip, string Name) DetectEncoding(byte[] content)
    {
        if (content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF) return (StrictUtf8, 3, "csv-utf8");
        try
        {
            StrictUtf8.GetCharCount(content);
            return (StrictUtf8, 0, "csv-utf8");
        }
        catch (DecoderFallbackException)
        {
            return (Encoding.GetEncoding(932), 0, "csv-shift_jis");
        }
    }

    private static ImportSheet? ReadCsv(byte[] content)
    {
        var (encoding, skip, name) = DetectEncoding(content);
        IEnumerable<SheetRow> Parse()
        {
            using var reader = new StreamReader(new MemoryStream(content, skip, content.Length - skip), encoding, detectEncodingFromByteOrderMarks: false);
            using var csv = CsvReader.Create(reader, new CsvReaderOptions
            {
                HasHeader = false,
                SkipEmptyLines = false,
                AllowLineBreaksInQuotes = true,
                FieldCountMismatch = CsvFieldCountHandling.Allow,
                MissingField = CsvMissingFieldHandling.ReturnEmpty,
                MalformedData = CsvMalformedDataHandling.Recover,
            }, leaveOpen: false);
            var number = 0;
            while (csv.Read())
            {
                number++;
                var cells = new string?[csv.FieldCount];
                for (var i = 0; i < cells.Length; i++) cells[i] = csv.GetString(i);
                yield return new SheetRow(number, cells);
            }
        }
        var first = Parse().FirstOrDefault(r => r.Cells.Any(c => !string.IsNullOrWhiteSpace(c)));
        if (first is null) return null;
        var headers = first.Cells.Select(c => c?.Trim() ?? "").ToList();
        return new ImportSheet(headers, () => Parse().Where(r => r.Number > first.Number), name);
    }

    private static ImportSheet? ReadXlsx(byte[] content, string? sheetName)
    {
        try
        {
            if (sheetName is not null && !new MemoryStream(content).GetSheetNames().Contains(sheetName)) return null;
            IEnumerable<SheetRow> Parse()
            {
                using var stream = new MemoryStream(content);
                var number = 0;
                foreach (IDictionary<string, object?> row in stream.Query(useHeaderRow: false, sheetName: sheetName))
                {
                    number++;
                    yield return new SheetRow(number, row.Values.Select(Cell).ToList());
                }
            }
            var first = Parse().FirstOrDefault(r => r.Cells.Any(c => !string.IsNullOrWhiteSpace(c)));
            if (first is null) return null;
            var headers = first.Cells.Select(c => c?.Trim() ?? "").ToList();
            while (headers.Count > 0 && headers[^1].Length == 0) headers.RemoveAt(headers.Count - 1);
            return new ImportSheet(headers, () => Parse().Where(r => r.Number > first.Number), "xlsx");
        }
        catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException or InvalidOperationException or IOException)
        {
            return null;
        }
    }

    /// <summary>A workbook cell as text: a formula's cached value, a date as yyyy-MM-dd, a number without grouping.</summary>
    private static string? Cell(object? value) => value switch
    {
        null => null,
        DateTime d when d.TimeOfDay == TimeSpan.Zero => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        double n => n.ToString("R", CultureInfo.InvariantCulture),
        decimal n => n.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "TRUE" : "FALSE",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
