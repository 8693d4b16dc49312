using System.Text.Json;

namespace Tracking.Integration.Tests;

[Collection(DynaliteCollection.Name)]
public sealed class IngestTests(DynaliteFixture fixture) : IDisposable
{
    private readonly Api _api = new(fixture);

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task CreatedEventIsReturnedWithServerFieldsAndLocation()
    {
        var id = Events.NewTrackingId();

        var reply = await _api.PostEventAsync(id, Events.Json("in_transit", "2026-01-10T09:00:00+01:00", lat: 47.6, lon: -122.3, metadata: """{"hub":"SEA","pieces":2,"fragile":true}"""));

        Assert.Equal(201, reply.Status);
        var body = reply.Json;
        Assert.Equal(id, body.GetProperty("trackingId").GetString());
        Assert.Equal("2026-01-10T08:00:00Z", body.GetProperty("timestamp").GetString());
        Assert.Equal("acme", body.GetProperty("source").GetString());
        Assert.Equal("status_update", body.GetProperty("eventType").GetString());
        Assert.StartsWith("auto-", body.GetProperty("eventId").GetString());
        Assert.True(body.TryGetProperty("receivedAt", out _));
        Assert.Equal(2, body.GetProperty("metadata").GetProperty("pieces").GetInt32());
        Assert.True(body.GetProperty("metadata").GetProperty("fragile").GetBoolean());
        Assert.Equal($"/v1/tracking/{id}/events/{body.GetProperty("eventId").GetString()}", reply.Header("location"));
    }

    [Fact]
    public async Task DuplicateEventIsStoredOnce()
    {
        var id = Events.NewTrackingId();
        var json = Events.Json("in_transit", Events.At(0), eventId: "scan-1");
        await _api.PostEventAsync(id, json);

        var retry = await _api.PostEventAsync(id, json);

        Assert.Equal(200, retry.Status);
        Assert.True(retry.Json.GetProperty("duplicate").GetBoolean());
        Assert.Equal(1, await Events.CountStoredEventsAsync(fixture, id));
        Assert.Equal(1, (await _api.GetStateAsync(id)).Json.GetProperty("eventCount").GetInt32());
    }

    [Fact]
    public async Task RetryWithoutEventIdIsRecognisedByContent()
    {
        var id = Events.NewTrackingId();
        await _api.PostEventAsync(id, """{"status":"pending","timestamp":"2026-01-10T08:00:00Z","metadata":{"a":1.50,"b":"x"}}""");

        var retry = await _api.PostEventAsync(id, """{"metadata":{"b":"x","a":1.5},"timestamp":"2026-01-10T09:00:00+01:00","status":"pending"}""");

        Assert.Equal(200, retry.Status);
        Assert.Equal(1, await Events.CountStoredEventsAsync(fixture, id));
    }

    [Fact]
    public async Task SameEventIdWithDifferentContentIsAConflict()
    {
        var id = Events.NewTrackingId();
        await _api.PostEventAsync(id, Events.Json("in_transit", Events.At(0), eventId: "scan-1"));

        var conflict = await _api.PostEventAsync(id, Events.Json("delivered", Events.At(5), eventId: "scan-1"));

        Assert.Equal(409, conflict.Status);
        Assert.Equal("application/problem+json", conflict.Header("content-type"));
        Assert.Equal("in_transit", (await _api.GetStateAsync(id)).Json.GetProperty("status").GetString());
        Assert.Equal(1, await Events.CountStoredEventsAsync(fixture, id));
    }

    [Fact]
    public async Task ConcurrentRetriesStoreExactlyOneEvent()
    {
        var id = Events.NewTrackingId();
        var json = Events.Json("in_transit", Events.At(0), eventId: "burst");
        var apis = Enumerable.Range(0, 8).Select(_ => new Api(fixture)).ToList();

        var replies = await Task.WhenAll(apis.Select(api => api.PostEventAsync(id, json)));

        Assert.Single(replies, r => r.Status == 201);
        Assert.All(replies.Where(r => r.Status != 201), r => Assert.Equal(200, r.Status));
        Assert.Equal(1, await Events.CountStoredEventsAsync(fixture, id));
        Assert.Equal(1, (await _api.GetStateAsync(id)).Json.GetProperty("eventCount").GetInt32());
        apis.ForEach(a => a.Dispose());
    }

    [Fact]
    public async Task OlderEventArrivingLateNeverOverwritesNewerState()
    {
        var id = Events.NewTrackingId();
        await _api.PostEventAsync(id, Events.Json("delivered", Events.At(60), eventId: "late-2", lat: 1, lon: 2));

        var late = await _api.PostEventAsync(id, Events.Json("in_transit", Events.At(10), eventId: "late-1", lat: 3, lon: 4));

        Assert.Equal(201, late.Status);
        var state = (await _api.GetStateAsync(id)).Json;
        Assert.Equal("delivered", state.GetProperty("status").GetString());
        Assert.Equal("late-2", state.GetProperty("eventId").GetString());
        Assert.Equal(1, state.GetProperty("location").GetProperty("lat").GetDouble());
        Assert.Equal(2, state.GetProperty("eventCount").GetInt32());
    }

    [Fact]
    public async Task ArrivalOrderDoesNotChangeTheFinalState()
    {
        var first = Events.NewTrackingId();
        var second = Events.NewTrackingId();
        var events = new[]
        {
            Events.Json("pending", Events.At(0), eventId: "e0"),
            Events.Json("in_transit", Events.At(30), eventId: "e1"),
            Events.Json("failed", Events.At(30), eventId: "e2"),
            Events.Json("delivered", Events.At(20), eventId: "e3"),
        };

        foreach (var e in events) await _api.PostEventAsync(first, e);
        foreach (var e in events.Reverse()) await _api.PostEventAsync(second, e);

        var a = (await _api.GetStateAsync(first)).Json;
        var b = (await _api.GetStateAsync(second)).Json;
        Assert.Equal("e2", a.GetProperty("eventId").GetString());
        Assert.Equal(a.GetProperty("eventId").GetString(), b.GetProperty("eventId").GetString());
        Assert.Equal(a.GetProperty("status").GetString(), b.GetProperty("status").GetString());
        Assert.Equal(4, b.GetProperty("eventCount").GetInt32());
    }

    [Fact]
    public async Task BatchStoresValidItemsAndReportsEachInRequestOrder()
    {
        var id = Events.NewTrackingId();
        await _api.PostEventAsync(id, Events.Json("pending", Events.At(0), eventId: "b-dup"));
        var batch = $$"""
            {"events": [
              {{Events.Json("in_transit", Events.At(1), eventId: "b-new", trackingId: id)}},
              {{Events.Json("pending", Events.At(0), eventId: "b-dup", trackingId: id)}},
              {{Events.Json("failed", Events.At(2), eventId: "b-dup", trackingId: id)}},
              {"trackingId": "{{id}}", "status": "lost", "timestamp": "yesterday"},
              "not an object"
            ]}
            """;

        var reply = await _api.PostBatchAsync(batch);

        Assert.Equal(200, reply.Status);
        var items = reply.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["created", "duplicate", "conflict", "invalid", "invalid"], items.Select(i => i.GetProperty("result").GetString()));
        Assert.Equal([0, 1, 2, 3, 4], items.Select(i => i.GetProperty("index").GetInt32()));
        var invalidFields = items[3].GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Contains("status", invalidFields);
        Assert.Contains("timestamp", invalidFields);
        Assert.Equal(2, await Events.CountStoredEventsAsync(fixture, id));
    }

    [Fact]
    public async Task ConsumedCapacityOfEveryCallIsReportedPerRequest()
    {
        var id = Events.NewTrackingId();

        await _api.PostEventAsync(id, Events.Json("pending", Events.At(0)));

        var line = _api.MetricLines().Last();
        Assert.Equal("POST /v1/tracking/{trackingId}/events", line.GetProperty("Route").GetString());
        Assert.Equal(3, line.GetProperty("DynamoDbCalls").GetInt32()); // put, count, state update
        Assert.True(line.GetProperty("WriteCapacityUnits").GetDouble() >= 2, line.ToString());
        Assert.True(line.GetProperty("ReadCapacityUnits").GetDouble() > 0, line.ToString());
        Assert.True(line.GetProperty("EstimatedCostUsd").GetDecimal() > 0);
    }

    [Fact]
    public async Task RetentionSetsTimeToLiveOnStoredItems()
    {
        using var api = new Api(fixture, retentionDays: "30");
        var id = Events.NewTrackingId();

        await api.PostEventAsync(id, Events.Json("pending", Events.At(0), eventId: "ttl"));

        var item = await fixture.Admin.GetItemAsync(DynaliteFixture.TableName, new() { ["pk"] = new() { S = "PKG#" + id }, ["sk"] = new() { S = "EVT#ttl" } });
        var expires = long.Parse(item.Item["expiresAt"].N, System.Globalization.CultureInfo.InvariantCulture);
        var days = (DateTimeOffset.FromUnixTimeSeconds(expires) - DateTimeOffset.UtcNow).TotalDays;
        Assert.InRange(days, 29.9, 30.1);
    }

    [Fact]
    public async Task ReaderKeyCannotWrite()
    {
        var reply = await _api.PostEventAsync(Events.NewTrackingId(), Events.Json("pending", Events.At(0)), key: Api.ReaderKey);

        Assert.Equal(403, reply.Status);
        Assert.Contains("insufficient-role", reply.Json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task EveryValidationRuleNamesItsField()
    {
        var reply = await _api.PostEventAsync(Events.NewTrackingId(),
            """{"status":"lost","timestamp":"2026-01-10 08:00","location":{"lat":91,"lon":-181},"eventType":"teleport","eventId":"bad id!","metadata":{"nested":{"x":1}}}""");

        Assert.Equal(400, reply.Status);
        var fields = reply.Json.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToHashSet();
        Assert.Equal(new HashSet<string?> { "status", "timestamp", "location.lat", "location.lon", "eventType", "eventId", "metadata.nested" }, fields);
    }

    [Fact]
    public async Task UnknownFieldIsRejectedByName()
    {
        var reply = await _api.PostEventAsync(Events.NewTrackingId(), """{"status":"pending","timestamp":"2026-01-10T08:00:00Z","timeStamp":"x"}""");

        Assert.Equal(400, reply.Status);
        Assert.Equal("timeStamp", reply.Json.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task RepeatedEventIdInOneBatchIsDecidedByRequestOrder()
    {
        var id = Events.NewTrackingId();
        var items = string.Join(",", Enumerable.Range(0, 6).Select(i => Events.Json(i == 0 ? "pending" : "failed", Events.At(i), eventId: "same", trackingId: id)));

        var reply = await _api.PostBatchAsync($$"""{"events":[{{items}}]}""");

        var results = reply.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("result").GetString()).ToList();
        Assert.Equal(["created", "conflict", "conflict", "conflict", "conflict", "conflict"], results);
        Assert.Equal("pending", (await _api.GetStateAsync(id)).Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task MetadataLimitCountsUtf8BytesNotEscapes()
    {
        var text = new string('\u00e9', 900);

        var reply = await _api.PostEventAsync(Events.NewTrackingId(), Events.Json("pending", Events.At(0), metadata: $$"""{"note":"{{text}}"}"""));

        Assert.Equal(201, reply.Status);
    }

    [Fact]
    public async Task LocationCarriesTheStageWhenCalledThroughTheExecuteApiUrl()
    {
        var id = Events.NewTrackingId();

        var reply = await _api.PostEventAsync(id, Events.Json("pending", Events.At(0), eventId: "staged"), stage: "prod");

        Assert.Equal($"/prod/v1/tracking/{id}/events/staged", reply.Header("location"));
    }
}
