using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Marketplace.Web.Infrastructure;

/// <summary>
/// Small charts drawn as inline SVG on the server: nothing to download, nothing from a CDN, they print and they work
/// offline. Labels are HTML-encoded like any other text. Each chart is drawn twice, for a wide card and for a phone
/// (app.css shows one of them), so its text stays at a readable size at any width; the axes have round ticks, the
/// labels are kept inside the drawing, and every chart has its own legend.
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

    /// <summary>A point of a survival curve with its band (null where the band is not defined).</summary>
    public sealed record SurvivalPoint(int Day, double Survival, double? Lower, double? Upper);

    /// <summary>What a chart's legend says beside its series: the words come from the page, in the reader's language.</summary>
    public sealed record LegendItem(string Name, string Color, string Kind = "line");

    /// <summary>Colours go into SVG attributes as they are, so only #rrggbb is accepted.</summary>
    private static string Checked(string color) =>
        System.Text.RegularExpressions.Regex.IsMatch(color, "^#[0-9a-fA-F]{6}$") ? color : throw new ArgumentException($"'{color}' is not a #rrggbb colour.", nameof(color));

    /// <summary>The two drawings: a wide card's and a phone's, both at font size 12 in their own units.</summary>
    private static readonly (string Css, int Width, int MaxLabels)[] Sizes = [("chart-wide", 600, 6), ("chart-narrow", 340, 3)];

    private const int Height = 240, Left = 58, Right = 40, Top = 14, Bottom = 34, FontSize = 12;
    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
    private static string E(string text) => HtmlEncoder.Default.Encode(text);

    /// <summary>
    /// Round ticks from 0 to at least <paramref name="max"/>: a step of 1, 2, 2.5 or 5 × 10ⁿ giving at most five
    /// intervals, so the axis reads 0 %, 5 %, 10 % … rather than 0 %, 4.3 %, 8.6 %.
    /// </summary>
    public static IReadOnlyList<double> RoundTicks(double max, int intervals = 5)
    {
        if (!(max > 0)) max = 1;
        var raw = max / intervals;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw * (1 - 1e-9));
        var count = (int)Math.Ceiling(max / step - 1e-9);
        return Enumerable.Range(0, Math.Max(1, count) + 1).Select(i => Math.Round(i * step, 12)).ToList();
    }

    /// <summary>A fraction as a percentage with as many decimals as the step between ticks needs.</summary>
    public static Func<double, string> PercentFor(IReadOnlyList<double> ticks)
    {
        var step = ticks.Count > 1 ? ticks[1] - ticks[0] : 1;
        var decimals = Math.Clamp((int)Math.Ceiling(-Math.Log10(step * 100) - 1e-9), 0, 2);
        return v => (v * 100).ToString("F" + decimals, CultureInfo.InvariantCulture) + "%";
    }

    /// <summary>
    /// Lines over labelled points (months) on one scale, a fraction shown as a percentage; a null value leaves a gap (a
    /// rate with nothing to divide by). Points marked <paramref name="hollow"/> (a month not over yet) are drawn open.
    /// </summary>
    public static IHtmlContent Lines(string title, IReadOnlyList<string> labels, IReadOnlyList<Series> series, IReadOnlyList<bool>? hollow = null,
        IEnumerable<LegendItem>? extraLegend = null)
    {
        // With nothing above 0 the axis still reads as rates: 0 % to 5 %.
        var max = series.SelectMany(s => s.Values).Where(v => v is not null).Select(v => v!.Value).DefaultIfEmpty(0).Max();
        var ticks = RoundTicks(max > 0 ? max : 0.05);
        var format = PercentFor(ticks);
        var top = ticks[^1];
        var html = new StringBuilder();
        foreach (var (css, width, maxLabels) in Sizes)
        {
            double X(int i) => Left + (labels.Count <= 1 ? (width - Left - Right) / 2.0 : i * (width - Left - Right) / (double)(labels.Count - 1));
            double Y(double v) => Top + (Height - Top - Bottom) * (1 - v / top);
            var svg = Open(css, width, Height, title);
            foreach (var t in ticks)
            {
                svg.Append($"<line x1='{Left}' x2='{width - Right}' y1='{F(Y(t))}' y2='{F(Y(t))}' stroke='#e3e7ec'/>");
                svg.Append($"<text x='{Left - 6}' y='{F(Y(t) + 4)}' text-anchor='end' font-size='{FontSize}' fill='#5b6776'>{E(format(t))}</text>");
            }
            XLabels(svg, labels, maxLabels, X);
            foreach (var s in series)
            {
                var path = new StringBuilder();
                var pen = false;
                for (var i = 0; i < s.Values.Count && i < labels.Count; i++)
                {
                    if (s.Values[i] is not { } v) { pen = false; continue; }
                    path.Append(pen ? " L" : " M").Append(F(X(i))).Append(' ').Append(F(Y(v)));
                    pen = true;
                    var open = hollow is not null && i < hollow.Count && hollow[i];
                    svg.Append($"<circle cx='{F(X(i))}' cy='{F(Y(v))}' r='{(open ? 3.5 : 2.5)}' fill='{(open ? "#ffffff" : s.Color)}' stroke='{s.Color}'{(open ? " stroke-width='1.5' class='partial'" : "")}><title>{E($"{s.Name} {labels[i]}: {format(v)}")}</title></circle>");
                }
                svg.Append($"<path d='{path}' fill='none' stroke='{s.Color}' stroke-width='2'{(s.Dashed ? " stroke-dasharray='5 4'" : "")}/>");
            }
            Axis(svg, Height);
            html.Append(svg).Append("</svg>");
        }
        return WithLegend(html, series.Select(s => new LegendItem(s.Name, s.Color, s.Dashed ? "dashed" : "line")).Concat(extraLegend ?? []));
    }

    /// <summary>
    /// A survival curve with its 95 % band, drawn as steps down at each day something ended, over days shown as months;
    /// <paramref name="points"/> are only the ones with enough at risk to draw.
    /// </summary>
    public static IHtmlContent Survival(string title, IReadOnlyList<SurvivalPoint> points, string color, string bandColor, Func<int, string> monthLabel,
        IEnumerable<LegendItem> legend)
    {
        color = Checked(color);
        bandColor = Checked(bandColor);
        var lastDay = Math.Max(points.Count == 0 ? 30 : points[^1].Day, 30);
        var months = lastDay / 30.0;
        var monthStep = new[] { 1, 2, 3, 6, 12, 24, 36 }.First(s => months / s <= 6 || s == 36);
        var ticks = RoundTicks(1, 4);
        var html = new StringBuilder();
        foreach (var (css, width, _) in Sizes)
        {
            var step = width < 500 ? monthStep * 2 : monthStep;
            double X(double d) => Left + d * (width - Left - Right) / lastDay;
            double Y(double v) => Top + (Height - Top - Bottom) * (1 - v);
            var svg = Open(css, width, Height, title);
            foreach (var t in ticks)
            {
                svg.Append($"<line x1='{Left}' x2='{width - Right}' y1='{F(Y(t))}' y2='{F(Y(t))}' stroke='#e3e7ec'/>");
                svg.Append($"<text x='{Left - 6}' y='{F(Y(t) + 4)}' text-anchor='end' font-size='{FontSize}' fill='#5b6776'>{t * 100:0}%</text>");
            }
            for (var m = 0; m * 30 <= lastDay; m += step)
                svg.Append($"<text x='{F(X(m * 30))}' y='{Height - Bottom + 18}' text-anchor='middle' font-size='{FontSize}' fill='#5b6776'>{E(monthLabel(m))}</text>");
            if (points.Count > 0)
            {
                // The band: upper steps left to right, then lower steps back, closed.
                var upper = new StringBuilder($"M{F(X(0))} {F(Y(1))}");
                var lower = new List<string>();
                double currentUpper = 1, currentLower = 1;
                foreach (var p in points)
                {
                    var u = p.Upper ?? p.Survival;
                    var l = p.Lower ?? p.Survival;
                    upper.Append($" L{F(X(p.Day))} {F(Y(currentUpper))} L{F(X(p.Day))} {F(Y(u))}");
                    lower.Add($"L{F(X(p.Day))} {F(Y(l))} L{F(X(p.Day))} {F(Y(currentLower))}");
                    currentUpper = u;
                    currentLower = l;
                }
                upper.Append($" L{F(X(lastDay))} {F(Y(currentUpper))} L{F(X(lastDay))} {F(Y(currentLower))}");
                lower.Reverse();
                svg.Append($"<path class='survival-band' d='{upper} {string.Join(' ', lower)} L{F(X(0))} {F(Y(1))} Z' fill='{bandColor}' fill-opacity='0.35' stroke='none'/>");
                var path = new StringBuilder($"M{F(X(0))} {F(Y(1))}");
                var current = 1.0;
                foreach (var p in points)
                {
                    path.Append($" L{F(X(p.Day))} {F(Y(current))} L{F(X(p.Day))} {F(Y(p.Survival))}");
                    current = p.Survival;
                }
                path.Append($" L{F(X(lastDay))} {F(Y(current))}");
                svg.Append($"<path class='survival-curve' d='{path}' fill='none' stroke='{color}' stroke-width='2'/>");
            }
            Axis(svg, Height);
            html.Append(svg).Append("</svg>");
        }
        return WithLegend(html, legend);
    }

    /// <summary>Horizontal bars, one per row (reasons, rep load); on a phone the label sits above its bar.</summary>
    public static IHtmlContent Bars(string title, IReadOnlyList<Bar> bars, Func<double, string> format, IEnumerable<LegendItem>? legend = null)
    {
        var max = Math.Max(bars.Select(b => b.Value).DefaultIfEmpty(0).Max(), 1e-9);
        var html = new StringBuilder();
        foreach (var (css, width, _) in Sizes)
        {
            var narrow = width < 500;
            var labelWidth = narrow ? 0 : 200;
            var row = narrow ? 40 : 26;
            var height = Math.Max(1, bars.Count) * row + 8;
            var svg = Open(css, width, height, title);
            for (var i = 0; i < bars.Count; i++)
            {
                var b = bars[i];
                var y = 4 + i * row;
                var barY = narrow ? y + 18 : y + 3;
                var valueText = format(b.Value) + (b.Note is null ? "" : " " + b.Note);
                // Room kept on the right for the value, so neither it nor the label is cut off.
                var room = width - labelWidth - (narrow ? 10 : 14) - Math.Min(170, 8 + TextWidth(valueText));
                var w = room * b.Value / max;
                svg.Append(narrow
                    ? $"<text x='2' y='{y + 13}' font-size='{FontSize}' fill='#1d2733'>{E(b.Label)}</text>"
                    : $"<text x='{labelWidth - 8}' y='{y + 16}' text-anchor='end' font-size='{FontSize}' fill='#1d2733'>{E(b.Label)}</text>");
                svg.Append($"<rect x='{labelWidth + (narrow ? 2 : 0)}' y='{barY}' width='{F(Math.Max(w, 1))}' height='{(narrow ? 16 : row - 8)}' rx='3' fill='{b.Color}'><title>{E(b.Label)}: {E(format(b.Value))}</title></rect>");
                svg.Append($"<text x='{F(labelWidth + (narrow ? 2 : 0) + w + 6)}' y='{barY + 12}' font-size='{FontSize}' fill='#5b6776'>{E(valueText)}</text>");
            }
            html.Append(svg).Append("</svg>");
        }
        return WithLegend(html, legend ?? []);
    }

    /// <summary>About how wide a text is at font size 12: a Japanese character about twice a Latin one.</summary>
    private static int TextWidth(string text) => text.Sum(ch => ch < 0x2E80 ? 7 : 12);

    /// <summary>Month labels along the bottom, thinned to at most <paramref name="maxLabels"/>, always the last one.</summary>
    private static void XLabels(StringBuilder svg, IReadOnlyList<string> labels, int maxLabels, Func<int, double> x)
    {
        if (labels.Count == 0) return;
        var step = Math.Max(1, (int)Math.Ceiling(labels.Count / (double)maxLabels));
        var shown = Enumerable.Range(0, labels.Count).Where(i => (labels.Count - 1 - i) % step == 0).ToList();
        foreach (var i in shown)
            svg.Append($"<text class='x-label' x='{F(x(i))}' y='{Height - Bottom + 18}' text-anchor='middle' font-size='{FontSize}' fill='#5b6776'>{E(labels[i])}</text>");
    }

    private static StringBuilder Open(string css, int width, int height, string title) =>
        new($"<svg class='{css}' viewBox='0 0 {width} {height}' role='img' aria-label='{E(title)}' xmlns='http://www.w3.org/2000/svg'>");

    private static void Axis(StringBuilder svg, int height) =>
        svg.Append($"<line x1='{Left}' x2='{Left}' y1='{Top}' y2='{height - Bottom}' stroke='#9aa4b1'/>");

    private static IHtmlContent WithLegend(StringBuilder charts, IEnumerable<LegendItem> legend)
    {
        var items = string.Concat(legend.Select(l => l.Kind switch
        {
            "dashed" => $"<span><svg width='18' height='12' aria-hidden='true'><line x1='0' x2='18' y1='6' y2='6' stroke='{Checked(l.Color)}' stroke-width='2' stroke-dasharray='5 3'/></svg>{E(l.Name)}</span>",
            "hollow" => $"<span><svg width='12' height='12' aria-hidden='true'><circle cx='6' cy='6' r='4' fill='#ffffff' stroke='{Checked(l.Color)}' stroke-width='1.5'/></svg>{E(l.Name)}</span>",
            "band" => $"<span><svg width='18' height='12' aria-hidden='true'><rect width='18' height='12' fill='{Checked(l.Color)}' fill-opacity='0.35'/></svg>{E(l.Name)}</span>",
            "bar" => $"<span><svg width='12' height='12' aria-hidden='true'><rect width='12' height='12' rx='2' fill='{Checked(l.Color)}'/></svg>{E(l.Name)}</span>",
            _ => $"<span><svg width='18' height='12' aria-hidden='true'><line x1='0' x2='18' y1='6' y2='6' stroke='{Checked(l.Color)}' stroke-width='2'/></svg>{E(l.Name)}</span>",
        }));
        return new HtmlString(items.Length == 0 ? charts.ToString() : charts + $"<div class='legend'>{items}</div>");
    }
}
