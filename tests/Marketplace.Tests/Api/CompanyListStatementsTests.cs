using System.Text.Json.Nodes;
using Dapper;
using Marketplace.Bench;
using Marketplace.Core.Data;
using Marketplace.Core.Features.Companies;
using Marketplace.Tests.Infrastructure;
using MediatR;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Tests.Api;

/// <summary>
/// The company list reads a page in two statements (the count, and the page with its rows, owners and purposes):
/// on generated history, every item it lists is the company its get answers, with every filter.
/// </summary>
public sealed class CompanyListStatementsTests : IClassFixture<CompanyListStatementsTests.GeneratedApp>
{
    private readonly GeneratedApp data;

    public CompanyListStatementsTests(GeneratedApp data) => this.data = data;

    /// <summary>The app on a generated dataset: companies in every stage, with several purposes and owners.</summary>
    public sealed class GeneratedApp : IDisposable
    {
        private readonly string directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "marketplace-list-tests", Guid.NewGuid().ToString("N"));

        public GeneratedApp()
        {
            Directory.CreateDirectory(directory);
            Path = System.IO.Path.Combine(directory, "list.db");
            new BenchDataGenerator(GeneratorOptions.ForEngagements(3000)).Generate(Path);
            App = MarketplaceApp.OnSqliteFile(Path);
            Admin = App.Admin();
        }

        public string Path { get; }
        public MarketplaceApp App { get; }
        public ApiClient Admin { get; }

        public void Dispose()
        {
            App.Dispose();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    private async Task<List<JsonNode>> Items(string query)
    {
        var items = new List<JsonNode>();
        for (var page = 1; ; page++)
        {
            var answer = await data.Admin.GetOk($"/api/companies?pageSize=50&page={page}{query}");
            var pageItems = answer["items"]!.AsArray().Select(i => i!).ToList();
            items.AddRange(pageItems);
            if (pageItems.Count < 50)
            {
                Assert.Equal(answer["total"]!.GetValue<int>(), items.Count);
                return items;
            }
        }
    }

    private async Task AssertEachIsItsGet(IReadOnlyList<JsonNode> items)
    {
        foreach (var item in items)
        {
            var get = await data.Admin.GetOk($"/api/companies/{item["id"]}");
            Assert.Equal(get.ToJsonString(), item.ToJsonString());
        }
    }

    [Fact]
    public async Task Every_listed_company_is_its_get_in_name_order_with_every_filter()
    {
        var all = await Items("");
        await AssertEachIsItsGet(all);
        using (var db = data.App.OpenDatabase())
            Assert.Equal(db.Query<string>("SELECT id FROM companies ORDER BY name, id"), all.Select(i => i["id"]!.GetValue<string>()));

        // The generated history gives the compared fields more than one value each.
        var stages = all.Select(i => i["stage"]!.GetValue<string>()).Distinct().ToList();
        Assert.True(stages.Count >= 3, $"stages met: {string.Join(", ", stages)}");
        Assert.Contains(all, i => i["purposes"]!.AsArray().Count >= 2);
        Assert.True(all.Select(i => i["csOwnerName"]!.GetValue<string>()).Distinct().Count() >= 2);

        foreach (var stage in stages)
        {
            var inStage = await Items($"&stage={stage}");
            Assert.Equal(all.Where(i => i["stage"]!.GetValue<string>() == stage).Select(i => i.ToJsonString()), inStage.Select(i => i.ToJsonString()));
        }

        var owner = all[0]["csOwnerId"]!.GetValue<string>();
        var owned = await Items($"&csOwnerId={owner}&status=active");
        Assert.NotEmpty(owned);
        Assert.Equal(all.Where(i => i["csOwnerId"]!.GetValue<string>() == owner && i["status"]!.GetValue<string>() == "active").Select(i => i.ToJsonString()),
            owned.Select(i => i.ToJsonString()));
        var name = all[^1]["name"]!.GetValue<string>();
        var found = await Items($"&q={Uri.EscapeDataString(name)}");
        Assert.Contains(found, i => i["id"]!.GetValue<string>() == all[^1]["id"]!.GetValue<string>());
        await AssertEachIsItsGet(found);
    }

    /// <summary>The value a sort key orders by, as the item carries it.</summary>
    private static IComparable ValueOf(JsonNode item, string key) => key switch
    {
        "employeeCount" or "activeEngagements" => item[key]!.GetValue<int>(),
        "monthlyFee" => item[key]!.GetValue<long>(),
        // Days are yyyy-MM-dd, and names compare as the database compares text: code unit by code unit.
        _ => item[key]!.GetValue<string>(),
    };

    private static void AssertSorted(IReadOnlyList<JsonNode> items, string sort)
    {
        var descending = sort.StartsWith('-');
        var key = sort.TrimStart('-');
        for (var i = 1; i < items.Count; i++)
        {
            var (before, after) = (items[i - 1], items[i]);
            var order = ValueOf(before, key) is string text ? string.CompareOrdinal(text, (string)ValueOf(after, key)) : ValueOf(before, key).CompareTo(ValueOf(after, key));
            if (order == 0) order = string.CompareOrdinal(before["id"]!.GetValue<string>(), after["id"]!.GetValue<string>());
            Assert.True(descending ? order > 0 : order < 0, $"{sort}: {before.ToJsonString()} then {after.ToJsonString()}");
        }
    }

    [Theory]
    [InlineData("name")]
    [InlineData("-name")]
    [InlineData("signedOn")]
    [InlineData("-signedOn")]
    [InlineData("csOwnerName")]
    [InlineData("-csOwnerName")]
    [InlineData("employeeCount")]
    [InlineData("-employeeCount")]
    [InlineData("monthlyFee")]
    [InlineData("-monthlyFee")]
    [InlineData("activeEngagements")]
    [InlineData("-activeEngagements")]
    public async Task Every_sort_pages_through_every_company_once_in_its_order_with_and_without_the_stage_filter(string sort)
    {
        var all = await Items("");
        var sorted = await Items($"&sort={Uri.EscapeDataString(sort)}");
        Assert.Equal(all.Select(i => i["id"]!.GetValue<string>()).Order(), sorted.Select(i => i["id"]!.GetValue<string>()).Order());
        AssertSorted(sorted, sort);
        // The values repeat, so the order rests on the tiebreaker too (except for names, which are unique here).
        if (sort.TrimStart('-') != "name")
            Assert.True(sorted.Select(i => ValueOf(i, sort.TrimStart('-'))).Distinct().Count() < sorted.Count, $"{sort} has no ties to break.");

        var stage = sorted[0]["stage"]!.GetValue<string>();
        var inStage = await Items($"&stage={stage}&sort={Uri.EscapeDataString(sort)}");
        Assert.Equal(sorted.Where(i => i["stage"]!.GetValue<string>() == stage).Select(i => i.ToJsonString()), inStage.Select(i => i.ToJsonString()));
        var owner = sorted[0]["csOwnerId"]!.GetValue<string>();
        var owned = await Items($"&csOwnerId={owner}&sort={Uri.EscapeDataString(sort)}");
        Assert.Equal(sorted.Where(i => i["csOwnerId"]!.GetValue<string>() == owner).Select(i => i.ToJsonString()), owned.Select(i => i.ToJsonString()));
    }

    [Theory]
    [InlineData(null, null, 2)]
    [InlineData("active", null, 2)]
    [InlineData(null, "active", 1)]
    [InlineData(null, null, 2, "-activeEngagements")]
    [InlineData("active", null, 2, "signedOn")]
    [InlineData(null, "active", 1, "-csOwnerName")]
    public async Task A_page_is_two_statements(string? status, string? stage, int pageNumber, string? sort = null)
    {
        await using var scope = data.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Db>();
        var connection = (SqliteConnection)await db.ConnectionAsync();
        var statements = new List<string>();
        SQLitePCL.raw.sqlite3_trace(connection.Handle, (SQLitePCL.strdelegate_trace)((_, sql) => statements.Add(sql)), null);
        try
        {
            var page = await scope.ServiceProvider.GetRequiredService<IMediator>()
                .Send(new ListCompanies.Query { Status = status, Stage = stage, Sort = sort, Page = pageNumber, PageSize = 20 });
            Assert.NotEmpty(page.Items);
        }
        finally
        {
            SQLitePCL.raw.sqlite3_trace(connection.Handle, (SQLitePCL.strdelegate_trace?)null, null);
        }
        Assert.True(statements.Count == 2, string.Join(Environment.NewLine + "--" + Environment.NewLine, statements));
        // The second reads the page whole: rows, owners and purposes.
        Assert.Contains("STRING_AGG", statements[1], StringComparison.OrdinalIgnoreCase);
    }
}
