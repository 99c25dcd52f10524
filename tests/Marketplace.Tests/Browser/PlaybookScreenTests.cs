using Microsoft.Playwright;
using static Marketplace.Tests.Browser.PageActions;

namespace Marketplace.Tests.Browser;

/// <summary>An admin configures a playbook rule on screen; a refusal reads in Japanese at its field.</summary>
[Collection(BrowserCollection.Name)]
public class PlaybookScreenTests(BrowserApp browser)
{
    [Fact]
    public async Task An_admin_changes_a_rule_and_a_blank_task_name_is_refused_at_its_field()
    {
        var (_, adminEmail, _) = await browser.Member("admin");
        var page = await browser.SignedIn(adminEmail);
        await page.GotoAsync("/admin/playbooks");
        Assert.Equal(6, await page.Locator("section[id^='playbook-']").CountAsync());
        var rule = page.Locator("#playbook-detractor_survey");

        await rule.Locator("input[name=Title]").FillAsync("");
        await rule.Locator("input[name=DueInBusinessDays]").FillAsync("4");
        await Submit(page, "#playbook-detractor_survey button[type=submit]");
        Assert.Contains("を入力してください", await page.Locator("#playbook-detractor_survey .field-error[data-field='title']").InnerTextAsync());
        Assert.Equal("4", await page.Locator("#playbook-detractor_survey input[name=DueInBusinessDays]").InputValueAsync());

        await page.Locator("#playbook-detractor_survey input[name=Title]").FillAsync("NPS批判者へのフォロー電話");
        await page.Locator("#playbook-detractor_survey input[name=Enabled][type=checkbox]").UncheckAsync();
        await Submit(page, "#playbook-detractor_survey button[type=submit]");
        var saved = (await browser.Given.Admin.GetOk("/api/playbooks")).AsArray().Single(p => p!["rule"]!.GetValue<string>() == "detractor_survey")!;
        Assert.False(saved["enabled"]!.GetValue<bool>());
        Assert.Equal(4, saved["dueInBusinessDays"]!.GetValue<int>());
        Assert.Equal("NPS批判者へのフォロー電話", saved["title"]!.GetValue<string>());
        Assert.False(await page.Locator("#playbook-detractor_survey input[name=Enabled][type=checkbox]").IsCheckedAsync());
        Assert.True(await FitsWidth(page));

        // Put it back for the other tests on this app.
        await browser.Given.Admin.Put("/api/playbooks/detractor_survey", new { enabled = true, title = "NPS批判者へのフォロー", assignee = "cs_owner", dueInBusinessDays = 3 });
    }
}
