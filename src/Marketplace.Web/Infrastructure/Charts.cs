using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Marketplace.Web.Infrastructure;

/// <summary>
/// Small charts drawn as inline SVG on the server: nothing to download, nothing from a CDN, they print and
/// they work offline. Labels are HTML-encoded like any other text.
/// </summary>
public static class Charts
{
    public sealed record Series(string Name, string Color, IReadOnlyList<double?> Values, bool Dashed = false)
    {
        public string Color { get; } = Checked(Color);
    }

    public sealed record Bar(string Label, double Value, string Color, string? Note = null)
    {
        public string Color { get; } = Checked(Color);
    }

    /// <summary>Colours go into SVG attributes as they are, so only #rrggbb is accepted.</summary>
    private static string Checked(string color) =>
        System.Text.RegularExpressions.Regex.IsMatch(color, "^#[0-9a-fA-F]{6}$") ? color : throw new ArgumentException($"'{color}' is not a #rrggbb colour.", nameof(color));

    private const int Width = 720, Height = 260, Left = 48, Right = 12, Top = 12, Bottom = 40;
    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
    private static string E(string text) => HtmlEncoder.Default.Encode(text);

    /// <summary>Lines over labelled points (months); a null value leaves a gap (e.g. a rate with nothing to divide by).</summary>
    public static IHtmlContent Lines(string title, IReadOnlyList<string> labels, IReadOnlyList<Series> series, Func<double, string> format, double? max = null)
    {
        var top = max ?? Math.Max(series.SelectMany(s => s.Values).Where(v => v is not null).Select(v => v!.Value).DefaultIfEmpty(0).Max(), 1e-9) * 1.1;
        double X(int i) => Left + (labels.Count <= 1 ? 0 : i * (Width - Left - Right) / (double)(labels.Count - 1));
        double Y(double v) => Top + (Height - Top - Bottom) * (1 - v / top);
        var svg = Frame(title);
        for (var g = 0; g <= 4; g++)
        {
            var v = top * g / 4;
            svg.Append($"<line x1='{Left}' x2='{Width - Right}' y1='{F(Y(v))}' y2='{F(Y(v))}' stroke='#e3e7ec'/>");
            svg.Append($"<text x='{Left - 6}' y='{F(Y(v) + 4)}' text-anchor='end' font-size='11' fill='#5b6776'>{E(format(v))}</text>");
        }
        var step = Math.Max(1, (int)Math.Ceiling(labels.Count / 12.0));
        for (var i = 0; i < labels.Count; i += step)
            svg.Append($"<text x='{F(X(i))}' y='{Height - Bottom + 16}' text-anchor='middle' font-size='11' fill='#5b6776'>{E(labels[i])}</text>");
        foreach (var s in series)
        {
            var path = new StringBuilder();
            var pen = false;
            for (var i = 0; i < s.Values.Count && i < labels.Count; i++)
            {
                if (s.Values[i] is not { } v) { pen = false; continue; }
                path.Append(pen ? " L" : " M").Append(F(X(i))).Append(' ').Append(F(Y(v)));
                pen = true;
                svg.Append($"<circle cx='{F(X(i))}' cy='{F(Y(v))}' r='2.5' fill='{s.Color}'><title>{E($"{s.Name} {labels[i]}: {format(v)}")}</title></circle>");
            }
            svg.Append($"<path d='{path}' fill='none' stroke='{s.Color}' stroke-width='2'{(s.Dashed ? " stroke-dasharray='5 4'" : "")}/>");
        }
        return Close(svg, series.Select(s => (s.Name, s.Color)));
    }

    /// <summary>A survival curve: steps down at each day where something ended.</summary>
    public static IHtmlContent Steps(string title, IReadOnlyList<(int Day, double Survival)> points, string color)
    {
        color = Checked(color);
        var lastDay = Math.Max(points.Count == 0 ? 1 : points[^1].Day, 1);
        double X(double d) => Left + d * (Width - Left - Right) / lastDay;
        double Y(double v) => Top + (Height - Top - Bottom) * (1 - v);
        var svg = Frame(title);
        for (var g = 0; g <= 4; g++)
        {
            var v = g / 4.0;
            svg.Append($"<line x1='{Left}' x2='{Width - Right}' y1='{F(Y(v))}' y2='{F(Y(v))}' stroke='#e3e7ec'/>");
            svg.Append($"<text x='{Left - 6}' y='{F(Y(v) + 4)}' text-anchor='end' font-size='11' fill='#5b6776'>{g * 25}%</text>");
        }
        for (var m = 0; m * 30 <= lastDay; m += Math.Max(1, lastDay / 30 / 10))
            svg.Append($"<text x='{F(X(m * 30))}' y='{Height - Bottom + 16}' text-anchor='middle' font-size='11' fill='#5b6776'>{m}m</text>");
        var path = new StringBuilder($"M{F(X(0))} {F(Y(1))}");
        var current = 1.0;
        foreach (var (day, survival) in points)
        {
            path.Append($" L{F(X(day))} {F(Y(current))} L{F(X(day))} {F(Y(survival))}");
            current = survival;
        }
        path.Append($" L{F(X(lastDay))} {F(Y(current))}");
        svg.Append($"<path d='{path}' fill='none' stroke='{color}' stroke-width='2'/>");
        return Close(svg, []);
    }

    /// <summary>Horizontal bars, one per row (reasons, rep load).</summary>
    public static IHtmlContent Bars(string title, IReadOnlyList<Bar> bars, Func<double, string> format)
    {
        const int row = 26, labelWidth = 210;
        var height = Math.Max(1, bars.Count) * row + 8;
        var max = Math.Max(bars.Select(b => b.Value).DefaultIfEmpty(0).Max(), 1e-9);
        var svg = new StringBuilder($"<svg viewBox='0 0 {Width} {height}' role='img' aria-label='{E(title)}' xmlns='http://www.w3.org/2000/svg'>");
        for (var i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            var y = 4 + i * row;
            var w = (Width - labelWidth - 90) * b.Value / max;
            svg.Append($"<text x='{labelWidth - 8}' y='{y + 16}' text-anchor='end' font-size='12' fill='#1d2733'>{E(b.Label)}</text>");
            svg.Append($"<rect x='{labelWidth}' y='{y + 3}' width='{F(Math.Max(w, 1))}' height='{row - 8}' rx='3' fill='{b.Color}'><title>{E(b.Label)}: {E(format(b.Value))}</title></rect>");
            svg.Append($"<text x='{F(labelWidth + w + 6)}' y='{y + 16}' font-size='12' fill='#5b6776'>{E(format(b.Value) + (b.Note is null ? "" : " " + b.Note))}</text>");
        }
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    private static StringBuilder Frame(string title) =>
        new($"<svg viewBox='0 0 {Width} {Height}' role='img' aria-label='{E(title)}' xmlns='http://www.w3.org/2000/svg'>");

    private static IHtmlContent Close(StringBuilder svg, IEnumerable<(string Name, string Color)> legend)
    {
        svg.Append($"<line x1='{Left}' x2='{Left}' y1='{Top}' y2='{Height - Bottom}' stroke='#9aa4b1'/>");
        svg.Append("</svg>");
        var items = string.Concat(legend.Select(l => $"<span><svg width='12' height='12' aria-hidden='true'><rect width='12' height='12' rx='2' fill='{l.Color}'/></svg>{E(l.Name)}</span>"));
        return new HtmlString(items.Length == 0 ? svg.ToString() : svg + $"<div class='legend'>{items}</div>");
    }
}
