using System.Text.Json;

namespace Tracking.Integration.Tests;

[Collection(DynaliteCollection.Name)]
public sealed class SearchTests(DynaliteFixture fixture) : IDisposable
{
    private readonly Api _api = new(fixture);

    public void Dispose() => _api.Dispose();

    /// <summary>Each test searches a time window only its own packages were updated in, because the table is shared.</summary>
    private static FakeTimeProvider ClockAt(int day) => new(new DateTimeOffset(2030, 1, day, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task SearchPagesThroughEveryShardNewestUpdateFirstWithoutRepeats()
    {
        var clock = ClockAt(1);
        using var api = new Api(fixture, clock);
        var ids = new List<string>();
        for (var i = 0; i < 45; i++)
        {
            var id = Events.NewTrackingId("S");
            ids.Add(id);
            clock.Advance(TimeSpan.FromSeconds(1));
            await api.PostEventAsync(id, Events.Json("in_transit", Events.At(i)));
        }

        var found = new List<(string Id, string UpdatedAt)>();
        string? cursor = null;
        do
        {
            var query = new Dictionary<string, string> { ["status"] = "in_transit", ["limit"] = "7", ["updatedAfter"] = "2030-01-01T00:00:00Z", ["updatedBefore"] = "2030-01-02T00:00:00Z" };
            if (cursor is not null) query["cursor"] = cursor;
            var page = (await api.SearchAsync(query)).Json;
            found.AddRange(page.GetProperty("items").EnumerateArray().Select(p => (p.GetProperty("trackingId").GetString()!, p.GetProperty("updatedAt").GetString()!)));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && found.Count < 100);

        Assert.Equal(ids.Order(), found.Select(f => f.Id).Order());
        Assert.Equal(found.Select(f => f.UpdatedAt).OrderDescending(StringComparer.Ordinal), found.Select(f => f.UpdatedAt));
        Assert.Equal(Enumerable.Reverse(ids), found.Select(f => f.Id));
    }

    [Fact]
    public async Task PackageMovesBetweenStatusesInSearch()
    {
        var clock = ClockAt(3);
        using var api = new Api(fixture, clock);
        var id = Events.NewTrackingId("M");
        await api.PostEventAsync(id, Events.Json("in_transit", Events.At(0)));
        clock.Advance(TimeSpan.FromMinutes(1));
        await api.PostEventAsync(id, Events.Json("delivered", Events.At(1)));

        var window = new Dictionary<string, string> { ["updatedAfter"] = "2030-01-03T00:00:00Z", ["updatedBefore"] = "2030-01-04T00:00:00Z" };
        var inTransit = (await api.SearchAsync(new(window) { ["status"] = "in_transit" })).Json.GetProperty("items");
        var delivered = (await api.SearchAsync(new(window) { ["status"] = "delivered" })).Json.GetProperty("items");

        Assert.Empty(inTransit.EnumerateArray());
        Assert.Equal([id], delivered.EnumerateArray().Select(p => p.GetProperty("trackingId").GetString()));
    }

    [Fact]
    public async Task UpdatedWindowBoundsAreExclusive()
    {
        var clock = ClockAt(5);
        using var api = new Api(fixture, clock);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = Events.NewTrackingId("W");
            ids.Add(id);
            clock.Advance(TimeSpan.FromHours(1));
            await api.PostEventAsync(id, Events.Json("failed", Events.At(i)));
        }

        var reply = await api.SearchAsync(new() { ["status"] = "failed", ["updatedAfter"] = "2030-01-05T13:00:00Z", ["updatedBefore"] = "2030-01-05T15:00:00Z" });

        Assert.Equal([ids[1]], reply.Json.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("trackingId").GetString()));
    }

    [Fact]
    public async Task SearchRequiresAValidStatus()
    {
        var missing = await _api.SearchAsync([]);
        var unknown = await _api.SearchAsync(new() { ["status"] = "lost" });

        Assert.Equal(400, missing.Status);
        Assert.Equal(400, unknown.Status);
        Assert.Equal("status", missing.Json.GetProperty("errors")[0].GetProperty("field").GetString());
    }
}
