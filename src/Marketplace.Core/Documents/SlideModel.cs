using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Marketplace.Core.Documents;

/// <summary>
/// The slides of a rendered deck or report, read from its HTML: one <c>&lt;section class="slide"&gt;</c> a slide,
/// with a kicker, a title, blocks (text, lists, tables, a flow of steps, a timeline, cards, figures, a bar chart)
/// and a footer. The PPTX is drawn from this, so it has the HTML's slides in the HTML's order with the HTML's
/// text: an admin's edit of the template reaches both. Markup the model does not know becomes plain text blocks,
/// so no text is ever lost.
/// </summary>
public sealed record SlideDeck(string Title, string Lang, IReadOnlyList<Slide> Slides)
{
    private static readonly HtmlParser Parser = new();

    public static SlideDeck FromHtml(string html)
    {
        var document = Parser.ParseDocument(html);
        var slides = document.QuerySelectorAll("section.slide").Select(Slide.From).ToList();
        var lang = document.DocumentElement.GetAttribute("lang") ?? "ja";
        return new SlideDeck(Text.Clean(document.Title ?? ""), lang, slides);
    }
}

public sealed record Slide(string Kind, bool Cover, string? Kicker, string? Title, IReadOnlyList<Block> Blocks, string? FootLeft, string? FootRight)
{
    public static Slide From(IElement section)
    {
        string? kicker = null, title = null, footLeft = null, footRight = null;
        var blocks = new List<Block>();
        foreach (var child in section.Children)
        {
            if (child.ClassList.Contains("kicker")) kicker = Text.Clean(child.TextContent);
            else if (title is null && child.LocalName is "h1" or "h2") title = Text.Clean(child.TextContent);
            else if (child.ClassList.Contains("foot"))
            {
                var spans = child.Children.ToList();
                footLeft = spans.Count > 0 ? Text.Clean(spans[0].TextContent) : Text.Clean(child.TextContent);
                footRight = spans.Count > 1 ? Text.Clean(string.Join(" ", spans.Skip(1).Select(s => s.TextContent))) : null;
            }
            else blocks.AddRange(Block.From(child));
        }
        return new Slide(section.GetAttribute("data-slide") ?? "", section.ClassList.Contains("cover"), kicker, title, blocks, footLeft, footRight);
    }
}

/// <summary>A run of text in a paragraph: bold for strong/b/th.</summary>
public sealed record Run(string Text, bool Bold);

public enum ParaStyle { Body, Lead, Muted, Heading }

public sealed record Para(IReadOnlyList<Run> Runs, ParaStyle Style = ParaStyle.Body, char? Bullet = null)
{
    /// <summary>The item's number in its ordered list (Bullet '#').</summary>
    public int? Number { get; init; }

    public string Text => string.Concat(Runs.Select(r => r.Text));
}

public abstract record Block
{
    /// <summary>The blocks of one element of a slide.</summary>
    public static IEnumerable<Block> From(IElement e)
    {
        var classes = e.ClassList;
        if (classes.Contains("steps")) { yield return new FlowBlock(Items(e)); yield break; }
        if (classes.Contains("timeline")) { yield return new TimelineBlock(Items(e)); yield break; }
        if (classes.Contains("cards")) { yield return new CardsBlock(e.Children.Select(c => Paras.Of(c)).ToList()); yield break; }
        if (classes.Contains("kpis"))
        {
            yield return new KpiBlock(e.Children.Select(k => new Kpi(
                Text.Clean(k.QuerySelector(".value")?.TextContent ?? ""), Text.Clean(k.QuerySelector(".label")?.TextContent ?? k.TextContent))).ToList());
            yield break;
        }
        if (classes.Contains("chart")) { yield return ChartBlock.Read(e); yield break; }
        if (classes.Contains("cols"))
        {
            yield return new ColumnsBlock(e.Children.Select(c => (IReadOnlyList<Block>)(c.Children.Length > 0 && c.Children.All(IsBlockElement)
                ? c.Children.SelectMany(From).ToList()
                : [new TextBlock(Paras.Of(c))])).ToList());
            yield break;
        }
        if (e.LocalName == "table") { yield return TableBlock.Read(e); yield break; }
        var paras = Paras.Of(e);
        if (paras.Count > 0) yield return new TextBlock(paras);
    }

    private static bool IsBlockElement(IElement e) => e.LocalName is "div" or "p" or "ul" or "ol" or "table" or "h3" or "h4" or "figure";

    /// <summary>The items of a flow or timeline: a heading (strong or .when/.title) and the rest as text.</summary>
    private static IReadOnlyList<StepItem> Items(IElement e) => e.Children.Select(item =>
    {
        var heads = item.Children.Where(c => c.LocalName is "strong" or "b" || c.ClassList.Contains("when") || c.ClassList.Contains("head")).ToList();
        var head = string.Join(" ", heads.Select(h => Text.Clean(h.TextContent)));
        var clone = (IElement)item.Clone();
        foreach (var h in clone.Children.Where(c => c.LocalName is "strong" or "b" || c.ClassList.Contains("when") || c.ClassList.Contains("head")).ToList()) h.Remove();
        return new StepItem(head, Paras.Of(clone));
    }).ToList();
}

public sealed record TextBlock(IReadOnlyList<Para> Paras) : Block;

public sealed record StepItem(string Head, IReadOnlyList<Para> Body);

public sealed record FlowBlock(IReadOnlyList<StepItem> Steps) : Block;

public sealed record TimelineBlock(IReadOnlyList<StepItem> Points) : Block;

public sealed record CardsBlock(IReadOnlyList<IReadOnlyList<Para>> Cards) : Block;

public sealed record Kpi(string Value, string Label);

public sealed record KpiBlock(IReadOnlyList<Kpi> Items) : Block;

public sealed record ColumnsBlock(IReadOnlyList<IReadOnlyList<Block>> Columns) : Block;

public sealed record Cell(IReadOnlyList<Para> Paras, bool Header, int Span);

public sealed record TableBlock(IReadOnlyList<IReadOnlyList<Cell>> Rows) : Block
{
    public int Columns => Rows.Count == 0 ? 1 : Math.Max(1, Rows.Max(r => r.Sum(c => c.Span)));

    public static TableBlock Read(IElement table) => new(table.QuerySelectorAll("tr").Select(tr => (IReadOnlyList<Cell>)tr.Children
        .Where(c => c.LocalName is "td" or "th")
        .Select(c => new Cell(Paras.Of(c, c.LocalName == "th"), c.LocalName == "th",
            int.TryParse(c.GetAttribute("colspan"), out var span) && span > 1 ? span : 1))
        .ToList()).Where(r => r.Count > 0).ToList());
}

/// <summary>A bar chart: groups (e.g. months) of bars (one per series), each with its value's text; the scale's top is data-max.</summary>
public sealed record ChartBlock(string Caption, IReadOnlyList<string> Legend, IReadOnlyList<ChartGroup> Groups, double Max, string? Empty) : Block
{
    public static ChartBlock Read(IElement e)
    {
        var groups = e.QuerySelectorAll(".group").Select(g => new ChartGroup(
            Text.Clean(g.QuerySelector(".label")?.TextContent ?? ""),
            g.QuerySelectorAll(".bar").Select(b => new ChartBar(
                double.TryParse(b.GetAttribute("data-value"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0,
                Text.Clean(b.TextContent),
                Array.FindIndex(Series, s => b.ClassList.Contains(s)) is var i and >= 0 ? i : 0)).ToList())).ToList();
        var max = double.TryParse(e.GetAttribute("data-max"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var m) && m > 0
            ? m : Math.Max(1, groups.SelectMany(g => g.Bars).Select(b => b.Value).DefaultIfEmpty(1).Max());
        return new ChartBlock(Text.Clean((e.QuerySelector("figcaption .title") ?? e.QuerySelector("figcaption"))?.TextContent ?? ""),
            e.QuerySelectorAll(".legend > span").Select(s => Text.Clean(s.TextContent)).ToList(), groups, max,
            e.QuerySelector(".empty") is { } empty ? Text.Clean(empty.TextContent) : null);
    }

    /// <summary>The classes naming a bar's series, in legend order.</summary>
    public static readonly string[] Series = ["s1", "s2", "s3"];
}

public sealed record ChartGroup(string Label, IReadOnlyList<ChartBar> Bars);

public sealed record ChartBar(double Value, string Text, int Series);

internal static class Paras
{
    /// <summary>The paragraphs of an element: inline content joins into one paragraph, block children start new ones.</summary>
    public static IReadOnlyList<Para> Of(IElement e, bool bold = false)
    {
        var result = new List<Para>();
        if (e.LocalName is "ul" or "ol") List(e, Style(e), bold, result);
        else Walk(e, Style(e), null, bold, result);
        return result.Where(p => p.Text.Trim().Length > 0).ToList();
    }

    /// <summary>A list's items, bulleted, or numbered in an ordered list.</summary>
    private static void List(IElement list, ParaStyle style, bool bold, List<Para> result)
    {
        var number = 0;
        foreach (var li in list.Children.Where(c => c.LocalName == "li"))
        {
            var first = result.Count;
            Walk(li, style, list.LocalName == "ol" ? '#' : '•', bold, result);
            if (list.LocalName == "ol" && result.Count > first) result[first] = result[first] with { Number = ++number };
        }
    }

    private static ParaStyle Style(IElement e) =>
        e.ClassList.Contains("lead") ? ParaStyle.Lead
        : e.ClassList.Contains("muted") ? ParaStyle.Muted
        : e.LocalName is "h3" or "h4" ? ParaStyle.Heading
        : ParaStyle.Body;

    private static void Walk(IElement e, ParaStyle style, char? bullet, bool bold, List<Para> result)
    {
        var runs = new List<Run>();
        void Flush()
        {
            if (runs.Count > 0) result.Add(new Para(Trim(runs), style, bullet));
            runs = [];
        }
        foreach (var node in e.ChildNodes)
        {
            if (node is IText text) { if (text.Data.Length > 0) runs.Add(new Run(Text.Collapse(text.Data), bold)); continue; }
            if (node is not IElement child) continue;
            switch (child.LocalName)
            {
                case "br":
                    Flush();
                    break;
                case "ul" or "ol":
                    Flush();
                    List(child, style, bold, result);
                    break;
                case "div" or "p" or "h3" or "h4" or "li" or "table" or "tr" or "figure" or "section":
                    Flush();
                    Walk(child, child.LocalName is "div" or "p" or "h3" or "h4" ? Merge(style, Style(child)) : style, bullet, bold || child.LocalName is "h3" or "h4", result);
                    break;
                case "td" or "th":
                    if (runs.Count > 0) runs.Add(new Run(" — ", false));
                    runs.AddRange(Inline(child, bold || child.LocalName == "th"));
                    break;
                default:
                    runs.AddRange(Inline(child, bold || child.LocalName is "strong" or "b"));
                    break;
            }
        }
        Flush();
    }

    private static ParaStyle Merge(ParaStyle outer, ParaStyle inner) => inner == ParaStyle.Body ? outer : inner;

    private static IEnumerable<Run> Inline(IElement e, bool bold)
    {
        foreach (var node in e.ChildNodes)
        {
            if (node is IText text) yield return new Run(Text.Collapse(text.Data), bold);
            else if (node is IElement child)
                foreach (var run in Inline(child, bold || child.LocalName is "strong" or "b")) yield return run;
        }
    }

    private static List<Run> Trim(List<Run> runs)
    {
        var list = runs.Where(r => r.Text.Length > 0).ToList();
        if (list.Count == 0) return list;
        list[0] = list[0] with { Text = list[0].Text.TrimStart() };
        list[^1] = list[^1] with { Text = list[^1].Text.TrimEnd() };
        return list.Where(r => r.Text.Length > 0).ToList();
    }
}

public static class Text
{
    /// <summary>Whitespace as a browser shows it: every run of it one space.</summary>
    public static string Collapse(string s)
    {
        var builder = new System.Text.StringBuilder(s.Length);
        var space = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c)) { if (!space) builder.Append(' '); space = true; }
            else { builder.Append(c); space = false; }
        }
        return builder.ToString();
    }

    public static string Clean(string s) => Collapse(s).Trim();
}
