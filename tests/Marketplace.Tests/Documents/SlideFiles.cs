using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using A = DocumentFormat.OpenXml.Drawing;

namespace Marketplace.Tests.Documents;

/// <summary>
/// What the tests read out of a slide document: the HTML's slides and their text, the PPTX's slides and their text
/// (Open XML SDK), its validation errors, and the PDF LibreOffice makes of it (soffice headless, then pdftotext).
/// </summary>
public static class SlideFiles
{
    /// <summary>Each HTML slide's data-slide, in order.</summary>
    public static List<string> SlideKinds(string html) =>
        Regex.Matches(html, @"<section class=""slide[^""]*"" data-slide=""([\w-]+)""").Select(m => m.Groups[1].Value).ToList();

    /// <summary>Each HTML slide's pieces of text (every text node, whitespace collapsed), in order.</summary>
    public static List<List<string>> HtmlSlideTexts(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        return document.QuerySelectorAll("section.slide").Select(section =>
            section.Descendants<IText>().Select(t => Regex.Replace(t.Data, @"\s+", " ").Trim()).Where(t => t.Length > 0).ToList()).ToList();
    }

    public static List<string> ValidationErrors(byte[] pptx)
    {
        using var document = PresentationDocument.Open(new MemoryStream(pptx), false);
        return new OpenXmlValidator().Validate(document).Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
    }

    /// <summary>Each PPTX slide's text, in the presentation's order (the slide id list).</summary>
    public static List<string> PptxSlideTexts(byte[] pptx)
    {
        using var document = PresentationDocument.Open(new MemoryStream(pptx), false);
        var presentation = document.PresentationPart!;
        return presentation.Presentation.SlideIdList!.Elements<DocumentFormat.OpenXml.Presentation.SlideId>()
            .Select(id => (SlidePart)presentation.GetPartById(id.RelationshipId!))
            .Select(part => string.Join("\n", part.Slide.Descendants<A.Paragraph>().Select(p => string.Concat(p.Descendants<A.Text>().Select(t => t.Text)))))
            .ToList();
    }

    public static string NoSpace(string s) => Regex.Replace(s, @"\s+", "");

    /// <summary>Every piece of each HTML slide's text is on the PPTX slide of the same place.</summary>
    public static void AssertSameSlidesAndText(string html, byte[] pptx)
    {
        var htmlSlides = HtmlSlideTexts(html);
        var pptxSlides = PptxSlideTexts(pptx);
        Assert.Equal(htmlSlides.Count, pptxSlides.Count);
        for (var i = 0; i < htmlSlides.Count; i++)
        {
            var slide = NoSpace(pptxSlides[i]);
            foreach (var piece in htmlSlides[i])
                Assert.True(slide.Contains(NoSpace(piece), StringComparison.Ordinal), $"slide {i + 1} lacks '{piece}'. It has: {pptxSlides[i]}");
        }
    }

    /// <summary>The PPTX converted by LibreOffice Impress (headless, its own profile) into a PDF: its pages and its text.</summary>
    public static async Task<(int Pages, string Text)> ThroughLibreOffice(byte[] pptx, string directory)
    {
        var work = Directory.CreateDirectory(Path.Combine(directory, $"soffice-{Guid.NewGuid():N}")).FullName;
        var input = Path.Combine(work, "deck.pptx");
        await File.WriteAllBytesAsync(input, pptx);
        Assert.True(File.Exists("/usr/bin/soffice"), "LibreOffice Impress (Debian's libreoffice-impress) is needed to check PPTX files: .ci/run installs it.");
        var (code, output) = await Run("soffice", "--headless", "--norestore", $"-env:UserInstallation=file://{work}/profile", "--convert-to", "pdf", "--outdir", work, input);
        var pdf = Path.Combine(work, "deck.pdf");
        Assert.True(code == 0 && File.Exists(pdf), $"soffice exited {code}: {output}");
        var (_, info) = await Run("pdfinfo", pdf);
        var pages = int.Parse(Regex.Match(info, @"Pages:\s+(\d+)").Groups[1].Value);
        var (_, text) = await Run("pdftotext", "-enc", "UTF-8", pdf, "-");
        return (pages, text);
    }

    private static async Task<(int Code, string Output)> Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
