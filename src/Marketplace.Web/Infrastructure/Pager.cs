using Marketplace.Core.Features;

namespace Marketplace.Web.Infrastructure;

/// <summary>
/// One page of a longer list, as the shared pager (Views/Shared/_Pager.cshtml) shows it: the range of rows on this page
/// out of the total, and links to the pages before and after, which <see cref="Link"/> builds with the list's filters kept.
/// </summary>
public sealed record Pager(int Total, int Page, int PageSize, Func<int, string> Link, string Label)
{
    public static Pager Of<T>(Paged<T> paged, Func<int, string> link, string label) =>
        new(paged.Total, paged.Page, paged.PageSize, link, label);

    public int PageCount => Math.Max(1, (int)((Total + (long)PageSize - 1) / PageSize));
    /// <summary>The first row on this page, counted from 1; beyond the last page there is none (more than <see cref="Last"/>).</summary>
    public long First => (Page - 1L) * PageSize + 1;
    public long Last => Math.Min(Total, (long)Page * PageSize);
    public bool HasRows => First <= Last;
    public bool HasPrevious => Page > 1;
    public bool HasNext => Page < PageCount;
    /// <summary>The previous page, or the last one when this page is beyond it, so the link never lands on another empty page.</summary>
    public int Previous => Math.Min(Page - 1, PageCount);
}
