using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Marketplace.Core.Demo;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Tests.Api;

/// <summary>The demo dataset (`seed-demo`), loaded once into this class's database and read back through the API.</summary>
public sealed class DemoSeedTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    // Facts of a class share one app; the first to ask seeds it and every fact sees that first run's summary.
    private static readonly ConditionalWeakTable<MarketplaceApp, Task<DemoSeeder.Summary>> FirstRun = new();

    private readonly ApiClient api = app.Admin();

    private Task<DemoSeeder.Summary> Seeded() => FirstRun.GetValue(app, RunSeeder);

    private static async Task<DemoSeeder.Summary> RunSeeder(MarketplaceApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await new DemoSeeder(scope.ServiceProvider).Run();
    }

    private async Task<int> Total(string url) => (await api.GetOk(url))["total"]!.GetValue<int>();

    private async Task<List<JsonNode>> Items(string url) => (await api.GetOk(url))["items"]!.AsArray().Select(i => i!).ToList();

    [Fact]
    public async Task Seeds_a_marketplace_sized_dataset_and_reports_what_it_stored()
    {
        var summary = await Seeded();

        Assert.False(summary.AlreadyHadData);
        Assert.True(await Total("/api/companies?pageSize=1") >= 30);
        Assert.True(await Total("/api/workers?pageSize=1") >= 90);
        Assert.True(await Total("/api/engagements?pageSize=1") >= 140);
        Assert.Equal(summary.Members, await Total("/api/members?pageSize=1"));
        Assert.Equal(summary.Companies, await Total("/api/companies?pageSize=1"));
        Assert.Equal(summary.Workers, await Total("/api/workers?pageSize=1"));
        Assert.Equal(summary.Engagements, await Total("/api/engagements?pageSize=1"));
        Assert.Equal(summary.EngagementChurns, await Total("/api/churn/engagements?pageSize=1"));
        Assert.Equal(summary.CompanyChurns, await Total("/api/churn/companies?pageSize=1"));
        Assert.Equal(summary.Members, summary.Keys.Count);
    }

    [Fact]
    public async Task Companies_cover_every_touch_tier_and_engagements_every_outcome()
    {
        await Seeded();

        var tiers = (await Items("/api/companies?pageSize=200")).Select(c => c["touchTier"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(["high", "low", "mid"], tiers.Order());
        foreach (var status in new[] { "proposed", "declined", "active", "ended" })
            Assert.True(await Total($"/api/engagements?status={status}&pageSize=1") > 0, $"no {status} engagement");
        foreach (var status in new[] { "available", "active", "paused", "left" })
            Assert.True(await Total($"/api/workers?status={status}&pageSize=1") > 0, $"no {status} worker");
    }

    [Fact]
    public async Task Both_kinds_of_churn_are_negative_and_not_and_a_churned_company_came_back()
    {
        await Seeded();

        var companyChurns = await Items("/api/churn/companies?pageSize=200");
        Assert.True(companyChurns.Count >= 5);
        Assert.Contains(companyChurns, c => c["negative"]!.GetValue<bool>());
        Assert.Contains(companyChurns, c => !c["negative"]!.GetValue<bool>());

        var engagementChurns = await Items("/api/churn/engagements?pageSize=200");
        Assert.Contains(engagementChurns, c => c["negative"]!.GetValue<bool>());
        Assert.Contains(engagementChurns, c => !c["negative"]!.GetValue<bool>());
        Assert.Contains(engagementChurns, c => c["companyChurnId"] is not null);

        var churnedIds = companyChurns.Select(c => c["companyId"]!.GetValue<string>()).ToHashSet();
        var active = await Items("/api/companies?status=active&pageSize=200");
        Assert.Contains(active, c => churnedIds.Contains(c["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Follow_ups_are_due_and_overdue_and_leads_have_every_outcome()
    {
        await Seeded();

        var followUps = await Items("/api/follow-ups?pageSize=200");
        Assert.Contains(followUps, f => f["state"]!.GetValue<string>() == "overdue");
        Assert.Contains(followUps, f => f["state"]!.GetValue<string>() == "due");
        foreach (var status in new[] { "open", "converted", "lost" })
            Assert.True(await Total($"/api/expansion-leads?status={status}&pageSize=1") > 0, $"no {status} lead");
    }

    [Fact]
    public async Task Documents_render_for_every_demo_company_in_both_languages()
    {
        await Seeded();
        var companies = await Items("/api/companies?status=active&pageSize=200");
        foreach (var company in companies)
        {
            var id = company["id"]!.GetValue<string>();
            var name = company["name"]!.GetValue<string>();
            foreach (var lang in new[] { "ja", "en" })
            {
                foreach (var url in new[] { $"/api/companies/{id}/onboarding-guide?format=md&lang={lang}", $"/api/companies/{id}/onboarding-guide?format=html&lang={lang}", $"/api/companies/{id}/usage-deck?format=html&lang={lang}" })
                {
                    var response = await api.Get(url);
                    var body = await response.Content.ReadAsStringAsync();
                    Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"{url}: {body}");
                    Assert.Contains(name, body);
                }
                var deck = await (await api.Get($"/api/companies/{id}/usage-deck?lang={lang}")).Content.ReadAsStringAsync();
                var purposes = company["purposes"]!.AsArray().Count;
                Assert.Equal(purposes, System.Text.RegularExpressions.Regex.Matches(deck, @"data-slide=""purpose"" ").Count);
                // Tailored: about 10–14 slides, a couple more for a company that engages several job types.
                Assert.InRange(System.Text.RegularExpressions.Regex.Matches(deck, @"<section class=""slide").Count, 10, 16);
            }
        }
        foreach (var engagement in await Items("/api/engagements?status=active&pageSize=20"))
            foreach (var lang in new[] { "ja", "en" })
                foreach (var format in new[] { "md", "html" })
                {
                    var body = await (await api.Get($"/api/engagements/{engagement["id"]}/kickoff-checklist?format={format}&lang={lang}")).Content.ReadAsStringAsync();
                    Assert.Contains(engagement["workerName"]!.GetValue<string>(), body);
                }
    }

    [Fact]
    public async Task Running_it_again_adds_nothing()
    {
        await Seeded();
        var scenario = new Scenario(app);
        var before = scenario.Snapshot();

        var again = await RunSeeder(app);

        Assert.True(again.AlreadyHadData);
        Assert.Equal(0, again.Companies);
        Assert.Equal(before, scenario.Snapshot());
    }
}
