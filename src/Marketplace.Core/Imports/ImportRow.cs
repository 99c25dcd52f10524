using System.Globalization;
using System.Text;
using Marketplace.Core.Domain;
using Marketplace.Core.Pipeline;

namespace Marketplace.Core.Imports;

/// <summary>A column an import reads: the field it fills (the use case's name), its Japanese and English headers.</summary>
public sealed record ImportColumn(string Field, string Japanese, string English, bool Required = false);

/// <summary>Where each known column sits in the file, from its header row (Japanese or English headers, in any order).</summary>
public sealed class ImportLayout
{
    private readonly Dictionary<string, (int Index, string Header)> byField = [];

    private ImportLayout() { }

    public static (ImportLayout Layout, List<ImportProblem> Problems) Match(IReadOnlyList<string> headers, IReadOnlyList<ImportColumn> columns)
    {
        var layout = new ImportLayout();
        var problems = new List<ImportProblem>();
        for (var i = 0; i < headers.Count; i++)
        {
            var header = Normalize(headers[i]);
            if (header.Length == 0) continue;
            var column = columns.FirstOrDefault(c => Normalize(c.Japanese) == header || string.Equals(c.English, header, StringComparison.OrdinalIgnoreCase));
            if (column is null)
                problems.Add(new ImportProblem(1, headers[i], ValidationMessages.Text(ValidationMessages.ImportUnknownColumn, "file", ("Column", headers[i]))));
            else if (layout.byField.ContainsKey(column.Field))
                problems.Add(new ImportProblem(1, headers[i], ValidationMessages.Text(ValidationMessages.ImportRepeatedColumn, "file", ("Column", headers[i]))));
            else
                layout.byField[column.Field] = (i, headers[i]);
        }
        foreach (var missing in columns.Where(c => c.Required && !layout.byField.ContainsKey(c.Field)))
            problems.Add(new ImportProblem(1, missing.Japanese, ValidationMessages.Text(ValidationMessages.ImportMissingColumn, "file", ("Column", missing.Japanese))));
        return (layout, problems);
    }

    /// <summary>Headers compare without surrounding or full-width spaces and without a required mark (企業名*).</summary>
    private static string Normalize(string header) => header.Normalize(NormalizationForm.FormKC).Trim().TrimEnd('*').Trim();

    public bool Has(string field) => byField.ContainsKey(field);

    public int? IndexOf(string field) => byField.TryGetValue(field, out var c) ? c.Index : null;

    /// <summary>The column's header as the file writes it, for problems (the field's name when the file has no such column).</summary>
    public string HeaderOf(string field) => byField.TryGetValue(field, out var c) ? c.Header : field;
}

/// <summary>
/// One row being read: each cell is parsed the way people write it in a sheet (dates as 2026/4/1 or 2026年4月1日,
/// numbers with commas or ¥, enum words or their Japanese labels, lists separated by 、 , or ;), and every cell
/// that can't be read becomes a problem at its row and column.
/// </summary>
public sealed class ImportRow(SheetRow row, ImportLayout layout, List<ImportProblem> problems)
{
    private readonly int problemsBefore = problems.Count;

    public int Number => row.Number;
    public string HeaderOf(string field) => layout.HeaderOf(field);
    public bool Failed => problems.Count > problemsBefore;

    public bool IsBlank => row.Cells.All(string.IsNullOrWhiteSpace);

    /// <summary>The cell as written, trimmed; null when blank or the column is absent.</summary>
    public string? Raw(string field)
    {
        var index = layout.IndexOf(field);
        if (index is null || index >= row.Cells.Count) return null;
        var text = row.Cells[index.Value]?.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    public void Problem(string field, string message, string? code = null, IReadOnlyDictionary<string, object?>? details = null) =>
        problems.Add(new ImportProblem(row.Number, layout.HeaderOf(field), message) { Code = code, Details = details ?? new Dictionary<string, object?>() });

    private void Cannot(string field, string key, string value, params (string, object?)[] more) =>
        Problem(field, ValidationMessages.Text(key, field, [("Column", layout.HeaderOf(field)), ("Value", value), .. more]));

    public string? Text(string field, bool required = false, int? max = null)
    {
        var text = Raw(field);
        if (text is null && required) Problem(field, ValidationMessages.Text(ValidationMessages.ImportRequired, field, ("Column", layout.HeaderOf(field))));
        if (text is not null && max is { } limit && text.Length > limit)
        {
            Problem(field, ValidationMessages.Text(ValidationMessages.ImportTooLong, field, ("Column", layout.HeaderOf(field)), ("Max", limit)));
            return null;
        }
        return text;
    }

    public int? Int(string field, bool required = false)
    {
        var text = Text(field, required);
        if (text is null) return null;
        if (decimal.TryParse(Numeric(text), NumberStyles.Number, CultureInfo.InvariantCulture, out var n) && n == decimal.Truncate(n) && n is >= int.MinValue and <= int.MaxValue)
            return (int)n;
        Cannot(field, ValidationMessages.ImportNotNumber, text);
        return null;
    }

    public long? Money(string field, bool required = false)
    {
        var text = Text(field, required);
        if (text is null) return null;
        if (decimal.TryParse(Numeric(text), NumberStyles.Number, CultureInfo.InvariantCulture, out var n) && n == decimal.Truncate(n) && n is >= long.MinValue and <= long.MaxValue)
            return (long)n;
        Cannot(field, ValidationMessages.ImportNotNumber, text);
        return null;
    }

    /// <summary>Full-width digits, grouping commas and the yen sign or 円 are how a sheet writes 150000.</summary>
    private static string Numeric(string text) =>
        text.Normalize(NormalizationForm.FormKC).Replace(",", "").Replace("¥", "").Replace("\\", "").Replace("円", "").Trim();

    private static readonly string[] DateFormats = ["yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyy年M月d日", "yyyy-M-d H:mm", "yyyy/M/d H:mm", "yyyy/M/d H:mm:ss", "yyyyMMdd"];

    public DateOnly? Date(string field, bool required = false)
    {
        var text = Text(field, required);
        if (text is null) return null;
        var normalized = text.Normalize(NormalizationForm.FormKC);
        if (DateTime.TryParseExact(normalized, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var d))
            return DateOnly.FromDateTime(d);
        Cannot(field, ValidationMessages.ImportNotDate, text);
        return null;
    }

    public T? Word<T>(string field, bool required = false) where T : struct, Enum
    {
        var text = Text(field, required);
        if (text is null) return null;
        if (WordLabels.TryRead<T>(text, out var value)) return value;
        Cannot(field, ValidationMessages.ImportNotWord, text, ("Words", string.Join("、", Enum.GetValues<T>().Select(WordLabels.JapaneseOf))));
        return null;
    }

    private static readonly char[] ListSeparators = ['、', ',', ';', '，', '；', '\n'];

    public IReadOnlyList<string>? List(string field)
    {
        var text = Text(field);
        return text?.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public IReadOnlyList<T>? Words<T>(string field) where T : struct, Enum
    {
        var items = List(field);
        if (items is null) return null;
        var values = new List<T>();
        foreach (var item in items)
        {
            if (WordLabels.TryRead<T>(item, out var value)) { if (!values.Contains(value.Value)) values.Add(value.Value); }
            else Cannot(field, ValidationMessages.ImportNotWord, item, ("Words", string.Join("、", Enum.GetValues<T>().Select(WordLabels.JapaneseOf))));
        }
        return values;
    }
}
