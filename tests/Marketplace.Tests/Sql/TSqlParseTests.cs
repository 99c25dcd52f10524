using System.Reflection;
using System.Text.RegularExpressions;
using Marketplace.Core.Data;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using History = Marketplace.Core.Features.Engagements.RecordEngagementHistory.Sql;

namespace Marketplace.Tests.Sql;

/// <summary>
/// The suite runs against SQLite, so nothing else would notice T-SQL that SQL Server cannot even parse.
/// </summary>
public class TSqlParseTests
{
    [Fact]
    public void Every_sqlserver_migration_parses()
    {
        var migrations = MigrationRunner.Load(DatabaseProvider.SqlServer);
        Assert.NotEmpty(migrations);
        Assert.Equal(
            MigrationRunner.Load(DatabaseProvider.Sqlite).Select(m => m.Name).Order(StringComparer.Ordinal),
            migrations.Select(m => m.Name).Order(StringComparer.Ordinal));

        var failures = (
            from migration in migrations
            from batch in BatchesWithFirstLine(migration)
            from error in ParseErrors(batch.Sql, batch.FirstLine)
            select $"{migration.Name} line {error.Line}, column {error.Column}: {error.Message}").ToList();
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Every_statement_the_code_issues_parses_as_TSql()
    {
        var dialect = SqlServerDialect.Instance;
        var constants =
            from type in typeof(SqlDialect).Assembly.GetTypes()
            where type.IsNested && type.Name == "Sql"
            from field in type.GetFields(BindingFlags.Public | BindingFlags.Static)
            where field.IsLiteral && field.FieldType == typeof(string) && !field.Name.StartsWith("Sqlite", StringComparison.Ordinal)
            select (Name: $"{type.FullName}.{field.Name}", Sql: dialect.Render((string)field.GetRawConstantValue()!));
        // The dialect's neutral helpers build statements at run time: each as the code calls it.
        var dialectStatements = new[]
        {
            (Name: "SqlDialect.Upsert (kickoff checklist)", Sql: dialect.Upsert("kickoff_checklist_items",
                Marketplace.Core.Features.Engagements.UpdateKickoffChecklist.Sql.Key, Marketplace.Core.Features.Engagements.UpdateKickoffChecklist.Sql.Values)),
            (Name: "SqlDialect.ExclusiveLock", Sql: dialect.ExclusiveLock(MigrationRunner.LockResource)!),
            // An engagement recorded in one go: its batch with two reasons, three worker moves and the two audit entries.
            (Name: "RecordEngagementHistory batch", Sql: string.Join(";\n", History.Insert, History.InsertKickoff, History.InsertFollowUp, History.InsertChurn, History.InsertReasons(2),
                Marketplace.Core.Shared.WorkerStatusWriter.Sql.HistoryRows(3), Marketplace.Core.Pipeline.Audit.Sql.InsertAs("moved"), Marketplace.Core.Pipeline.Audit.Sql.InsertAs("recorded"))),
        };
        // The company list's statements, in each order it can be sorted by.
        var companies = Marketplace.Core.Features.Companies.ListCompanies.Sql.Orders;
        var sortedStatements =
            from sort in companies.Words
            from statement in new[]
            {
                (Name: $"ListCompanies.Sql.Page ({sort})", Sql: Marketplace.Core.Features.Companies.ListCompanies.Sql.Page(sort)),
                (Name: $"ListCompanies.Sql.PageAll ({sort})", Sql: Marketplace.Core.Features.Companies.ListCompanies.Sql.PageAll(sort)),
                (Name: $"ListCompanies.Sql.AllFacts ({sort})", Sql: Marketplace.Core.Features.Companies.ListCompanies.Sql.AllFacts(sort)),
            }
            select (statement.Name, Sql: dialect.Render(statement.Sql));
        var statements = constants.Concat(dialectStatements).Concat(sortedStatements).ToList();
        Assert.NotEmpty(statements);

        var failures = (
            from statement in statements
            let errors = ParseErrors(ExpandDapperLists(statement.Sql))
            where errors.Count > 0
            select $"{statement.Name}:{Environment.NewLine}" + string.Join(Environment.NewLine,
                errors.Select(e => $"  line {e.Line}, column {e.Column}: {e.Message}"))).ToList();
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Parser_rejects_broken_tsql()
    {
        Assert.NotEmpty(ParseErrors("SELEC * FRM x"));
        Assert.NotEmpty(ParseErrors("SELECT id FROM companies ORDER BY id LIMIT @take OFFSET @skip"));
        Assert.Empty(ParseErrors(ExpandDapperLists("SELECT id FROM companies WHERE id IN @ids")));
    }

    private static IList<ParseError> ParseErrors(string sql, int firstLine = 1)
    {
        new TSql170Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors, 0, firstLine, 1);
        return errors;
    }

    /// <summary>Dapper rewrites "IN @ids" into "IN (@ids1, @ids2, …)" before SQL Server sees it.</summary>
    private static string ExpandDapperLists(string sql) => Regex.Replace(sql, @"\bIN\s+(@\w+)", "IN ($1)", RegexOptions.IgnoreCase);

    /// <summary>Reports errors by line in the script file, not in the batch.</summary>
    private static IEnumerable<(string Sql, int FirstLine)> BatchesWithFirstLine(Migration migration)
    {
        var offset = 0;
        foreach (var batch in migration.Batches())
        {
            offset = migration.Script.IndexOf(batch, offset, StringComparison.Ordinal);
            yield return (batch, 1 + migration.Script.AsSpan(0, offset).Count('\n'));
            offset += batch.Length;
        }
    }
}
