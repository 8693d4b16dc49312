using Amazon.DynamoDBv2.Model;
using Tracking.Contracts.Storage;
using Tracking.Functions.Observability;
using Tracking.Functions.Storage;
using Tracking.Functions.Storage.DynamoDb;

namespace Tracking.Functions.Tests.Storage.DynamoDb;

/// <summary>The DynamoDB append path: which writes it makes, how it reads DynamoDB's answers, what it accounts.</summary>
public sealed class DynamoDbWriteStoreTests
{
    private static readonly DateTime ReceivedAt = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);
    private readonly ScriptedDynamoDb _db = new();
    private readonly RequestMetrics _metrics = new();

    public DynamoDbWriteStoreTests() => _db.OnQuery = _ => new QueryResponse { Count = 1, ConsumedCapacity = ScriptedDynamoDb.Units(0.5) };

    private DynamoDbWriteStore Store(long? ttl = null) => new(_db, "tracking", _ => ttl);

    private static Contracts.Validation.ValidatedEvent Event(string status = "in_transit") => StoreEvents.ValidOrThrow($$"""{"status":"{{status}}","timestamp":"2026-11-24T08:15:00Z","eventId":"e-1"}""");

    private static ConditionalCheckFailedException ConditionFailed(Dictionary<string, AttributeValue>? old = null) => new("The conditional request failed") { Item = old };

    [Fact]
    public async Task ANewEventIsPutOnceThenCountedThenFoldedIntoTheStateWithTheCount()
    {
        var result = await Store().AppendAsync(Event(), "acme", ReceivedAt, _metrics, CancellationToken.None);

        Assert.Equal(AppendOutcome.Created, result.Outcome);
        Assert.Collection(_db.Calls,
            put => Assert.Equal("attribute_not_exists(#pk)", Assert.IsType<PutItemRequest>(put).ConditionExpression),
            query => Assert.Equal((Amazon.DynamoDBv2.Select.COUNT, true), (Assert.IsType<QueryRequest>(query).Select, query is QueryRequest { ConsistentRead: true })),
            update => Assert.Equal("1", Assert.IsType<UpdateItemRequest>(update).ExpressionAttributeValues[":count"].N));
    }

    [Fact]
    public async Task ThePutTheSdkRetriedAfterItHadAppliedIsStillCreatedNotDuplicate()
    {
        _db.OnPut = put => throw ConditionFailed(put.Item); // the first attempt applied; this is the SDK's retry

        var result = await Store().AppendAsync(Event(), "acme", ReceivedAt, _metrics, CancellationToken.None);

        Assert.Equal(AppendOutcome.Created, result.Outcome);
    }

    [Fact]
    public async Task AnotherArrivalOfTheSameEventIsADuplicate()
    {
        var earlier = EventItemMapper.ToItem(Event(), ReceivedAt, "acme", null);
        earlier[ItemAttributes.WriteToken] = new AttributeValue { S = "another-arrival" };
        _db.OnPut = _ => throw ConditionFailed(earlier);

        var result = await Store().AppendAsync(Event(), "acme", ReceivedAt, _metrics, CancellationToken.None);

        Assert.Equal(AppendOutcome.Duplicate, result.Outcome);
    }

    [Fact]
    public async Task TheCountSumsEveryPageOfTheCountQuery()
    {
        var pages = 0;
        _db.OnQuery = _ => ++pages == 1
            ? new QueryResponse { Count = 40, LastEvaluatedKey = new() { ["pk"] = new() { S = "PKG#PKG-123" }, ["sk"] = new() { S = "EVT#x" } } }
            : new QueryResponse { Count = 2 };

        await Store().AppendAsync(Event(), "acme", ReceivedAt, _metrics, CancellationToken.None);

        Assert.Equal("42", Assert.IsType<UpdateItemRequest>(_db.Calls[^1]).ExpressionAttributeValues[":count"].N);
    }

    [Fact]
    public async Task TheConsumedCapacityOfEveryWriteIsAccounted()
    {
        _db.OnPut = _ => new PutItemResponse { ConsumedCapacity = ScriptedDynamoDb.Units(1) };
        _db.OnUpdate = _ => new UpdateItemResponse { ConsumedCapacity = new ConsumedCapacity { WriteCapacityUnits = 2.5 } };

        await Store().AppendAsync(Event(), "acme", ReceivedAt, _metrics, CancellationToken.None);

        Assert.Equal((3, 3.5, 0.5), (_metrics.DynamoDbCalls, _metrics.WriteUnits, _metrics.ReadUnits));
    }

    [Fact]
    public async Task EveryWriteAsksForItsConsumedCapacity()
    {
        await Store().AppendAsync(Event(), "acme", ReceivedAt, _metrics, CancellationToken.None);

        Assert.All(_db.Calls, call => Assert.Equal(Amazon.DynamoDBv2.ReturnConsumedCapacity.TOTAL, call switch
        {
            PutItemRequest put => put.ReturnConsumedCapacity,
            UpdateItemRequest update => update.ReturnConsumedCapacity,
            QueryRequest query => query.ReturnConsumedCapacity,
            _ => null,
        }));
    }

    [Fact]
    public async Task ADuplicateIsDetectedWhenTheConditionFailureCarriesNoItem()
    {
        var stored = EventItemMapper.ToItem(Event(), ReceivedAt.AddHours(-1), "acme", null);
        _db.OnPut = _ => throw ConditionFailed();
        _db.OnGet = _ => new GetItemResponse { Item = stored, ConsumedCapacity = ScriptedDynamoDb.Units(1) };

        var result = await Store().AppendAsync(Event(), "acme", ReceivedAt, _metrics, CancellationToken.None);

        Assert.Equal(AppendOutcome.Duplicate, result.Outcome);
        Assert.Equal("2026-11-24T11:00:00Z", result.Stored.ReceivedAt);
        Assert.True(Assert.IsType<GetItemRequest>(_db.Calls[1]).ConsistentRead);
    }

    [Fact]
    public async Task ADuplicateCompletesTheStateWithTheCountNeverAddingToIt()
    {
        _db.OnPut = _ => throw ConditionFailed(EventItemMapper.ToItem(Event(), ReceivedAt, "acme", null));

        await Store().AppendAsync(Event(), "acme", ReceivedAt, _metrics, CancellationToken.None);

        var update = Assert.IsType<UpdateItemRequest>(_db.Calls[2]);
        Assert.DoesNotContain("ADD", update.UpdateExpression, StringComparison.Ordinal);
        Assert.Equal("1", update.ExpressionAttributeValues[":count"].N);
        Assert.Equal(3, _db.Calls.Count);
    }

    [Fact]
    public async Task AConflictReturnsTheStoredEventAndWritesNothingMore()
    {
        _db.OnPut = _ => throw ConditionFailed(EventItemMapper.ToItem(Event("delivered"), ReceivedAt, "acme", null));

        var result = await Store().AppendAsync(Event("in_transit"), "acme", ReceivedAt, _metrics, CancellationToken.None);

        Assert.Equal((AppendOutcome.Conflict, "delivered"), (result.Outcome, result.Stored.Status));
        Assert.Single(_db.Calls);
        Assert.Equal((1, 1.0), (_metrics.DynamoDbCalls, _metrics.WriteUnits));
    }

    [Fact]
    public async Task AnOlderEventOnlyRaisesTheCountWhenDynamoDbShowsTheNewerState()
    {
        var newer = new Dictionary<string, AttributeValue>
        {
            [ItemAttributes.EventTime] = new() { S = "2026-11-24T09:00:00.0000000Z" },
            [ItemAttributes.EventId] = new() { S = "e-2" },
            [ItemAttributes.EventCount] = new() { N = "0" },
        };
        var updates = 0;
        _db.OnUpdate = _ => ++updates == 1 ? throw ConditionFailed(newer) : new UpdateItemResponse { ConsumedCapacity = ScriptedDynamoDb.Units(1) };

        await Store().AppendAsync(Event(), "acme", ReceivedAt, _metrics, CancellationToken.None);

        var count = Assert.IsType<UpdateItemRequest>(_db.Calls[3]);
        Assert.Equal(("SET #eventCount = :count", "1"), (count.UpdateExpression, count.ExpressionAttributeValues[":count"].N));
        Assert.Equal(4, _db.Calls.Count);
    }

    [Fact]
    public async Task WithoutTheOldStateAFailedUpdateIsFinishedByTheCountUpdateAndTheFoldAlone()
    {
        var updates = 0;
        _db.OnUpdate = _ => ++updates == 1 ? throw ConditionFailed() : throw ConditionFailed();

        await Store().AppendAsync(Event(), "acme", ReceivedAt, _metrics, CancellationToken.None);

        Assert.Equal("SET #eventCount = :count", Assert.IsType<UpdateItemRequest>(_db.Calls[3]).UpdateExpression);
        Assert.Equal(StateItemMapper.NewerCondition, Assert.IsType<UpdateItemRequest>(_db.Calls[4]).ConditionExpression);
    }

    [Fact]
    public async Task AnEventExpiredBetweenTheTwoCallsIsWrittenAfterAll()
    {
        var puts = 0;
        _db.OnPut = _ => ++puts == 1 ? throw ConditionFailed() : new PutItemResponse();

        var result = await Store().AppendAsync(Event(), "acme", ReceivedAt, _metrics, CancellationToken.None);

        Assert.Equal((AppendOutcome.Created, 2), (result.Outcome, puts));
    }

    [Fact]
    public async Task TheRetentionSetsTheTimeToLiveOfTheEventAndTheState()
    {
        await Store(ttl: 1_800_000_000).AppendAsync(Event(), "acme", ReceivedAt, _metrics, CancellationToken.None);

        Assert.Equal("1800000000", Assert.IsType<PutItemRequest>(_db.Calls[0]).Item[TrackingTable.TimeToLive].N);
        Assert.Equal("1800000000", Assert.IsType<UpdateItemRequest>(_db.Calls[2]).ExpressionAttributeValues[":ttl"].N);
    }

    [Fact]
    public async Task ThrottlingIsLeftToThePipelineToAnswer()
    {
        _db.OnUpdate = _ => throw new ProvisionedThroughputExceededException("Rate exceeded");

        await Assert.ThrowsAsync<ProvisionedThroughputExceededException>(() => Store().AppendAsync(Event(), "acme", ReceivedAt, _metrics, CancellationToken.None));
    }
}
