using System.Text.Json;

namespace Tracking.Integration.Tests;

[Collection(DynaliteCollection.Name)]
public sealed class QueryTests(DynaliteFixture fixture) : IDisposable
{
    private readonly Api _api = new(fixture);

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task UnknownPackageIsNotFound()
    {
        var id = Events.NewTrackingId();

        var state = await _api.GetStateAsync(id);
        var history = await _api.GetHistoryAsync(id);
        var track = await _api.GetLocationsAsync(id);

        Assert.Equal([404, 404, 404], new[] { state.Status, history.Status, track.Status });
        Assert.Equal("application/problem+json", state.Header("content-type"));
    }

    [Fact]
    public async Task StateCarriesAStrongETagAndAnswersNotModified()
    {
        var id = Events.NewTrackingId();
        await _api.PostEventAsync(id, Events.Json("in_transit", Events.At(0)));
        var first = await _api.GetStateAsync(id);
        var etag = first.Header("etag")!;

        var again = await _api.GetStateAsync(id, headers: new() { ["If-None-Match"] = etag });
        await _api.PostEventAsync(id, Events.Json("delivered", Events.At(5)));
        var changed = await _api.GetStateAsync(id, headers: new() { ["If-None-Match"] = etag });

        Assert.StartsWith("\"", etag);
        Assert.Equal(304, again.Status);
        Assert.Equal("", again.Body);
        Assert.Equal(200, changed.Status);
        Assert.NotEqual(etag, changed.Header("etag"));
    }

    [Fact]
    public async Task SingleEventIsReadBackById()
    {
        var id = Events.NewTrackingId();
        await _api.PostEventAsync(id, Events.Json("in_transit", Events.At(0), eventId: "scan:1.a"));

        var reply = await _api.GetEventAsync(id, "scan:1.a");
        var missing = await _api.GetEventAsync(id, "nope");

        Assert.Equal(200, reply.Status);
        Assert.Equal("scan:1.a", reply.Json.GetProperty("eventId").GetString());
        Assert.Equal(404, missing.Status);
    }

    [Fact]
    public async Task HistoryPagesOverMoreThanOneHundredEventsInTimeOrder()
    {
        var id = Events.NewTrackingId();
        var batch1 = string.Join(",", Enumerable.Range(0, 70).Select(i => Events.Json("in_transit", Events.At(i * 3 % 130), eventId: $"e{i:D3}", trackingId: id)));
        var batch2 = string.Join(",", Enumerable.Range(70, 60).Select(i => Events.Json("in_transit", Events.At(i * 3 % 130), eventId: $"e{i:D3}", trackingId: id)));
        Assert.Equal(200, (await _api.PostBatchAsync($$"""{"events":[{{batch1}}]}""")).Status);
        Assert.Equal(200, (await _api.PostBatchAsync($$"""{"events":[{{batch2}}]}""")).Status);

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var query = new Dictionary<string, string> { ["limit"] = "50" };
            if (cursor is not null) query["cursor"] = cursor;
            var page = (await _api.GetHistoryAsync(id, query)).Json;
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("timestamp").GetString()!));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(130, seen.Count);
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task HistoryFiltersByStatusTypeAndTimeWindowInDescendingOrder()
    {
        var id = Events.NewTrackingId();
        for (var i = 0; i < 12; i++)
        {
            var status = i % 3 == 0 ? "failed" : "in_transit";
            var type = i % 2 == 0 ? "delivery_attempt" : "status_update";
            await _api.PostEventAsync(id, Events.Json(status, Events.At(i), eventId: $"f{i}", eventType: type));
        }

        var reply = await _api.GetHistoryAsync(id, new()
        {
            ["status"] = "failed", ["eventType"] = "delivery_attempt", ["from"] = Events.At(0), ["to"] = Events.At(11), ["order"] = "desc", ["limit"] = "1",
        });
        var ids = new List<string>();
        var json = reply.Json;
        ids.AddRange(json.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()!));
        while (json.GetProperty("nextCursor").ValueKind != JsonValueKind.Null)
        {
            json = (await _api.GetHistoryAsync(id, new()
            {
                ["status"] = "failed", ["eventType"] = "delivery_attempt", ["from"] = Events.At(0), ["to"] = Events.At(11), ["order"] = "desc", ["limit"] = "1",
                ["cursor"] = json.GetProperty("nextCursor").GetString()!,
            })).Json;
            ids.AddRange(json.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()!));
        }

        Assert.Equal(["f6", "f0"], ids);
    }

    [Fact]
    public async Task TamperedOrForeignCursorIsRejected()
    {
        var a = Events.NewTrackingId();
        var b = Events.NewTrackingId();
        for (var i = 0; i < 3; i++)
        {
            await _api.PostEventAsync(a, Events.Json("in_transit", Events.At(i)));
            await _api.PostEventAsync(b, Events.Json("in_transit", Events.At(i)));
        }
        var cursor = (await _api.GetHistoryAsync(a, new() { ["limit"] = "1" })).Json.GetProperty("nextCursor").GetString()!;
        var tampered = cursor[..^2] + (cursor[^2] == 'A' ? "B" : "A") + cursor[^1];

        var foreign = await _api.GetHistoryAsync(b, new() { ["limit"] = "1", ["cursor"] = cursor });
        var altered = await _api.GetHistoryAsync(a, new() { ["limit"] = "1", ["cursor"] = tampered });
        var otherFilter = await _api.GetHistoryAsync(a, new() { ["limit"] = "1", ["order"] = "desc", ["cursor"] = cursor });
        var genuine = await _api.GetHistoryAsync(a, new() { ["limit"] = "1", ["cursor"] = cursor });

        Assert.Equal([400, 400, 400, 200], new[] { foreign.Status, altered.Status, otherFilter.Status, genuine.Status });
        Assert.Contains("invalid-cursor", foreign.Json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task LocationTrackIsAGeoJsonLineStringInTimeOrder()
    {
        var id = Events.NewTrackingId();
        await _api.PostEventAsync(id, Events.Json("in_transit", Events.At(20), lat: 45.5, lon: -122.6));
        await _api.PostEventAsync(id, Events.Json("pending", Events.At(0), lat: 47.6, lon: -122.3));
        await _api.PostEventAsync(id, Events.Json("in_transit", Events.At(10)));
        await _api.PostEventAsync(id, Events.Json("delivered", Events.At(30), lat: 37.7, lon: -122.4));

        var reply = await _api.GetLocationsAsync(id);

        Assert.Equal(200, reply.Status);
        Assert.Equal("application/geo+json", reply.Header("content-type"));
        var feature = reply.Json;
        Assert.Equal("Feature", feature.GetProperty("type").GetString());
        Assert.Equal("LineString", feature.GetProperty("geometry").GetProperty("type").GetString());
        var coordinates = feature.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(p => (p[0].GetDouble(), p[1].GetDouble())).ToList();
        Assert.Equal([(-122.3, 47.6), (-122.6, 45.5), (-122.4, 37.7)], coordinates);
        Assert.Equal(["pending", "in_transit", "delivered"], feature.GetProperty("properties").GetProperty("statuses").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task SinglePositionIsAGeoJsonPoint()
    {
        var id = Events.NewTrackingId();
        await _api.PostEventAsync(id, Events.Json("pending", Events.At(0), lat: 10, lon: 20));

        var geometry = (await _api.GetLocationsAsync(id)).Json.GetProperty("geometry");

        Assert.Equal("Point", geometry.GetProperty("type").GetString());
        Assert.Equal([20.0, 10.0], geometry.GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()));
    }

    [Fact]
    public async Task InvalidQueryParametersNameTheirFields()
    {
        var reply = await _api.GetHistoryAsync(Events.NewTrackingId(), new() { ["limit"] = "500", ["order"] = "sideways", ["from"] = "yesterday", ["status"] = "lost" });

        Assert.Equal(400, reply.Status);
        var fields = reply.Json.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToHashSet();
        Assert.Equal(new HashSet<string?> { "limit", "order", "from", "status" }, fields);
    }

    [Fact]
    public async Task PackageWithoutPositionsHasANullGeometry()
    {
        var id = Events.NewTrackingId();
        await _api.PostEventAsync(id, Events.Json("pending", Events.At(0)));

        var feature = (await _api.GetLocationsAsync(id)).Json;

        Assert.Equal(JsonValueKind.Null, feature.GetProperty("geometry").ValueKind);
    }
}
