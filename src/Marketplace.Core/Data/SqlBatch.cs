using Dapper;

namespace Marketplace.Core.Data;

/// <summary>
/// Statements sent as one command, one round trip for a record and what goes with it (a history recorded in one go).
/// They share the batch's parameters by name: a statement whose values must not mix with another's names its own.
/// </summary>
public sealed class SqlBatch
{
    private readonly List<string> statements = [];

    public DynamicParameters Args { get; } = new();

    public SqlBatch Add(string sql)
    {
        statements.Add(sql);
        return this;
    }

    public SqlBatch Add(string sql, object args)
    {
        Args.AddDynamicParams(args);
        return Add(sql);
    }

    public string Sql => string.Join(";\n", statements);

    public Task<int> ExecuteAsync(Db db, CancellationToken ct) => db.ExecuteAsync(Sql, Args, ct);
}
