using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Documents;

/// <summary>The usage deck as PDF through headless Chromium (installed on this machine and in CI), and without it.</summary>
public sealed class DocumentPdfTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    [Fact]
    public async Task The_deck_prints_to_a_real_pdf_with_one_page_per_slide()
    {
        var given = new Scenario(app);
        var (companyId, _, _, _, _) = await given.ActiveEngagement();
        var html = await (await given.Admin.Get($"/api/companies/{companyId}/usage-deck?format=html&lang=ja")).Content.ReadAsStringAsync();
        var slides = Regex.Matches(html, @"<section class=""slide").Count;

        var response = await given.Admin.Get($"/api/companies/{companyId}/usage-deck?format=pdf&lang=ja");

        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, Encoding.UTF8.GetString(bytes));
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("%PDF", Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.True(bytes.Length > 20_000, $"{bytes.Length} bytes");
        var pages = Regex.Matches(Encoding.Latin1.GetString(bytes), @"/Type\s*/Page[^s]").Count;
        Assert.Equal(slides, pages);

        // The Japanese text is in the PDF as text (fonts embedded), not lost to missing glyphs.
        var file = Path.Combine(app.DataDirectory, $"deck-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, bytes);
        using var pdftotext = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("pdftotext", ["-enc", "UTF-8", file, "-"])
        {
            RedirectStandardOutput = true,
            StandardOutputEncoding = Encoding.UTF8,
        })!;
        var text = await pdftotext.StandardOutput.ReadToEndAsync();
        await pdftotext.WaitForExitAsync();
        var company = (await given.Admin.GetOk($"/api/companies/{companyId}"))["name"]!.GetValue<string>();
        Assert.Contains(company, text);
        Assert.Contains("副業人材", text);
    }

    [Fact]
    public async Task Without_chromium_pdf_is_a_503_and_html_still_works()
    {
        using var noChromium = MarketplaceApp.SharingDatabaseWith(app).With("Documents:ChromiumPath", Path.Combine(app.DataDirectory, "no-chromium-here"));
        var given = new Scenario(app);
        var (company, _, _, _, _) = await given.ActiveEngagement();
        var admin = noChromium.Admin();

        var problem = await ApiClient.Problem(await admin.Get($"/api/companies/{company}/usage-deck?format=pdf"), HttpStatusCode.ServiceUnavailable);
        Assert.Contains("Chromium", problem["detail"]!.GetValue<string>());
        Assert.Contains("format=html", problem["detail"]!.GetValue<string>());

        var html = await admin.Get($"/api/companies/{company}/usage-deck?format=html");
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
    }
}
