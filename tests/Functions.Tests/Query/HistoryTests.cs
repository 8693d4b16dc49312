using System.Text.Json;
using Tracking.Contracts.Gateway;
using Tracking.Contracts.Json;
using static Tracking.Functions.Tests.Fakes.StoreEvents;

namespace Tracking.Functions.Tests.Query;

/// <summary>GET /v1/tracking/{id}/events: paging, order, filters and windows, on the in-memory store.</summary>
public sealed class HistoryTests : IDisposable
{
    private readonly QueryHarness _query = new();

    public void Dispose() => _query.Dispose();

    private static EventPage Page(ApiGatewayProxyResponse response)
        => JsonSerializer.Deserialize(response.Body!, ContractsJsonContext.Default.EventPage)!;

    private void Seed(string trackingId = "PKG-1")
    {
        _query.Append(At(trackingId, 10, "a", "pending"));
        _query.Append(At(trackingId, 20, "b", eventType: "delivery_attempt"));
        _query.Append(At(trackingId, 30, "c", "failed", "delivery_attempt"));
        _query.Append(At(trackingId, 40, "d"));
    }

    private async Task<List<string>> AllEventIdsAsync(Dictionary<string, string> query)
    {
        var ids = new List<string>();
        for (var pages = 0; pages < 10; pages++)
        {
            var page = Page(await _query.HistoryAsync("PKG-1", query));
            ids.AddRange(page.Items.Select(e => e.EventId));
            if (page.NextCursor is null) break;
            query = new Dictionary<string, string>(query) { ["cursor"] = page.NextCursor };
        }
        return ids;
    }

    [Fact]
    public async Task TheHistoryIsInEventTimeOrder()
    {
        Seed();

        var page = Page(await _query.HistoryAsync("PKG-1"));

        Assert.Equal(["a", "b", "c", "d"], page.Items.Select(e => e.EventId));
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task PagesFollowEachOtherThroughTheCursorWithoutSkipOrRepeat()
    {
        Seed();

        Assert.Equal(["a", "b", "c", "d"], await AllEventIdsAsync(new() { ["limit"] = "3" }));
    }

    [Fact]
    public async Task APageHoldsAtMostTheLimitAndPointsOnward()
    {
        Seed();

        var page = Page(await _query.HistoryAsync("PKG-1", new() { ["limit"] = "2" }));

        Assert.Equal(["a", "b"], page.Items.Select(e => e.EventId));
        Assert.NotNull(page.NextCursor);
    }

    [Fact]
    public async Task DescendingOrderIsNewestFirstAcrossPages()
        => Assert.Equal(["d", "c", "b", "a"], await AllEventIdsAsync(SeededThen(new() { ["order"] = "desc", ["limit"] = "1" })));

    [Fact]
    public async Task TheStatusFilterKeepsOnlyThatStatus()
        => Assert.Equal(["b", "d"], await AllEventIdsAsync(SeededThen(new() { ["status"] = "in_transit", ["limit"] = "1" })));

    [Fact]
    public async Task TheEventTypeFilterKeepsOnlyThatType()
        => Assert.Equal(["b", "c"], await AllEventIdsAsync(SeededThen(new() { ["eventType"] = "delivery_attempt" })));

    [Fact]
    public async Task TheWindowIncludesFromAndExcludesTo()
        => Assert.Equal(["b", "c"], await AllEventIdsAsync(SeededThen(new() { ["from"] = "2026-11-24T08:20:00Z", ["to"] = "2026-11-24T08:40:00Z" })));

    [Fact]
    public async Task AnUnknownPackageIsNotFound()
    {
        Seed();

        var response = await _query.HistoryAsync("PKG-404");

        Assert.Equal(404, response.StatusCode);
    }

    [Fact]
    public async Task AKnownPackageWithNothingInTheWindowIsAnEmptyPage()
    {
        Seed();

        var response = await _query.HistoryAsync("PKG-1", new() { ["from"] = "2026-11-24T09:00:00Z" });

        Assert.Equal(200, response.StatusCode);
        Assert.Empty(Page(response).Items);
    }

    [Fact]
    public async Task ACursorOfAnotherQueryIsRejected()
    {
        Seed();
        var cursor = Page(await _query.HistoryAsync("PKG-1", new() { ["limit"] = "1" })).NextCursor!;

        var response = await _query.HistoryAsync("PKG-1", new() { ["limit"] = "1", ["order"] = "desc", ["cursor"] = cursor });

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(ProblemTypes.InvalidCursor.Uri, IngestHarness.Problem(response).Type);
    }

    [Fact]
    public async Task ASearchCursorIsNotAHistoryCursor()
    {
        Seed();
        Seed("PKG-2");
        var cursor = JsonSerializer.Deserialize((await _query.SearchAsync(new() { ["status"] = "in_transit", ["limit"] = "1" })).Body!, ContractsJsonContext.Default.PackagePage)!.NextCursor!;

        var response = await _query.HistoryAsync("PKG-1", new() { ["cursor"] = cursor });

        Assert.Equal(400, response.StatusCode);
    }

    private Dictionary<string, string> SeededThen(Dictionary<string, string> query)
    {
        Seed();
        return query;
    }
}
