using Amazon.DynamoDBv2.Model;
using Tracking.Contracts.Storage;
using Tracking.Functions.Observability;
using Tracking.Functions.Storage;
using Tracking.Functions.Storage.DynamoDb;

namespace Tracking.Functions.Tests.Storage.DynamoDb;

/// <summary>The DynamoDB reads: the requests they build, the page positions they issue and accept, what they account.</summary>
public sealed class DynamoDbReadStoreTests
{
    private const string EventTimeKey = "2026-11-24T08:15:00.0000000Z#e-9";
    private readonly ScriptedDynamoDb _db = new();
    private readonly RequestMetrics _metrics = new();
    private readonly DynamoDbReadStore _store;

    public DynamoDbReadStoreTests() => _store = new DynamoDbReadStore(_db, "tracking");

    private static HistoryQuery History(string? status = null) => new("PKG-1", status, null, null, null, true, 10);

    private static Dictionary<string, AttributeValue> HistoryKey(string trackingId) => new()
    {
        [TrackingTable.PartitionKey] = new() { S = ItemKeys.PackageKey(trackingId) },
        [TrackingTable.SortKey] = new() { S = "EVT#e-9" },
        [TrackingTable.EventTimeSortKey] = new() { S = EventTimeKey },
    };

    [Fact]
    public async Task AHistoryPageEndingEarlyIssuesTheEventTimeKeyOfTheLastItemEvaluated()
    {
        _db.OnQuery = _ => new QueryResponse { Items = [], LastEvaluatedKey = HistoryKey("PKG-1") };

        var page = await _store.ReadHistoryAsync(History(), null, _metrics, CancellationToken.None);

        Assert.Equal(new PagePosition(EventTimeKey), page.Next);
    }

    [Fact]
    public async Task AHistoryPositionResumesInTheQueriedPackageOnly()
    {
        await _store.ReadHistoryAsync(History() with { TrackingId = "PKG-2" }, new PagePosition(EventTimeKey), _metrics, CancellationToken.None);

        var start = Assert.IsType<QueryRequest>(Assert.Single(_db.Calls)).ExclusiveStartKey;
        Assert.Equal(HistoryKey("PKG-2").ToDictionary(p => p.Key, p => p.Value.S), start.ToDictionary(p => p.Key, p => p.Value.S));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-11-24T08:15:00.0000000Z")]
    [InlineData("2026-11-24T08:15:00.0000000Z#")]
    [InlineData("2026-11-24T08:15:00.0000000Z#bad/id")]
    [InlineData("-|-|-|-|-|-|-|-")]
    public async Task AHistoryPositionThatIsNotAnEventTimeKeyIsRejected(string token)
        => await Assert.ThrowsAsync<InvalidPagePositionException>(() => _store.ReadHistoryAsync(History(), new PagePosition(token), _metrics, CancellationToken.None));

    [Fact]
    public async Task AFilteredHistoryKeepsQueryingUntilThePageIsFull()
    {
        var calls = 0;
        _db.OnQuery = _ => new QueryResponse { Items = [], LastEvaluatedKey = ++calls < 3 ? HistoryKey("PKG-1") : null, ConsumedCapacity = ScriptedDynamoDb.Units(0.5) };

        await _store.ReadHistoryAsync(History(status: "delivered"), null, _metrics, CancellationToken.None);

        Assert.Equal((3, 1.5), (_metrics.DynamoDbCalls, _metrics.ReadUnits));
        Assert.Equal("#status = :status", ((QueryRequest)_db.Calls[0]).FilterExpression);
    }

    [Fact]
    public async Task AFirstSearchQueriesEveryShardOfTheStatus()
    {
        await _store.SearchStatusAsync(new StatusQuery("in_transit", null, null, 5), null, _metrics, CancellationToken.None);

        var partitions = _db.Calls.Cast<QueryRequest>().Select(q => q.ExpressionAttributeValues[":p"].S).Order(StringComparer.Ordinal);
        Assert.Equal(Enumerable.Range(0, TrackingTable.StatusIndexShards).Select(s => ItemKeys.StatusPartition("in_transit", s)), partitions);
    }

    [Fact]
    public async Task ASearchPositionSkipsExhaustedShardsAndResumesTheOthersAfterTheirLastItem()
    {
        const string last = "2026-11-24T12:00:00.0000000Z#PKG-7";
        var position = new PagePosition(string.Join('|', ["", last, "-", "", "", "", "", ""]));

        await _store.SearchStatusAsync(new StatusQuery("in_transit", null, null, 5), position, _metrics, CancellationToken.None);

        var queries = _db.Calls.Cast<QueryRequest>().OrderBy(q => q.ExpressionAttributeValues[":p"].S, StringComparer.Ordinal).ToList();
        Assert.Equal(2, queries.Count);
        Assert.Equal((last, "PKG#PKG-7"), (queries[0].ExclusiveStartKey[TrackingTable.StatusSortKey].S, queries[0].ExclusiveStartKey[TrackingTable.PartitionKey].S));
        Assert.Null(queries[1].ExclusiveStartKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-|-")]
    [InlineData("2026-11-24T08:15:00.0000000Z#e-9")]
    public async Task ASearchPositionWithoutOneEntryPerShardIsRejected(string token)
        => await Assert.ThrowsAsync<InvalidPagePositionException>(
            () => _store.SearchStatusAsync(new StatusQuery("in_transit", null, null, 5), new PagePosition(token), _metrics, CancellationToken.None));

    [Fact]
    public async Task TheTrackProjectsOnlyTheLocatedEventsFields()
    {
        await _store.ReadTrackAsync(new TrackQuery("PKG-1", null, null, 10), _metrics, CancellationToken.None);

        var query = Assert.IsType<QueryRequest>(Assert.Single(_db.Calls));
        Assert.Equal(("attribute_exists(#lat)", TrackingTable.EventTimeIndex, 11), (query.FilterExpression, query.IndexName, query.Limit));
        Placeholders.AssertConsistent(query.ExpressionAttributeNames, query.ExpressionAttributeValues, query.KeyConditionExpression, query.FilterExpression, query.ProjectionExpression);
    }

    [Fact]
    public async Task EveryReadIsAccounted()
    {
        _db.OnGet = _ => new GetItemResponse { ConsumedCapacity = new ConsumedCapacity { ReadCapacityUnits = 0.5 } };

        await _store.GetStateAsync("PKG-1", _metrics, CancellationToken.None);
        await _store.GetEventAsync("PKG-1", "e-1", _metrics, CancellationToken.None);

        Assert.Equal((2, 1.0), (_metrics.DynamoDbCalls, _metrics.ReadUnits));
    }
}
