using System.Text.Json.Serialization;
using FluentValidation;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Events;
using Marketplace.Core.Pipeline;
using MediatR;

namespace Marketplace.Core.Imports;

public sealed record ImportProblem(int Row, string? Column, string Message)
{
    /// <summary>The rule or conflict code of a refusal a use case gave, for the pages to explain in their words.</summary>
    [JsonIgnore] public string? Code { get; init; }
    /// <summary>The refusal's details, for the words the pages put in its explanation.</summary>
    [JsonIgnore] public IReadOnlyDictionary<string, object?> Details { get; init; } = new Dictionary<string, object?>();
}


/// <summary>What one row did (or would do, in a dry run), named by its key (an email, a company name…).</summary>
public sealed record ImportItem(int Row, string Key, ImportOutcome Outcome);

public sealed record ImportReport(string Kind, string FileName, string Format, int Rows, int Created, int Updated, int Unchanged,
    IReadOnlyList<ImportProblem> Errors, IReadOnlyList<ImportItem> Items, bool Committed, bool DryRun);

/// <summary>An import of one kind: the file as sent (CSV or XLSX bytes, bounded by the request limit) and whether to only preview it.</summary>
public abstract record ImportCommand : ICommand<ImportReport>
{
    public string? FileName { get; init; }
    [JsonIgnore] public byte[] Content { get; init; } = [];
    public bool DryRun { get; init; }
    /// <summary>The XLSX sheet to read; the first when not named.</summary>
    public string? Sheet { get; init; }
}

public sealed class ImportCommandValidator<T> : AbstractValidator<T> where T : ImportCommand
{
    public ImportCommandValidator()
    {
        RuleFor(c => c.FileName).Text(260);
        RuleFor(c => c.Sheet).OptionalText(100);
        RuleFor(c => c.Content).Must(c => c.Length > 0).WithName("file").OverridePropertyName("file").WithMessageKey(ValidationMessages.Required);
    }
}

/// <summary>
/// Applies a file row by row through the use cases, inside the command's one transaction: each row is a savepoint,
/// so a row that fails leaves nothing behind and the rows after it are still checked. With any problem, or in a dry
/// run, the whole transaction is rolled back at the end (all or nothing); the report is the same either way.
/// </summary>
public sealed class ImportRun(Db db, DomainEvents events, IMediator mediator, Audit audit)
{
    private const string RowSavepoint = "import_row";
    private readonly List<ImportProblem> problems = [];
    private readonly List<ImportItem> items = [];
    private readonly Dictionary<string, int> keys = new(StringComparer.OrdinalIgnoreCase);
    private ImportCommand command = null!;
    private ImportSheet sheet = null!;
    private ImportLayout layout = null!;
    private string kind = "";

    /// <summary>The whole import of one kind: the header read, each row applied in turn, and the report.</summary>
    public async Task<ImportReport> Apply(string kind, ImportCommand command, IReadOnlyList<ImportColumn> columns,
        Func<ImportRow, Task<(string Key, ImportOutcome Outcome)>> apply, CancellationToken ct)
    {
        Open(kind, command, columns);
        try
        {
            foreach (var sheetRow in Rows)
                await Row(sheetRow, apply, ct);
        }
        catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException or IOException)
        {
            // A workbook whose header read but whose rows can't: a problem of the file, and nothing is stored.
            problems.Add(new ImportProblem(items.Count + 2, null, ValidationMessages.Text(ValidationMessages.ImportUnreadable, "file")));
        }
        return Finish();
    }

    /// <summary>Reads the file's header against the kind's columns; a file that is neither CSV nor XLSX is a 400 on "file".</summary>
    private void Open(string kind, ImportCommand command, IReadOnlyList<ImportColumn> columns)
    {
        this.kind = kind;
        this.command = command;
        sheet = ImportSheet.Read(command.Content, command.Sheet)
            ?? throw (command.Sheet is { } name && ImportSheet.IsWorkbook(command.Content)
                ? Invalid.Because("sheet", ValidationMessages.ImportNoSheet, ("Sheet", name))
                : Invalid.Because("file", ValidationMessages.ImportUnreadable));
        (layout, var headerProblems) = ImportLayout.Match(sheet.Headers, columns);
        problems.AddRange(headerProblems);
    }

    /// <summary>The data rows, read as they are walked; none when the header row itself has problems.</summary>
    private IEnumerable<SheetRow> Rows => problems.Count > 0 ? [] : sheet.Rows;

    /// <summary>
    /// Applies one row. <paramref name="apply"/> parses its cells, sends the use cases and says what it did; a cell that
    /// can't be read or a use case's refusal makes the row a problem and undoes whatever it wrote.
    /// </summary>
    private async Task Row(SheetRow sheetRow, Func<ImportRow, Task<(string Key, ImportOutcome Outcome)>> apply, CancellationToken ct)
    {
        var row = new ImportRow(sheetRow, layout, problems);
        if (row.IsBlank) return;
        var mark = events.Count;
        audit.Source = $"{command.FileName} row {row.Number}";
        await db.SaveAsync(RowSavepoint, ct);
        string key = "";
        var outcome = ImportOutcome.Error;
        try
        {
            (key, outcome) = await apply(row);
        }
        catch (RowRefused refused)
        {
            key = refused.Key;
        }
        finally
        {
            audit.Source = null;
        }
        if (row.Failed) outcome = ImportOutcome.Error;
        if (outcome == ImportOutcome.Error)
        {
            await db.RollbackToAsync(RowSavepoint, ct);
            events.ForgetSince(mark);
        }
        else await db.ReleaseAsync(RowSavepoint, ct);
        items.Add(new ImportItem(row.Number, key, outcome));
    }

    /// <summary>A row names a record a second time (the same email, the same company): the first row is the one applied.</summary>
    public bool Once(ImportRow row, string field, string key, string keyName)
    {
        if (keys.TryGetValue(key, out var first))
        {
            row.Problem(field, ValidationMessages.Text(ValidationMessages.ImportRowTwice, field, ("Row", first), ("Key", keyName)));
            return false;
        }
        keys[key] = row.Number;
        return true;
    }

    /// <summary>
    /// Sends a use case for the row. Its field errors become problems at the columns they concern (a field is its
    /// column unless renamed, e.g. csOwnerId → csOwnerEmail); its refusals a problem at <paramref name="column"/>.
    /// Either ends the row.
    /// </summary>
    public async Task<T> Send<T>(ImportRow row, string key, IRequest<T> request, CancellationToken ct, string? column = null, params (string Field, string Column)[] renames)
    {
        try
        {
            return await mediator.Send(request, ct);
        }
        catch (ValidationException invalid)
        {
            foreach (var failure in invalid.Errors)
            {
                row.Problem(Target(failure.PropertyName.Split('[', '.')[0]), failure.ErrorMessage);
            }
            throw new RowRefused(key);
        }
        catch (BusinessRuleException rule)
        {
            // A rule that names its field (the first kickoff's CS, say) is shown at that field's column.
            var field = rule.Details.TryGetValue("field", out var named) ? named as string : null;
            row.Problem(field is null ? column ?? "" : Target(field), rule.Message, rule.Rule, rule.Details);
            throw new RowRefused(key);
        }
        catch (ConflictException conflict)
        {
            row.Problem(column ?? "", conflict.Message, conflict.Code, conflict.Details);
            throw new RowRefused(key);
        }

        string Target(string field) => renames.FirstOrDefault(r => r.Field == field).Column ?? (layout.Has(field) ? field : column ?? field);
    }

    /// <summary>Ends a row whose cells already have problems, before anything is sent.</summary>
    public static Exception Refuse(string key) => new RowRefused(key);

    private ImportReport Finish()
    {
        var rows = items.Count;
        if (rows == 0 && problems.Count == 0)
            problems.Add(new ImportProblem(1, null, ValidationMessages.Text(ValidationMessages.ImportNoEmptyFile, "file")));
        var committed = !command.DryRun && problems.Count == 0;
        if (!committed) db.DiscardAtEnd();
        return new ImportReport(kind, command.FileName ?? "", sheet.Format, rows,
            items.Count(i => i.Outcome == ImportOutcome.Created), items.Count(i => i.Outcome == ImportOutcome.Updated),
            items.Count(i => i.Outcome == ImportOutcome.Unchanged), problems.OrderBy(p => p.Row).ToList(), items, committed, command.DryRun);
    }

    private sealed class RowRefused(string key) : Exception
    {
        public string Key { get; } = key;
    }
}
