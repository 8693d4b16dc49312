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

    private DynamoDbWriteStore Store(long? ttl = null) => new(_db, "tracking", _ => ttl);

    private static Contracts.Validation.ValidatedEvent Event(string status = "in_transit") => StoreEvents.ValidOrThrow($$"""{"status":"{{status}}","timestamp":"2026-11-24T08:15:00Z","eventId":"e-1"}""");

    private static ConditionalCheckFailedException ConditionFailed(Dictionary<string, AttributeValue>? old = null) => new("The conditional request failed") { Item = old };

    [Fact]
    public async Task ANewEventIsPutOnceThenFoldedIntoTheState()
    {
        var result = await Store().AppendAsync(Event(), "acme", ReceivedAt, _metrics, CancellationToken.None);

        Assert.Equal(AppendOutcome.Created, result.Outcome);
        Assert.Collection(_db.Calls,
            put => Assert.Equal("attribute_not_exists(#pk)", Assert.IsType<PutItemRequest>(put).ConditionExpression),
            update => Assert.Equal(StateItemMapper.NewerCondition, Assert.IsType<UpdateItemRequest>(update).ConditionExpression));
    }

    [Fact]
    public async Task TheConsumedCapacityOfEveryWriteIsAccounted()
    {
        _db.OnPut = _ => new PutItemResponse { ConsumedCapacity = ScriptedDynamoDb.Units(1) };
        _db.OnUpdate = _ => new UpdateItemResponse { ConsumedCapacity = new ConsumedCapacity { WriteCapacityUnits = 2.5 } };

        await Store().AppendAsync(Event(), "acme", ReceivedAt, _metrics, CancellationToken.None);

        Assert.Equal((2, 3.5, 0.0), (_metrics.DynamoDbCalls, _metrics.WriteUnits, _metrics.ReadUnits));
    }

    [Fact]
    public async Task EveryWriteAsksForItsConsumedCapacity()
    {
        await Store().AppendAsync(Event(), "acme", ReceivedAt, _metrics, CancellationToken.None);

        Assert.All(_db.Calls, call => Assert.Equal(Amazon.DynamoDBv2.ReturnConsumedCapacity.TOTAL, call switch
        {
            PutItemRequest put => put.ReturnConsumedCapacity,
            UpdateItemRequest update => update.ReturnConsumedCapacity,
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
    public async Task ADuplicateReappliesTheStateWithoutCountingTheEvent()
    {
        _db.OnPut = _ => throw ConditionFailed(EventItemMapper.ToItem(Event(), ReceivedAt, "acme", null));

        await Store().AppendAsync(Event(), "acme", ReceivedAt, _metrics, CancellationToken.None);

        var update = Assert.IsType<UpdateItemRequest>(_db.Calls[1]);
        Assert.DoesNotContain("ADD", update.UpdateExpression, StringComparison.Ordinal);
        Assert.Equal(2, _db.Calls.Count);
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
    public async Task AnOlderEventIsOnlyCountedInTheState()
    {
        var updates = 0;
        _db.OnUpdate = _ => ++updates == 1 ? throw ConditionFailed() : new UpdateItemResponse { ConsumedCapacity = ScriptedDynamoDb.Units(1) };

        await Store().AppendAsync(Event(), "acme", ReceivedAt, _metrics, CancellationToken.None);

        var countOnly = Assert.IsType<UpdateItemRequest>(_db.Calls[2]);
        Assert.Equal(("ADD #eventCount :one", "attribute_exists(#pk)"), (countOnly.UpdateExpression, countOnly.ConditionExpression));
        Assert.Equal((3, 3.0), (_metrics.DynamoDbCalls, _metrics.WriteUnits));
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
        Assert.Equal("1800000000", Assert.IsType<UpdateItemRequest>(_db.Calls[1]).ExpressionAttributeValues[":ttl"].N);
    }

    [Fact]
    public async Task ThrottlingIsLeftToThePipelineToAnswer()
    {
        _db.OnUpdate = _ => throw new ProvisionedThroughputExceededException("Rate exceeded");

        await Assert.ThrowsAsync<ProvisionedThroughputExceededException>(() => Store().AppendAsync(Event(), "acme", ReceivedAt, _metrics, CancellationToken.None));
    }
}
