using FluentValidation;
using Marketplace.Core.Data;

namespace Marketplace.Core.Features;

/// <summary>?page=1&amp;pageSize=50 (pageSize ≤ 200), the list convention of docs/api.md.</summary>
public abstract record PagedQuery
{
    public const int MaxPageSize = 200;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
    /// <summary>A long, so a page far beyond the data is an empty page rather than an offset that wrapped round to the first.</summary>
    public long Skip => (Page - 1L) * PageSize;
}

public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

public static class PagingRules
{
    public static void AddPagingRules<T>(this AbstractValidator<T> validator) where T : PagedQuery
    {
        validator.RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
        validator.RuleFor(q => q.PageSize).InclusiveBetween(1, PagedQuery.MaxPageSize);
    }

    /// <summary>A LIKE pattern matching the text anywhere, with the wildcards in it taken literally (ESCAPE '\').</summary>
    public static string? Contains(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
        : "%" + text.Trim().Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_").Replace("[", @"\[") + "%";
}

public static class PagedQueries
{
    /// <summary>Runs a list's count and page statements with the same filter arguments (plus @skip and @take).</summary>
    public static async Task<Paged<T>> PageAsync<T>(this Db db, PagedQuery query, string countSql, string pageSql, object filters, CancellationToken ct)
    {
        var args = new Dapper.DynamicParameters(filters);
        args.Add("skip", query.Skip);
        args.Add("take", query.PageSize);
        var total = await db.ExecuteScalarAsync<int>(countSql, args, ct);
        return new Paged<T>(await db.QueryAsync<T>(pageSql, args, ct), total, query.Page, query.PageSize);
    }
}
