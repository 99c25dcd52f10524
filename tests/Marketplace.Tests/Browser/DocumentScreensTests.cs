using Microsoft.Playwright;

namespace Marketplace.Tests.Browser;

/// <summary>Documents opened from the company page: a format and language chosen, previewed in the page, saved with their name.</summary>
[Collection(BrowserCollection.Name)]
public class DocumentScreensTests(BrowserApp browser)
{
    private static readonly string Shots = Path.Combine(Path.GetTempPath(), "document-shots");

    private async Task<(string Company, string Name, string Email)> CompanyWithAnEngagement()
    {
        var (cs, email, _) = await browser.Member("cs");
        var (cc, _) = await browser.Given.Member("cc");
        var name = "株式会社サンプル" + Guid.NewGuid().ToString("N")[..4];
        var company = await browser.Given.Company(cs, name: name, purposes: ["resource_shortage"]);
        var engagement = await browser.Given.Engagement(company, await browser.Given.AvailableWorker(cc), "2026-02-01");
        await browser.Given.Admin.PostOk($"/api/engagements/{engagement}/contract", new { contractedOn = "2026-01-20" });
        await browser.Given.Admin.PostOk($"/api/engagements/{engagement}/kickoff", new { heldOn = "2026-02-01", csAttendeeId = cs, attendees = new[] { "山田 部長" } });
        await browser.Given.Admin.PostCreated($"/api/engagements/{engagement}/follow-ups",
            new { heldOn = "2026-03-02", companySatisfaction = 4, workerEvaluation = 4, workerSatisfaction = 5, note = "" });
        return (company, name, email);
    }

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    public async Task The_company_page_previews_a_document_in_the_chosen_language_and_saves_it_as_pptx(int width, int height)
    {
        var c = await CompanyWithAnEngagement();
        var page = await browser.SignedIn(c.Email, width, height);
        await page.GotoAsync($"/companies/{c.Company}");

        // The deck is previewed in the page as it opens.
        var preview = page.FrameLocator("#document-preview");
        await Assertions.Expect(preview.Locator("section.slide.cover h1")).ToHaveTextAsync("副業人材活用ガイダンス");

        // The review report in English, previewed in place.
        await page.SelectOptionAsync("#doc-kind", "review-report");
        await page.SelectOptionAsync("#doc-lang", "en");
        await page.FillAsync("#doc-from", "2026-02-01");
        await page.FillAsync("#doc-to", "2026-03-31");
        await page.ClickAsync("#doc-preview");
        await Assertions.Expect(preview.Locator("section.slide.cover h1")).ToHaveTextAsync("Usage review report");
        await Assertions.Expect(preview.Locator("[data-figure=follow-ups]")).ToHaveTextAsync("1");
        Assert.True(await PageActions.FitsWidth(page), "the page is wider than the window");
        Directory.CreateDirectory(Shots);
        await page.Locator("#documents").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{Shots}/company-documents-{width}.png" });

        // Saved as PowerPoint with the name people recognise.
        await page.SelectOptionAsync("#doc-kind", "usage-deck");
        await page.SelectOptionAsync("#doc-lang", "ja");
        await page.SelectOptionAsync("#doc-format", "pptx");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#doc-download"));
        Assert.Matches($@"^{c.Name}_副業人材活用ガイダンス_\d{{4}}-\d{{2}}-\d{{2}}\.pptx$", download.SuggestedFilename);
        var file = Path.Combine(Shots, $"deck-{width}.pptx");
        await download.SaveAsAsync(file);
        Assert.Empty(Documents.SlideFiles.ValidationErrors(await File.ReadAllBytesAsync(file)));
    }
}
