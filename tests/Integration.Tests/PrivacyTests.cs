using Amazon.DynamoDBv2.Model;

namespace Tracking.Integration.Tests;

/// <summary>Object-level access, export, erasure and audit through both functions on DynamoDB (dynalite).</summary>
[Collection(DynaliteCollection.Name)]
public sealed class PrivacyTests(DynaliteFixture fixture) : IDisposable
{
    private readonly Api _api = new(fixture, retentionDays: "30");

    public void Dispose() => _api.Dispose();

    private async Task<int[]> ReadStatusesAsync(string id, string key)
        =>
        [
            (await _api.GetStateAsync(id, key)).Status,
            (await _api.GetHistoryAsync(id, key: key)).Status,
            (await _api.GetEventAsync(id, "a-1", key)).Status,
            (await _api.GetLocationsAsync(id, key: key)).Status,
        ];

    private async Task<Dictionary<string, AttributeValue>> RawAsync(string pk, string sk)
        => (await fixture.Admin.GetItemAsync(new GetItemRequest { TableName = DynaliteFixture.TableName, Key = new() { ["pk"] = new() { S = pk }, ["sk"] = new() { S = sk } }, ConsistentRead = true })).Item;

    [Fact]
    public async Task APartnerReadsOnlyPackagesItContributedToAndAReaderReadsThemAll()
    {
        var id = Events.NewTrackingId();
        await _api.PostEventAsync(id, Events.Json("in_transit", Events.At(0), "a-1", 47.6, -122.3));

        var other = await ReadStatusesAsync(id, Api.OtherPartnerKey);
        var owner = await ReadStatusesAsync(id, Api.PartnerKey);
        var reader = await ReadStatusesAsync(id, Api.ReaderKey);
        await _api.PostEventAsync(id, Events.Json("in_transit", Events.At(1), "g-1"), Api.OtherPartnerKey);
        var contributed = await ReadStatusesAsync(id, Api.OtherPartnerKey);

        Assert.Equal([404, 404, 404, 404], other);
        Assert.Equal([200, 200, 200, 200], owner);
        Assert.Equal([200, 200, 200, 200], reader);
        Assert.Equal([200, 200, 200, 200], contributed);
    }

    [Fact]
    public async Task AHiddenPackageAnswersExactlyLikeAMissingOne()
    {
        var id = Events.NewTrackingId();
        await _api.PostEventAsync(id, Events.Json("in_transit", Events.At(0)));

        var hidden = await _api.GetStateAsync(id, Api.OtherPartnerKey);
        var missing = await _api.GetStateAsync(Events.NewTrackingId(), Api.OtherPartnerKey);

        static string Shape(Reply r) => string.Join(",", r.Json.EnumerateObject().Select(p => p.Name + (p.Name is "type" or "title" or "status" ? "=" + p.Value.GetRawText() : "")));
        Assert.Equal((missing.Status, Shape(missing)), (hidden.Status, Shape(hidden)));
        Assert.Equal($"no package with tracking id '{id}'", hidden.Json.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ARetriedDuplicateMakesItsSenderAContributor()
    {
        var id = Events.NewTrackingId();
        var body = Events.Json("in_transit", Events.At(0), "same-1");
        await _api.PostEventAsync(id, body);

        var duplicate = await _api.PostEventAsync(id, body, Api.OtherPartnerKey);

        Assert.Equal(200, duplicate.Status);
        Assert.Equal(200, (await _api.GetStateAsync(id, Api.OtherPartnerKey)).Status);
    }

    [Fact]
    public async Task SearchIsRefusedToPartners()
        => Assert.Equal(403, (await _api.SearchAsync(new() { ["status"] = "in_transit" }, Api.PartnerKey)).Status);

    [Fact]
    public async Task TheExportEqualsTheHistoryAndContinuesPastFiveHundredEvents()
    {
        var id = Events.NewTrackingId();
        for (var chunk = 0; chunk < 6; chunk++)
        {
            var items = Enumerable.Range(chunk * 100, 100).Select(i => Events.Json("in_transit", Events.At(i), $"x-{i:D3}", 47.6, -122.3, metadata: """{"hub":"SEA"}""", trackingId: id));
            Assert.Equal(200, (await _api.PostBatchAsync($$"""{"events":[{{string.Join(",", items)}}]}""")).Status);
        }

        var exported = new List<string>();
        var first = await _api.ExportAsync(id);
        exported.AddRange(first.Json.GetProperty("events").EnumerateArray().Select(e => e.GetRawText()));
        var second = await _api.ExportAsync(id, new() { ["cursor"] = first.Json.GetProperty("nextCursor").GetString()! });
        exported.AddRange(second.Json.GetProperty("events").EnumerateArray().Select(e => e.GetRawText()));
        var history = new List<string>();
        string? cursor = null;
        do
        {
            var page = (await _api.GetHistoryAsync(id, cursor is null ? new() { ["limit"] = "100" } : new() { ["limit"] = "100", ["cursor"] = cursor })).Json;
            history.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetRawText()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal((200, 500, 100), (first.Status, first.Json.GetProperty("events").GetArrayLength(), second.Json.GetProperty("events").GetArrayLength()));
        Assert.Equal(["acme"], first.Json.GetProperty("contributors").EnumerateArray().Select(c => c.GetString()));
        Assert.False(second.Json.TryGetProperty("state", out _));
        Assert.Equal(history, exported);
    }

    [Fact]
    public async Task AfterErasureEveryReadIsNotFoundSearchForgetsItALateUpdateIsGoneAndOnlyTheTombstoneRemains()
    {
        var id = Events.NewTrackingId();
        await _api.PostEventAsync(id, Events.Json("in_transit", Events.At(0), "a-1", 47.6, -122.3, metadata: """{"hub":"SEA"}"""));
        await _api.PostEventAsync(id, Events.Json("delivered", Events.At(9), "a-2"));

        var erased = await _api.EraseAsync(id);
        var reads = await ReadStatusesAsync(id, Api.ReaderKey);
        var search = await _api.SearchAsync(new() { ["status"] = "delivered", ["limit"] = "100" });
        var late = await _api.PostEventAsync(id, Events.Json("delivered", Events.At(30), "late-1"));
        var retry = await _api.PostEventAsync(id, Events.Json("in_transit", Events.At(0), "a-1", 47.6, -122.3, metadata: """{"hub":"SEA"}"""));
        var tombstone = await RawAsync("PKG#" + id, "STATE");

        Assert.Equal(204, erased.Status);
        Assert.Equal([404, 404, 404, 404], reads);
        Assert.DoesNotContain(search.Json.GetProperty("items").EnumerateArray(), p => p.GetProperty("trackingId").GetString() == id);
        Assert.Equal((410, 410), (late.Status, retry.Status));
        Assert.Equal(0, await Events.CountStoredEventsAsync(fixture, id));
        Assert.Equal(["erasedAt", "erasure", "expiresAt", "pk", "sk"], tombstone.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("complete", tombstone["erasure"].S);
    }

    [Fact]
    public async Task EveryItemTypeCarriesATimeToLiveTombstoneAndAuditRecordIncluded()
    {
        var id = Events.NewTrackingId();
        await _api.PostEventAsync(id, Events.Json("in_transit", Events.At(0), "a-1"));
        var eventItem = await RawAsync("PKG#" + id, "EVT#a-1");
        var state = await RawAsync("PKG#" + id, "STATE");

        await _api.EraseAsync(id);
        var tombstone = await RawAsync("PKG#" + id, "STATE");
        var audit = (await fixture.Admin.QueryAsync(new QueryRequest
        {
            TableName = DynaliteFixture.TableName,
            KeyConditionExpression = "pk = :pk",
            ExpressionAttributeValues = new() { [":pk"] = new() { S = "AUDIT#" + (await _api.AuditAsync(id)).Json.GetProperty("subject").GetString() } },
        })).Items;

        Assert.All(new[] { eventItem, state, tombstone }.Concat(audit), item => Assert.True(item.ContainsKey("expiresAt"), string.Join(",", item.Keys)));
        var now = DateTimeOffset.UtcNow;
        Assert.InRange(long.Parse(tombstone["expiresAt"].N, System.Globalization.CultureInfo.InvariantCulture), now.AddDays(89).ToUnixTimeSeconds(), now.AddDays(91).ToUnixTimeSeconds());
        Assert.InRange(long.Parse(audit[0]["expiresAt"].N, System.Globalization.CultureInfo.InvariantCulture), now.AddDays(1095).ToUnixTimeSeconds(), now.AddDays(1097).ToUnixTimeSeconds());
        Assert.All(audit, item => Assert.DoesNotContain(id, string.Join(" ", item.Values.Select(v => v.S ?? v.N))));
    }

    [Fact]
    public async Task TheAuditTrailListsEachExportAndErasureNewestFirstForThePrivacyDesk()
    {
        var id = Events.NewTrackingId();
        await _api.PostEventAsync(id, Events.Json("in_transit", Events.At(0)));
        await _api.ExportAsync(id);
        await _api.EraseAsync(id);

        var audit = await _api.AuditAsync(id);
        var byPartner = await _api.AuditAsync(id, Api.PartnerKey);

        Assert.Equal(200, audit.Status);
        Assert.Equal([("erase", "dpo", "complete"), ("export", "dpo", "complete")],
            audit.Json.GetProperty("items").EnumerateArray().Select(a => (a.GetProperty("action").GetString(), a.GetProperty("client").GetString(), a.GetProperty("outcome").GetString())));
        Assert.Equal(403, byPartner.Status);
    }
}
