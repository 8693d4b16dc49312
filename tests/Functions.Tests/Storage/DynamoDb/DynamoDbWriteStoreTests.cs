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
        Assert.Contains("#eventCount = :count", update.UpdateExpression, StringComparison.Ordinal);
        Assert.DoesNotContain("ADD #eventCount", update.UpdateExpression, StringComparison.Ordinal);
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
        Assert.Equal(("SET #eventCount = :count ADD #clients :client", "1"), (count.UpdateExpression, count.ExpressionAttributeValues[":count"].N));
        Assert.Equal(4, _db.Calls.Count);
    }

    [Fact]
    public async Task WithoutTheOldStateAFailedUpdateIsFinishedByTheCountUpdateAndTheFoldAlone()
    {
        var updates = 0;
        _db.OnUpdate = _ => ++updates == 1 ? throw ConditionFailed() : throw ConditionFailed();

        await Store().AppendAsync(Event(), "acme", ReceivedAt, _metrics, CancellationToken.None);

        Assert.IsType<GetItemRequest>(_db.Calls[3]); // dynalite returns no old item: the state is read to tell older from erased
        Assert.StartsWith("SET #eventCount = :count", Assert.IsType<UpdateItemRequest>(_db.Calls[4]).UpdateExpression, StringComparison.Ordinal);
        Assert.Equal(StateItemMapper.NewerNotErasedCondition, Assert.IsType<UpdateItemRequest>(_db.Calls[5]).ConditionExpression);
    }

    [Fact]
    public async Task WithoutTheOldItemInTheFailureTheStateIsReadConsistentlyToTellOlderFromErased()
    {
        var updates = 0;
        _db.OnUpdate = _ => ++updates == 1 ? throw ConditionFailed() : new UpdateItemResponse { ConsumedCapacity = ScriptedDynamoDb.Units(1) };
        _db.OnGet = _ => new GetItemResponse { Item = NewerState(), ConsumedCapacity = ScriptedDynamoDb.Units(1) };

        var result = await Store().AppendAsync(Event(), "acme", ReceivedAt, _metrics, CancellationToken.None);

        Assert.True(Assert.IsType<GetItemRequest>(_db.Calls[3]).ConsistentRead);
        Assert.Equal(AppendOutcome.Created, result.Outcome);
    }

    [Fact]
    public async Task AnEventForATombstonedPackageIsDeletedAgainAndGone()
    {
        _db.OnUpdate = _ => throw ConditionFailed(Tombstone());

        var result = await Store().AppendAsync(Event(), "acme", ReceivedAt, _metrics, CancellationToken.None);

        Assert.Equal(AppendOutcome.Gone, result.Outcome);
        var delete = Assert.IsType<DeleteItemRequest>(_db.Calls[^1]);
        Assert.Equal(("PKG#" + Event().TrackingId, "EVT#" + Event().EventId), (delete.Key["pk"].S, delete.Key["sk"].S));
    }

    [Fact]
    public async Task ARetryOfAnEventUnderATombstoneIsGoneAndItsCopyDeleted()
    {
        _db.OnPut = _ => throw ConditionFailed(EventItemMapper.ToItem(Event(), ReceivedAt, "acme", null));
        _db.OnUpdate = _ => throw ConditionFailed(Tombstone());

        var result = await Store().AppendAsync(Event(), "acme", ReceivedAt, _metrics, CancellationToken.None);

        Assert.Equal(AppendOutcome.Gone, result.Outcome);
        Assert.IsType<DeleteItemRequest>(_db.Calls[^1]);
    }

    [Fact]
    public async Task ADuplicateFromANewSenderAddsItToTheContributors()
    {
        _db.OnPut = _ => throw ConditionFailed(EventItemMapper.ToItem(Event(), ReceivedAt, "acme", null));
        _db.OnUpdate = request => request.UpdateExpression.StartsWith("SET", StringComparison.Ordinal) ? throw ConditionFailed(NewerState()) : new UpdateItemResponse();

        await Store().AppendAsync(Event(), "globex", ReceivedAt, _metrics, CancellationToken.None);

        var contributor = Assert.IsType<UpdateItemRequest>(_db.Calls[^1]);
        Assert.Equal(("ADD #clients :client", "globex"), (contributor.UpdateExpression, contributor.ExpressionAttributeValues[":client"].SS.Single()));
    }

    private static Dictionary<string, AttributeValue> NewerState() => new()
    {
        ["pk"] = new() { S = "PKG#" + Event().TrackingId },
        ["sk"] = new() { S = "STATE" },
        ["status"] = new() { S = "delivered" },
        ["eventTime"] = new() { S = "2026-11-24T09:00:00.0000000Z" },
        ["eventId"] = new() { S = "e-2" },
        ["eventCount"] = new() { N = "5" },
        ["clients"] = new() { SS = ["acme"] },
    };

    private static Dictionary<string, AttributeValue> Tombstone() => new()
    {
        ["pk"] = new() { S = "PKG#" + Event().TrackingId },
        ["sk"] = new() { S = "STATE" },
        ["erasedAt"] = new() { S = "2026-11-24T00:00:00.0000000Z" },
        ["erasure"] = new() { S = "complete" },
    };

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
