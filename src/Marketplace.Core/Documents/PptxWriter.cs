using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;

namespace Marketplace.Core.Documents;

/// <summary>
/// Writes a <see cref="SlideDeck"/> as an editable PowerPoint file with the Open XML SDK: 16:9 (12,192,000 ×
/// 6,858,000 EMU), one slide master, layout and theme, and on each slide native shapes only: text boxes for titles
/// and text, tables, chevrons for a flow, a line of circles for a timeline, rounded boxes for cards and figures,
/// rectangles for a chart's bars. Every run declares Noto Sans CJK JP for Latin and East Asian text; the theme
/// names it too, with Yu Gothic as the Japanese fallback. Blocks are laid out top to bottom and shrunk together
/// when a slide holds more than fits.
/// </summary>
public static class PptxWriter
{
    public const long SlideWidth = 12_192_000;
    public const long SlideHeight = 6_858_000;
    public const string Font = "Noto Sans CJK JP";
    public const string JapaneseFallback = "Yu Gothic";

    private const string Ink = "1F2A37", Muted = "5B6675", Accent = "0F6E6E", AccentSoft = "E3F1F0", Line = "D5DBE2", White = "FFFFFF", Second = "D9822B", Third = "6B7280";
    private static readonly string[] SeriesColors = [Accent, Second, Third];
    private const long MarginX = 640_000, TitleTop = 560_000, BodyTop = 1_420_000, BodyBottom = 6_260_000, Gap = 150_000;
    private const long ContentWidth = SlideWidth - 2 * MarginX;
    private const long Inset = 91_440, InsetY = 45_720;

    public static byte[] Write(SlideDeck deck)
    {
        using var stream = new MemoryStream();
        using (var document = PresentationDocument.Create(stream, PresentationDocumentType.Presentation))
        {
            document.PackageProperties.Title = deck.Title;
            document.PackageProperties.Language = deck.Lang == "en" ? "en-US" : "ja-JP";
            var presentation = document.AddPresentationPart();
            var master = presentation.AddNewPart<SlideMasterPart>("rId1");
            var layout = master.AddNewPart<SlideLayoutPart>("rId1");
            layout.AddPart(master);
            var theme = master.AddNewPart<ThemePart>("rId2");
            presentation.AddPart(theme, "rId2");
            // The theme, master and layout are the same in every file: serialised once, copied in.
            Feed(theme, StaticParts.Value.Theme);
            Feed(layout, StaticParts.Value.Layout);
            Feed(master, StaticParts.Value.Master);

            var ids = new P.SlideIdList();
            var language = deck.Lang == "en" ? "en-US" : "ja-JP";
            for (var i = 0; i < deck.Slides.Count; i++)
            {
                var part = presentation.AddNewPart<SlidePart>($"rId{i + 10}");
                part.AddPart(layout);
                part.Slide = new Drawer(language).Slide(deck.Slides[i]);
                ids.Append(new P.SlideId { Id = (uint)(256 + i), RelationshipId = $"rId{i + 10}" });
            }
            presentation.Presentation = new P.Presentation(
                new P.SlideMasterIdList(new P.SlideMasterId { Id = 2147483648U, RelationshipId = "rId1" }),
                ids,
                new P.SlideSize { Cx = (int)SlideWidth, Cy = (int)SlideHeight },
                new P.NotesSize { Cx = 6_858_000, Cy = 9_144_000 },
                new P.DefaultTextStyle());
        }
        return stream.ToArray();
    }

    private sealed record Parts(byte[] Theme, byte[] Master, byte[] Layout);

    private static readonly Lazy<Parts> StaticParts = new(() => new Parts(Xml(Theme()), Xml(Master()), Xml(Layout())));

    private static byte[] Xml(OpenXmlPartRootElement root)
    {
        using var buffer = new MemoryStream();
        root.Save(buffer);
        return buffer.ToArray();
    }

    private static void Feed(OpenXmlPart part, byte[] xml)
    {
        using var source = new MemoryStream(xml, writable: false);
        part.FeedData(source);
    }

    // ---- one slide ---------------------------------------------------------------------------------

    private sealed class Drawer(string language)
    {
        private readonly P.ShapeTree tree = new(
            new P.NonVisualGroupShapeProperties(new P.NonVisualDrawingProperties { Id = 1U, Name = "" }, new P.NonVisualGroupShapeDrawingProperties(), new P.ApplicationNonVisualDrawingProperties()),
            new P.GroupShapeProperties(new A.TransformGroup()));
        private uint nextId = 2;
        private double scale = 1;
        private bool dark;

        public P.Slide Slide(Slide slide)
        {
            dark = slide.Cover;
            var data = new P.CommonSlideData();
            if (slide.Cover) data.Append(new P.Background(new P.BackgroundProperties(new A.SolidFill(Rgb(Accent)), new A.EffectList())));
            data.Append(tree);

            var top = BodyTop;
            if (slide.Cover)
            {
                if (slide.Title is { } t) Box(MarginX, 1_900_000, ContentWidth, 1_000_000, [new Para([new Run(t, true)])], 3600, White, "Title");
                top = 3_000_000;
            }
            else
            {
                if (slide.Kicker is { } k) Box(MarginX, 300_000, ContentWidth, 300_000, [new Para([new Run(k, false)])], 1100, Muted, "Kicker");
                if (slide.Title is { } t) Box(MarginX, TitleTop, ContentWidth, 700_000, [new Para([new Run(t, true)])], 2600, Accent, "Title");
                Rect(MarginX, TitleTop + 720_000, 900_000, 36_000, Accent, A.ShapeTypeValues.Rectangle);
            }

            // The largest scale at which the blocks fit between the title and the footer.
            var available = BodyBottom - top;
            foreach (var s in new[] { 1.0, 0.92, 0.85, 0.78, 0.7, 0.63, 0.56, 0.5 })
            {
                scale = s;
                if (Stack(slide.Blocks, ContentWidth) <= available) break;
            }
            var y = top;
            foreach (var block in slide.Blocks)
            {
                var h = Measure(block, ContentWidth);
                Draw(block, MarginX, y, ContentWidth, h);
                y += h + Scaled(Gap);
            }

            scale = 1;
            if (slide.FootLeft is { Length: > 0 } left || slide.FootRight is { Length: > 0 })
            {
                if (!dark) Rect(MarginX, 6_400_000, ContentWidth, 9_525, Line, A.ShapeTypeValues.Rectangle);
                if (slide.FootLeft is { Length: > 0 } l) Box(MarginX, 6_420_000, ContentWidth - 1_200_000, 280_000, [new Para([new Run(l, false)])], 900, dark ? White : Muted, "Footer");
                if (slide.FootRight is { Length: > 0 } r) Box(SlideWidth - MarginX - 1_100_000, 6_420_000, 1_100_000, 280_000, [new Para([new Run(r, false)])], 900, dark ? White : Muted, "Slide number", A.TextAlignmentTypeValues.Right);
            }
            return new P.Slide(data, new P.ColorMapOverride(new A.MasterColorMapping()));
        }

        private long Scaled(long v) => (long)(v * scale);
        private int Size(int hundredths) => Math.Max(700, (int)(hundredths * scale));

        private long Stack(IEnumerable<Block> blocks, long width)
        {
            var list = blocks.ToList();
            return list.Sum(b => Measure(b, width)) + Scaled(Gap) * Math.Max(0, list.Count - 1);
        }

        // ---- measuring -----------------------------------------------------------------------------

        private static int BaseSize(ParaStyle style) => style switch { ParaStyle.Lead => 1600, ParaStyle.Muted => 1200, _ => 1400 };

        private long MeasureParas(IReadOnlyList<Para> paras, long width, int? size = null) =>
            paras.Sum(p => ParaHeight(p, width, Size(size ?? BaseSize(p.Style)))) + 2 * InsetY;

        private static long ParaHeight(Para p, long width, int size)
        {
            var points = size / 100.0;
            var usable = Math.Max(200_000, width - 2 * Inset - (p.Bullet is null ? 0 : 285_750));
            var textWidth = p.Text.Sum(c => c >= 0x2E80 ? 1.0 : c == ' ' ? 0.3 : 0.58) * points * 12_700;
            var lines = Math.Max(1, (int)Math.Ceiling(textWidth * 1.06 / usable));
            return (long)((lines * 1.3 + 0.3) * points * 12_700);
        }

        private long Measure(Block block, long width) => block switch
        {
            TextBlock t => MeasureParas(t.Paras, width),
            TableBlock t => t.Rows.Sum(r => RowHeight(t, r, width)),
            FlowBlock f => Scaled(620_000) + Scaled(80_000) + f.Steps.Max(s => MeasureParas(s.Body, width / Math.Max(1, f.Steps.Count), 1050)),
            TimelineBlock t => Scaled(420_000) + t.Points.Max(p => MeasureParas([new Para([new Run(p.Head, true)]), .. p.Body], width / Math.Max(1, t.Points.Count), 1100)),
            CardsBlock c => CardRows(c).Sum(row => row.Max(card => MeasureParas(card, CardWidth(c, width), 1200)) + Scaled(Gap)),
            KpiBlock => Scaled(1_050_000),
            ChartBlock => Scaled(2_600_000),
            ColumnsBlock c => c.Columns.Count == 0 ? 0 : c.Columns.Max(col => Stack(col, ColumnWidth(c.Columns.Count, width))),
            _ => 0,
        };

        private long RowHeight(TableBlock t, IReadOnlyList<Cell> row, long width) =>
            row.Max(c => MeasureParas(c.Paras, width * c.Span / t.Columns, 1100) + 2 * InsetY);

        private long ColumnWidth(int count, long width) => (width - Scaled(300_000) * (count - 1)) / count;

        private static int CardColumns(CardsBlock c) => c.Cards.Count switch { <= 3 => Math.Max(1, c.Cards.Count), 4 => 2, _ => 3 };

        private long CardWidth(CardsBlock c, long width) => (width - Scaled(Gap) * (CardColumns(c) - 1)) / CardColumns(c);

        private static List<List<IReadOnlyList<Para>>> CardRows(CardsBlock c) =>
            c.Cards.Chunk(CardColumns(c)).Select(r => r.ToList()).ToList();

        // ---- drawing -------------------------------------------------------------------------------

        private void Draw(Block block, long x, long y, long width, long height)
        {
            switch (block)
            {
                case TextBlock t:
                    Box(x, y, width, height, t.Paras, null, dark ? White : Ink, "Text");
                    break;
                case TableBlock t:
                    Table(t, x, y, width);
                    break;
                case FlowBlock f:
                    Flow(f, x, y, width);
                    break;
                case TimelineBlock t:
                    Timeline(t, x, y, width);
                    break;
                case CardsBlock c:
                    var cy = y;
                    var cw = CardWidth(c, width);
                    foreach (var row in CardRows(c))
                    {
                        var rh = row.Max(card => MeasureParas(card, cw, 1200));
                        for (var i = 0; i < row.Count; i++)
                            Box(x + i * (cw + Scaled(Gap)), cy, cw, rh, row[i], 1200, Ink, "Card", fill: AccentSoft, geometry: A.ShapeTypeValues.RoundRectangle);
                        cy += rh + Scaled(Gap);
                    }
                    break;
                case KpiBlock k:
                    var kw = (width - Scaled(Gap) * (k.Items.Count - 1)) / Math.Max(1, k.Items.Count);
                    for (var i = 0; i < k.Items.Count; i++)
                    {
                        var paras = new List<Para> { new([new Run(k.Items[i].Value, true)]), new([new Run(k.Items[i].Label, false)], ParaStyle.Muted) };
                        Box(x + i * (kw + Scaled(Gap)), y, kw, Scaled(1_000_000), paras, null, Accent, "Figure", fill: AccentSoft,
                            geometry: A.ShapeTypeValues.RoundRectangle, align: A.TextAlignmentTypeValues.Center, firstSize: 2800);
                    }
                    break;
                case ChartBlock c:
                    Chart(c, x, y, width, height);
                    break;
                case ColumnsBlock c:
                    var colWidth = ColumnWidth(c.Columns.Count, width);
                    for (var i = 0; i < c.Columns.Count; i++)
                    {
                        var by = y;
                        foreach (var b in c.Columns[i])
                        {
                            var h = Measure(b, colWidth);
                            Draw(b, x + i * (colWidth + Scaled(300_000)), by, colWidth, h);
                            by += h + Scaled(Gap);
                        }
                    }
                    break;
            }
        }

        private void Flow(FlowBlock f, long x, long y, long width)
        {
            var n = Math.Max(1, f.Steps.Count);
            var w = width / n;
            var h = Scaled(620_000);
            for (var i = 0; i < f.Steps.Count; i++)
            {
                var step = f.Steps[i];
                Box(x + i * w, y, w + (i < n - 1 ? Scaled(90_000) : 0), h, [new Para([new Run(step.Head, true)])], 1100, White, "Step",
                    fill: Accent, geometry: i == 0 ? A.ShapeTypeValues.HomePlate : A.ShapeTypeValues.Chevron, align: A.TextAlignmentTypeValues.Center, anchor: A.TextAnchoringTypeValues.Center);
                if (step.Body.Count > 0)
                    Box(x + i * w, y + h + Scaled(80_000), w - Scaled(40_000), MeasureParas(step.Body, w, 1050), step.Body, 1050, Ink, "Step text");
            }
        }

        private void Timeline(TimelineBlock t, long x, long y, long width)
        {
            var n = Math.Max(1, t.Points.Count);
            var w = width / n;
            var dot = Scaled(260_000);
            Rect(x + w / 2, y + dot / 2 - 12_000, width - w, 24_000, Accent, A.ShapeTypeValues.Rectangle);
            for (var i = 0; i < t.Points.Count; i++)
            {
                var center = x + i * w + w / 2;
                Rect(center - dot / 2, y, dot, dot, Accent, A.ShapeTypeValues.Ellipse);
                var paras = new List<Para> { new([new Run(t.Points[i].Head, true)]) };
                paras.AddRange(t.Points[i].Body);
                Box(x + i * w, y + Scaled(420_000), w - Scaled(60_000), MeasureParas(paras, w, 1100), paras, 1100, Ink, "Timeline point", align: A.TextAlignmentTypeValues.Center);
            }
        }

        private void Chart(ChartBlock c, long x, long y, long width, long height)
        {
            var captionHeight = Scaled(380_000);
            if (c.Caption.Length > 0) Box(x, y, width / 2, captionHeight, [new Para([new Run(c.Caption, true)])], 1300, Ink, "Chart title");
            for (var i = 0; i < c.Legend.Count; i++)
            {
                var lx = x + width / 2 + i * (width / 2 / Math.Max(1, c.Legend.Count));
                Rect(lx, y + Scaled(120_000), Scaled(160_000), Scaled(160_000), SeriesColors[i % SeriesColors.Length], A.ShapeTypeValues.Rectangle);
                Box(lx + Scaled(200_000), y, width / 2 / Math.Max(1, c.Legend.Count) - Scaled(200_000), captionHeight, [new Para([new Run(c.Legend[i], false)])], 1100, Ink, "Legend");
            }
            var plotTop = y + captionHeight + Scaled(250_000);
            var labelHeight = Scaled(320_000);
            var plotBottom = y + height - labelHeight;
            var plotHeight = Math.Max(100_000, plotBottom - plotTop);
            Rect(x, plotBottom, width, 12_700, Muted, A.ShapeTypeValues.Rectangle);
            if (c.Groups.Count == 0)
            {
                if (c.Empty is { } empty) Box(x, plotTop, width, plotHeight, [new Para([new Run(empty, false)], ParaStyle.Muted)], 1200, Muted, "No data", align: A.TextAlignmentTypeValues.Center, anchor: A.TextAnchoringTypeValues.Center);
                return;
            }
            var gw = width / c.Groups.Count;
            for (var g = 0; g < c.Groups.Count; g++)
            {
                var group = c.Groups[g];
                var bars = Math.Max(1, group.Bars.Count);
                var bw = Math.Min(Scaled(520_000), gw * 7 / 10 / bars);
                var start = x + g * gw + (gw - bw * bars) / 2;
                for (var b = 0; b < group.Bars.Count; b++)
                {
                    var bar = group.Bars[b];
                    var bh = Math.Max(12_700, (long)(plotHeight * Math.Clamp(bar.Value / c.Max, 0, 1)));
                    Rect(start + b * bw, plotBottom - bh, bw - 20_000, bh, SeriesColors[bar.Series % SeriesColors.Length], A.ShapeTypeValues.Rectangle);
                    if (bar.Text.Length > 0)
                        Box(start + b * bw - 60_000, plotBottom - bh - Scaled(260_000), bw + 100_000, Scaled(260_000), [new Para([new Run(bar.Text, false)])], 1000, Ink, "Value", align: A.TextAlignmentTypeValues.Center);
                }
                Box(x + g * gw, plotBottom + 20_000, gw, labelHeight, [new Para([new Run(group.Label, false)])], 1000, Muted, "Label", align: A.TextAlignmentTypeValues.Center);
            }
        }

        private void Table(TableBlock t, long x, long y, long width)
        {
            var columns = t.Columns;
            var colWidth = width / columns;
            var grid = new A.TableGrid();
            for (var i = 0; i < columns; i++) grid.Append(new A.GridColumn { Width = colWidth });
            var table = new A.Table(new A.TableProperties { FirstRow = true, BandRow = false }, grid);
            foreach (var row in t.Rows)
            {
                var tr = new A.TableRow { Height = RowHeight(t, row, width) };
                var used = 0;
                foreach (var cell in row)
                {
                    tr.Append(Cell(cell.Paras, cell.Header, cell.Span > 1 ? cell.Span : null, false));
                    for (var s = 1; s < cell.Span; s++) tr.Append(Cell([], false, null, true));
                    used += cell.Span;
                }
                for (; used < columns; used++) tr.Append(Cell([], false, null, false));
                table.Append(tr);
            }
            tree.Append(new P.GraphicFrame(
                new P.NonVisualGraphicFrameProperties(
                    new P.NonVisualDrawingProperties { Id = nextId++, Name = $"Table {nextId}" },
                    new P.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoGrouping = true }),
                    new P.ApplicationNonVisualDrawingProperties()),
                new P.Transform(new A.Offset { X = x, Y = y }, new A.Extents { Cx = colWidth * columns, Cy = t.Rows.Sum(r => RowHeight(t, r, width)) }),
                new A.Graphic(new A.GraphicData(table) { Uri = "http://schemas.openxmlformats.org/drawingml/2006/table" })));
        }

        private A.TableCell Cell(IReadOnlyList<Para> paras, bool header, int? span, bool merged)
        {
            var body = new A.TextBody(new A.BodyProperties(), new A.ListStyle());
            foreach (var p in paras) body.Append(Paragraph(p, Size(1100), Ink));
            if (!body.Elements<A.Paragraph>().Any()) body.Append(new A.Paragraph(new A.EndParagraphRunProperties { Language = language }));
            var properties = new A.TableCellProperties(
                new A.LeftBorderLineProperties(new A.SolidFill(Rgb(Line))) { Width = 9_525 },
                new A.RightBorderLineProperties(new A.SolidFill(Rgb(Line))) { Width = 9_525 },
                new A.TopBorderLineProperties(new A.SolidFill(Rgb(Line))) { Width = 9_525 },
                new A.BottomBorderLineProperties(new A.SolidFill(Rgb(Line))) { Width = 9_525 },
                new A.SolidFill(Rgb(header ? AccentSoft : White)))
            { LeftMargin = (int)Inset, RightMargin = (int)Inset, TopMargin = (int)InsetY, BottomMargin = (int)InsetY };
            var cell = new A.TableCell(body, properties);
            if (span is { } s) cell.GridSpan = s;
            if (merged) cell.HorizontalMerge = true;
            return cell;
        }

        // ---- shapes --------------------------------------------------------------------------------

        private void Rect(long x, long y, long w, long h, string color, A.ShapeTypeValues geometry)
        {
            var id = nextId++;
            tree.Append(new P.Shape(
                new P.NonVisualShapeProperties(new P.NonVisualDrawingProperties { Id = id, Name = $"Shape {id}" }, new P.NonVisualShapeDrawingProperties(), new P.ApplicationNonVisualDrawingProperties()),
                new P.ShapeProperties(
                    new A.Transform2D(new A.Offset { X = x, Y = y }, new A.Extents { Cx = Math.Max(1, w), Cy = Math.Max(1, h) }),
                    new A.PresetGeometry(new A.AdjustValueList()) { Preset = geometry },
                    new A.SolidFill(Rgb(color)),
                    new A.Outline(new A.NoFill())),
                new P.TextBody(new A.BodyProperties(), new A.ListStyle(), new A.Paragraph(new A.EndParagraphRunProperties { Language = language }))));
        }

        /// <summary>A text box (or a filled shape with text): size null takes each paragraph's style.</summary>
        private void Box(long x, long y, long w, long h, IReadOnlyList<Para> paras, int? size, string color, string name,
            A.TextAlignmentTypeValues? align = null, string? fill = null, A.ShapeTypeValues? geometry = null,
            A.TextAnchoringTypeValues? anchor = null, int? firstSize = null)
        {
            var id = nextId++;
            var body = new P.TextBody(
                new A.BodyProperties(new A.NormalAutoFit())
                {
                    Wrap = A.TextWrappingValues.Square, LeftInset = (int)Inset, RightInset = (int)Inset, TopInset = (int)InsetY, BottomInset = (int)InsetY,
                    Anchor = anchor ?? A.TextAnchoringTypeValues.Top,
                },
                new A.ListStyle());
            for (var i = 0; i < paras.Count; i++)
            {
                var p = paras[i];
                var s = Size(i == 0 && firstSize is { } first ? first : size ?? BaseSize(p.Style));
                var c = p.Style == ParaStyle.Muted && color == Ink ? Muted : color;
                body.Append(Paragraph(p, s, c, align));
            }
            if (paras.Count == 0) body.Append(new A.Paragraph(new A.EndParagraphRunProperties { Language = language }));
            var shapeProperties = new P.ShapeProperties(
                new A.Transform2D(new A.Offset { X = x, Y = y }, new A.Extents { Cx = Math.Max(1, w), Cy = Math.Max(1, h) }),
                new A.PresetGeometry(new A.AdjustValueList()) { Preset = geometry ?? A.ShapeTypeValues.Rectangle });
            shapeProperties.Append(fill is null ? new A.NoFill() : new A.SolidFill(Rgb(fill)));
            shapeProperties.Append(new A.Outline(new A.NoFill()));
            tree.Append(new P.Shape(
                new P.NonVisualShapeProperties(
                    new P.NonVisualDrawingProperties { Id = id, Name = $"{name} {id}" },
                    new P.NonVisualShapeDrawingProperties { TextBox = fill is null && geometry is null },
                    new P.ApplicationNonVisualDrawingProperties()),
                shapeProperties, body));
        }

        private A.Paragraph Paragraph(Para p, int size, string color, A.TextAlignmentTypeValues? align = null)
        {
            var properties = new A.ParagraphProperties(new A.SpaceAfter(new A.SpacingPoints { Val = size * 3 / 10 }));
            // A numbered item carries its number as text: LibreOffice does not draw a:buAutoNum's numbers.
            if (p.Bullet is '#') { properties.LeftMargin = 285_750; properties.Indent = -285_750; properties.Append(new A.NoBullet()); }
            else if (p.Bullet is { } b) { properties.LeftMargin = 285_750; properties.Indent = -285_750; properties.Append(new A.BulletFont { Typeface = Font }, new A.CharacterBullet { Char = b.ToString() }); }
            else properties.Append(new A.NoBullet());
            if (align is { } a) properties.Alignment = a;
            var paragraph = new A.Paragraph(properties);
            var bold = p.Style is ParaStyle.Heading or ParaStyle.Lead;
            if (p.Number is { } n) paragraph.Append(new A.Run(RunProperties(size, bold, color), new A.Text($"{n}.\t")));
            foreach (var run in p.Runs)
                paragraph.Append(new A.Run(RunProperties(size, run.Bold || bold, color), new A.Text(run.Text)));
            paragraph.Append(new A.EndParagraphRunProperties { Language = language, FontSize = size });
            return paragraph;
        }

        private A.RunProperties RunProperties(int size, bool bold, string color) =>
            new(new A.SolidFill(Rgb(color)), new A.LatinFont { Typeface = Font }, new A.EastAsianFont { Typeface = Font })
            { Language = language, AlternativeLanguage = "ja-JP", FontSize = size, Bold = bold, Dirty = false };
    }

    private static A.RgbColorModelHex Rgb(string hex) => new() { Val = hex };

    // ---- the master, layout and theme ---------------------------------------------------------------

    private static P.ShapeTree EmptyTree() => new(
        new P.NonVisualGroupShapeProperties(new P.NonVisualDrawingProperties { Id = 1U, Name = "" }, new P.NonVisualGroupShapeDrawingProperties(), new P.ApplicationNonVisualDrawingProperties()),
        new P.GroupShapeProperties(new A.TransformGroup()));

    private static P.SlideLayout Layout() => new(new P.CommonSlideData(EmptyTree()) { Name = "Blank" }, new P.ColorMapOverride(new A.MasterColorMapping()))
    {
        Type = P.SlideLayoutValues.Blank, Preserve = true,
    };

    private static P.SlideMaster Master() => new(
        new P.CommonSlideData(new P.Background(new P.BackgroundProperties(new A.SolidFill(Rgb(White)), new A.EffectList())), EmptyTree()),
        new P.ColorMap
        {
            Background1 = A.ColorSchemeIndexValues.Light1, Text1 = A.ColorSchemeIndexValues.Dark1, Background2 = A.ColorSchemeIndexValues.Light2,
            Text2 = A.ColorSchemeIndexValues.Dark2, Accent1 = A.ColorSchemeIndexValues.Accent1, Accent2 = A.ColorSchemeIndexValues.Accent2,
            Accent3 = A.ColorSchemeIndexValues.Accent3, Accent4 = A.ColorSchemeIndexValues.Accent4, Accent5 = A.ColorSchemeIndexValues.Accent5,
            Accent6 = A.ColorSchemeIndexValues.Accent6, Hyperlink = A.ColorSchemeIndexValues.Hyperlink, FollowedHyperlink = A.ColorSchemeIndexValues.FollowedHyperlink,
        },
        new P.SlideLayoutIdList(new P.SlideLayoutId { Id = 2147483649U, RelationshipId = "rId1" }),
        new P.TextStyles(new P.TitleStyle(), new P.BodyStyle(), new P.OtherStyle()));

    private static A.Theme Theme()
    {
        static A.SchemeColor Placeholder() => new() { Val = A.SchemeColorValues.PhColor };
        static A.Outline Stroke(int width) => new(new A.SolidFill(Placeholder()), new A.PresetDash { Val = A.PresetLineDashValues.Solid }) { Width = width };
        static A.EffectStyle NoEffect() => new(new A.EffectList());
        static OpenXmlElement Fonts(bool major)
        {
            OpenXmlCompositeElement font = major ? new A.MajorFont() : new A.MinorFont();
            font.Append(new A.LatinFont { Typeface = Font }, new A.EastAsianFont { Typeface = Font }, new A.ComplexScriptFont { Typeface = "" },
                new A.SupplementalFont { Script = "Jpan", Typeface = JapaneseFallback });
            return font;
        }
        return new A.Theme(
            new A.ThemeElements(
                new A.ColorScheme(
                    new A.Dark1Color(Rgb(Ink)), new A.Light1Color(Rgb(White)), new A.Dark2Color(Rgb(Muted)), new A.Light2Color(Rgb(AccentSoft)),
                    new A.Accent1Color(Rgb(Accent)), new A.Accent2Color(Rgb(Second)), new A.Accent3Color(Rgb(Third)),
                    new A.Accent4Color(Rgb("3B82F6")), new A.Accent5Color(Rgb("10B981")), new A.Accent6Color(Rgb("A34B12")),
                    new A.Hyperlink(Rgb("0F6E6E")), new A.FollowedHyperlinkColor(Rgb("5B6675"))) { Name = "Marketplace CS" },
                new A.FontScheme(Fonts(major: true), Fonts(major: false)) { Name = "Marketplace CS" },
                new A.FormatScheme(
                    new A.FillStyleList(new A.SolidFill(Placeholder()), new A.SolidFill(Placeholder()), new A.SolidFill(Placeholder())),
                    new A.LineStyleList(Stroke(9_525), Stroke(19_050), Stroke(28_575)),
                    new A.EffectStyleList(NoEffect(), NoEffect(), NoEffect()),
                    new A.BackgroundFillStyleList(new A.SolidFill(Placeholder()), new A.SolidFill(Placeholder()), new A.SolidFill(Placeholder())))
                { Name = "Marketplace CS" }),
            new A.ObjectDefaults(),
            new A.ExtraColorSchemeList())
        { Name = "Marketplace CS" };
    }
}
