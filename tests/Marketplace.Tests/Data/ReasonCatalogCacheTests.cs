using System.Net;
using Marketplace.Core.Data;
using Marketplace.Core.Domain;
using Marketplace.Core.Shared;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Tests.Data;

/// <summary>The catalog a command's transaction read is kept for that transaction only, and never outlives an edit.</summary>
public class ReasonCatalogCacheTests(MarketplaceApp app) : IClassFixture<MarketplaceApp>
{
    private static string NewCode() => "cache_" + Guid.NewGuid().ToString("N")[..8];

    private async Task Add(string code)
    {
        var response = await app.Admin().Post("/api/churn-reasons", new { code, labelJa = "テスト", labelEn = "Test", negative = false, appliesTo = "both" });
        await ApiClient.Expect(response, HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_transaction_reads_the_catalog_once_and_the_next_one_sees_what_was_added_meanwhile()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Db>();
        var catalog = scope.ServiceProvider.GetRequiredService<ReasonCatalogCache>();

        await db.BeginAsync(default);
        var first = await catalog.All(default);
        Assert.Same(first, await catalog.All(default));
        await db.CommitAsync(default);

        // Another request adds a reason: the next transaction of the same scope, and a new request, both see it.
        var code = NewCode();
        await Add(code);
        await db.BeginAsync(default);
        Assert.Contains(code, (await catalog.ByCode(default)).Keys);
        await db.CommitAsync(default);

        await using var next = app.Services.CreateAsyncScope();
        var nextDb = next.ServiceProvider.GetRequiredService<Db>();
        await nextDb.BeginAsync(default);
        Assert.Contains(code, (await next.ServiceProvider.GetRequiredService<ReasonCatalogCache>().ByCode(default)).Keys);
        await nextDb.CommitAsync(default);
    }

    [Fact]
    public async Task A_transaction_that_edits_the_catalog_or_undoes_an_edit_reads_it_again()
    {
        var code = NewCode();
        await Add(code);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Db>();
        var catalog = scope.ServiceProvider.GetRequiredService<ReasonCatalogCache>();

        await db.BeginAsync(default);
        Assert.False((await catalog.ByCode(default))[code].Retired);
        await catalog.Check(ChurnKind.Engagement, [code], default);
        await db.SaveAsync("edit", default);
        await db.ExecuteAsync("UPDATE churn_reasons SET retired_at = @at, version = version + 1 WHERE code = @code", new { at = DateTime.UtcNow, code });
        Assert.True((await catalog.ByCode(default))[code].Retired);
        await Assert.ThrowsAsync<FluentValidation.ValidationException>(() => catalog.Check(ChurnKind.Engagement, [code], default));

        // Undone to the savepoint (an import's failed row), the edit is gone from what the catalog says too.
        await db.RollbackToAsync("edit", default);
        Assert.False((await catalog.ByCode(default))[code].Retired);
        await db.RollbackAsync();
    }

    [Fact]
    public async Task Outside_a_transaction_every_read_is_fresh()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<ReasonCatalogCache>();
        var before = await catalog.All(default);
        var code = NewCode();
        await Add(code);
        Assert.DoesNotContain(before, r => r.Code == code);
        Assert.Contains(await catalog.All(default), r => r.Code == code);
    }
}
