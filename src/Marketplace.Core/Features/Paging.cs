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

/// <summary>
/// One order of a list: its ?sort= key, the columns its ORDER BY names (the last a unique one, so rows with equal values
/// keep one order), and whether an index reads the rows in that order (so the database need not sort them all).
/// </summary>
public sealed record SortOrder(string Key, string[] Columns, bool Indexed = false);

/// <summary>
/// A list's ?sort=: one of a fixed set of keys, ascending, or descending with a leading '-'. Each key maps to the
/// columns its ORDER BY names, so no text from the request ever reaches the statement.
/// </summary>
public sealed class SortOrders
{
    private readonly Dictionary<string, SortOrder> orders;

    public SortOrders(string defaultKey, params SortOrder[] orders)
    {
        this.orders = orders.ToDictionary(o => o.Key, StringComparer.Ordinal);
        if (!this.orders.ContainsKey(defaultKey)) throw new ArgumentException($"The default sort {defaultKey} is not one of the orders.", nameof(defaultKey));
        Default = defaultKey;
        Keys = orders.Select(o => o.Key).ToArray();
        Words = Keys.SelectMany(k => new[] { k, "-" + k }).ToArray();
    }

    public string Default { get; }
    public IReadOnlyList<string> Keys { get; }
    /// <summary>Every value ?sort= takes: each key and its descending form.</summary>
    public IReadOnlyList<string> Words { get; }

    public bool Allows(string? sort) => sort is null || orders.ContainsKey(KeyOf(sort));

    public static bool IsDescending(string? sort) => sort is ['-', ..];

    public static string KeyOf(string sort) => IsDescending(sort) ? sort[1..] : sort;

    /// <summary>Whether an index reads the rows in this order (either way), for a sort <see cref="Allows"/> accepts.</summary>
    public bool Indexed(string? sort) => Of(sort).Indexed;

    /// <summary>The ORDER BY list of a sort <see cref="Allows"/> accepts (the default when none is given).</summary>
    public string OrderBy(string? sort)
    {
        var descending = IsDescending(sort);
        return string.Join(", ", Of(sort).Columns.Select(c => descending ? c + " DESC" : c));
    }

    private SortOrder Of(string? sort) => orders[sort is null ? Default : KeyOf(sort)];
}

/// <summary>A list query that takes ?sort=, and the orders it allows (which the API's document lists).</summary>
public interface ISortedQuery
{
    string? Sort { get; }
    static abstract SortOrders Orders { get; }
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
