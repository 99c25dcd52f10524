using System.Net;
using System.Text.RegularExpressions;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Documents;

/// <summary>
/// The usage deck tailored to the company, as HTML and as editable PowerPoint: the same slides with the same text,
/// a valid Open XML package, and a file LibreOffice opens and prints one page a slide with Japanese text.
/// </summary>
public sealed class DocumentPptxTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private readonly Scenario given = new(app);

    /// <summary>A company with one purpose (resource shortage) and one engineer engagement, kicked off and followed up.</summary>
    private async Task<(string Company, string Name)> OnePurposeOneJobType(bool followUp = true)
    {
        var (cs, _) = await given.Member("cs");
        var (cc, _) = await given.Member("cc");
        var name = "株式会社サンプル" + Guid.NewGuid().ToString("N")[..6];
        var company = await given.Company(cs, name: name, purposes: ["resource_shortage"]);
        var worker = await given.AvailableWorker(cc);
        var engagement = await given.Engagement(company, worker, "2026-02-01");
        await given.Admin.PostOk($"/api/engagements/{engagement}/contract", new { contractedOn = "2026-01-20" });
        await given.Admin.PostOk($"/api/engagements/{engagement}/kickoff", new { heldOn = "2026-02-01", csAttendeeId = cs, attendees = new[] { "山田 部長" } });
        if (followUp)
            await given.Admin.PostCreated($"/api/engagements/{engagement}/follow-ups",
                new { heldOn = "2026-03-02", companySatisfaction = 4, workerEvaluation = 4, workerSatisfaction = 5, note = "順調" });
        return (company, name);
    }

    private async Task<string> Html(string url)
    {
        var response = await given.Admin.Get(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        return body;
    }

    private async Task<byte[]> Pptx(string url)
    {
        var response = await given.Admin.Get(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(bytes)}");
        Assert.Equal("application/vnd.openxmlformats-officedocument.presentationml.presentation", response.Content.Headers.ContentType?.MediaType);
        return bytes;
    }

    [Fact]
    public async Task A_one_purpose_one_job_type_company_gets_the_expected_slides_and_no_others()
    {
        var c = await OnePurposeOneJobType();

        var html = await Html($"/api/companies/{c.Company}/usage-deck?format=html&lang=ja");

        Assert.Equal(["cover", "agenda", "flow", "purpose", "job-type", "suggested-job-types", "suited", "usage", "engagements", "first-month", "cases", "tips", "next-steps"],
            SlideFiles.SlideKinds(html));
        Assert.Contains(@"data-purpose=""resource_shortage""", html);
        Assert.Equal(["engineer"], Regex.Matches(html, @"data-slide=""job-type"" data-job-type=""(\w+)""").Select(m => m.Groups[1].Value));
        // Resource shortage also calls for designers and marketers: suggested together on one slide, not one each.
        Assert.Equal(["designer", "marketer"], Regex.Matches(html, @"<div data-job-type=""(\w+)""").Select(m => m.Groups[1].Value));
        foreach (var other in new[] { "writer", "sales", "hr", "pm", "data", "other" }) Assert.DoesNotContain($@"data-job-type=""{other}""", html);
        Assert.Contains("うまくいかないケースと対策", html);
        Assert.DoesNotContain("解約", html);
        // The company's own figures: its engagement, hours and the follow-up's satisfaction on both sides as a chart.
        Assert.Contains(@"<div class=""value"">1件</div><div class=""label"">稼働中の案件", html);
        Assert.Contains(@"<div class=""value"">40時間</div>", html);
        Assert.Contains(@"class=""bar s1"" data-value=""4""", html);
        Assert.Contains(@"class=""bar s2"" data-value=""5""", html);
        Assert.Contains(@"<div class=""steps"">", html);
        Assert.Contains(@"<div class=""timeline"">", html);
    }

    [Fact]
    public async Task Every_job_type_gets_a_slide_only_when_asked()
    {
        var c = await OnePurposeOneJobType(followUp: false);

        var html = await Html($"/api/companies/{c.Company}/usage-deck?format=html&allJobTypes=true");

        Assert.Equal(["engineer", "designer", "marketer", "sales", "writer", "pm", "data", "hr", "other"],
            Regex.Matches(html, @"data-slide=""job-type"" data-job-type=""(\w+)""").Select(m => m.Groups[1].Value));
        Assert.DoesNotContain(@"data-slide=""suggested-job-types""", html);
        // No follow-up held yet: the chart says so instead of drawing nothing.
        Assert.Contains("経過面談の記録はまだありません", html);
    }

    [Theory]
    [InlineData("ja")]
    [InlineData("en")]
    public async Task The_pptx_is_valid_open_xml_with_the_htmls_slides_and_text_in_order(string lang)
    {
        var c = await OnePurposeOneJobType();
        var html = await Html($"/api/companies/{c.Company}/usage-deck?format=html&lang={lang}");

        var pptx = await Pptx($"/api/companies/{c.Company}/usage-deck?format=pptx&lang={lang}");

        Assert.Empty(SlideFiles.ValidationErrors(pptx));
        SlideFiles.AssertSameSlidesAndText(html, pptx);
        using var document = DocumentFormat.OpenXml.Packaging.PresentationDocument.Open(new MemoryStream(pptx), false);
        var size = document.PresentationPart!.Presentation.SlideSize!;
        Assert.Equal((12_192_000, 6_858_000), (size.Cx!.Value, size.Cy!.Value));
        var slide = document.PresentationPart.SlideParts.First().Slide;
        // Native, editable text in Noto Sans CJK JP (Latin and East Asian), with Yu Gothic as the theme's Japanese fallback; no pictures.
        Assert.NotEmpty(slide.Descendants<DocumentFormat.OpenXml.Drawing.Run>());
        Assert.All(document.PresentationPart.SlideParts.SelectMany(p => p.Slide.Descendants<DocumentFormat.OpenXml.Drawing.RunProperties>()), r =>
        {
            Assert.Equal("Noto Sans CJK JP", r.GetFirstChild<DocumentFormat.OpenXml.Drawing.EastAsianFont>()?.Typeface?.Value);
            Assert.Equal("Noto Sans CJK JP", r.GetFirstChild<DocumentFormat.OpenXml.Drawing.LatinFont>()?.Typeface?.Value);
        });
        Assert.Empty(document.PresentationPart.SlideParts.SelectMany(p => p.ImageParts));
        var theme = document.PresentationPart.ThemePart!.Theme.ThemeElements!.FontScheme!;
        Assert.Equal("Noto Sans CJK JP", theme.MinorFont!.EastAsianFont!.Typeface!.Value);
        Assert.Contains(theme.MinorFont.Elements<DocumentFormat.OpenXml.Drawing.SupplementalFont>(), f => f.Script == "Jpan" && f.Typeface == "Yu Gothic");
        // The flow is drawn as chevrons, the chart as bars.
        var geometries = document.PresentationPart.SlideParts.SelectMany(p => p.Slide.Descendants<DocumentFormat.OpenXml.Drawing.PresetGeometry>())
            .Select(g => g.Preset!.Value).ToList();
        Assert.Contains(DocumentFormat.OpenXml.Drawing.ShapeTypeValues.Chevron, geometries);
        Assert.Contains(DocumentFormat.OpenXml.Drawing.ShapeTypeValues.Ellipse, geometries);
    }

    [Fact]
    public async Task LibreOffice_converts_the_pptx_to_one_page_a_slide_with_readable_japanese()
    {
        var c = await OnePurposeOneJobType();
        var html = await Html($"/api/companies/{c.Company}/usage-deck?format=html&lang=ja");
        var pptx = await Pptx($"/api/companies/{c.Company}/usage-deck?format=pptx&lang=ja");

        var (pages, text) = await SlideFiles.ThroughLibreOffice(pptx, app.DataDirectory);

        Assert.Equal(SlideFiles.SlideKinds(html).Count, pages);
        var flat = SlideFiles.NoSpace(text);
        Assert.Contains(SlideFiles.NoSpace(c.Name), flat);
        Assert.Contains("副業人材活用ガイダンス", flat);
        Assert.Contains("うまくいかないケースと対策", flat);
    }

    [Fact]
    public async Task Downloads_are_named_for_the_company_document_and_day_in_rfc_5987()
    {
        var c = await OnePurposeOneJobType(followUp: false);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeBySystemTimeZoneId(DateTime.UtcNow, "Asia/Tokyo")).ToString("yyyy-MM-dd");

        var response = await given.Admin.Get($"/api/companies/{c.Company}/usage-deck?format=pptx");
        var html = await given.Admin.Get($"/api/companies/{c.Company}/usage-deck?format=html");

        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal($"{c.Name}_副業人材活用ガイダンス_{today}.pptx", Uri.UnescapeDataString(disposition.FileNameStar!.Trim('"')));
        Assert.StartsWith("UTF-8''", response.Content.Headers.GetValues("Content-Disposition").Single().Split("filename*=")[1]);
        Assert.Equal("inline", html.Content.Headers.ContentDisposition!.DispositionType);
        Assert.EndsWith(".html", html.Content.Headers.ContentDisposition.FileNameStar!);
    }

    [Fact]
    public async Task Bad_format_is_a_400_naming_the_field()
    {
        var c = await OnePurposeOneJobType(followUp: false);
        Assert.Contains("html, pdf, pptx", await ApiClient.FieldError(await given.Admin.Get($"/api/companies/{c.Company}/usage-deck?format=docx"), "format"));
    }
}
