using Amazon.DynamoDBv2.Model;
using Tracking.Contracts.Domain;
using Tracking.Contracts.Storage;
using Tracking.Contracts.Validation;
using Tracking.Functions.Storage.DynamoDb;

namespace Tracking.Functions.Tests.Storage.DynamoDb;

public class StateItemMapperTests
{
    private static readonly DateTime ReceivedAt = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);

    private static ValidatedEvent Located() => StoreEvents.ValidOrThrow("""{"status":"in_transit","timestamp":"2026-11-24T08:15:00Z","eventId":"e-1","location":{"lat":1.5,"lon":2.5}}""");

    private static ValidatedEvent Unlocated() => StoreEvents.ValidOrThrow("""{"status":"in_transit","timestamp":"2026-11-24T08:15:00Z","eventId":"e-1"}""");

    public static TheoryData<bool, bool, bool> Variants()
    {
        var data = new TheoryData<bool, bool, bool>();
        foreach (var located in new[] { true, false })
        {
            foreach (var ttl in new[] { true, false })
            {
                foreach (var counted in new[] { true, false })
                {
                    data.Add(located, ttl, counted);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void EveryPlaceholderOfTheNewerStateUpdateIsDefinedAndEveryDefinitionUsed(bool located, bool ttl, bool counted)
    {
        var request = StateItemMapper.BuildNewerStateUpdate("t", located ? Located() : Unlocated(), ReceivedAt, ttl ? 1_800_000_000 : null, counted ? 3 : null, "acme");

        Placeholders.AssertConsistent(request.ExpressionAttributeNames, request.ExpressionAttributeValues, request.UpdateExpression, request.ConditionExpression);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EveryPlaceholderOfTheCountUpdateIsDefinedAndEveryDefinitionUsed(bool ttl)
    {
        var request = StateItemMapper.BuildCountUpdate("t", StoreEvents.TrackingId, 3, ttl ? 1_800_000_000 : null, "acme");

        Placeholders.AssertConsistent(request.ExpressionAttributeNames, request.ExpressionAttributeValues, request.UpdateExpression, request.ConditionExpression);
    }

    [Fact]
    public void TheNewerStateUpdateIsConditionedOnTheNewerThanRule()
    {
        var request = StateItemMapper.BuildNewerStateUpdate("t", Located(), ReceivedAt, null, eventCount: null, "acme");

        Assert.Equal(StateItemMapper.NewerNotErasedCondition, request.ConditionExpression);
        Assert.Equal(ItemAttributes.EventTime, request.ExpressionAttributeNames["#eventTime"]);
        Assert.Equal(ItemAttributes.EventId, request.ExpressionAttributeNames["#eventId"]);
        Assert.Equal("2026-11-24T08:15:00.0000000Z", request.ExpressionAttributeValues[":eventTime"].S);
        Assert.Equal("e-1", request.ExpressionAttributeValues[":eventId"].S);
    }

    [Fact]
    public void WithACountTheStateUpdateAlsoRequiresTheStoredCountNotToBeAhead()
    {
        var request = StateItemMapper.BuildNewerStateUpdate("t", Located(), ReceivedAt, null, 7, "acme");

        Assert.Equal($"{StateItemMapper.NewerNotErasedCondition} AND (attribute_not_exists(#eventCount) OR #eventCount <= :count)", request.ConditionExpression);
        Assert.Equal("7", request.ExpressionAttributeValues[":count"].N);
        Assert.Equal(Amazon.DynamoDBv2.ReturnValuesOnConditionCheckFailure.ALL_OLD, request.ReturnValuesOnConditionCheckFailure);
    }

    [Fact]
    public void TheCountUpdateOnlyRaisesTheCountOfAnExistingState()
    {
        var request = StateItemMapper.BuildCountUpdate("t", StoreEvents.TrackingId, 7, null, "acme");

        Assert.StartsWith("SET #eventCount = :count", request.UpdateExpression, StringComparison.Ordinal);
        Assert.Equal($"{StateItemMapper.ExistingNotErasedCondition} AND ({StateItemMapper.CountBehindCondition})", request.ConditionExpression);
    }

    [Theory]
    [InlineData("2026-11-24T08:14:59.0000000Z", "z", true)]
    [InlineData("2026-11-24T08:15:00.0000000Z", "e-0", true)]
    [InlineData("2026-11-24T08:15:00.0000000Z", "e-1", false)]
    [InlineData("2026-11-24T08:15:01.0000000Z", "a", false)]
    public void AnEventIsNewerThanAStateByEventTimeThenEventId(string time, string eventId, bool newer)
    {
        var state = new Dictionary<string, AttributeValue> { [ItemAttributes.EventTime] = new() { S = time }, [ItemAttributes.EventId] = new() { S = eventId } };

        Assert.Equal(newer, StateItemMapper.IsNewerThan(Located(), state));
    }

    [Fact]
    public void EveryStateUpdateAddsItsSenderToTheContributorsAndNeverAppliesToATombstone()
    {
        var updates = new[]
        {
            StateItemMapper.BuildNewerStateUpdate("t", Located(), ReceivedAt, null, 3, "acme"),
            StateItemMapper.BuildCountUpdate("t", StoreEvents.TrackingId, 3, null, "acme"),
            StateItemMapper.BuildContributorUpdate("t", StoreEvents.TrackingId, "acme"),
        };

        Assert.All(updates, u =>
        {
            Assert.Contains("#clients :client", u.UpdateExpression, StringComparison.Ordinal);
            Assert.Equal(["acme"], u.ExpressionAttributeValues[":client"].SS);
            Assert.Contains("attribute_not_exists(#erasedAt)", u.ConditionExpression, StringComparison.Ordinal);
            Placeholders.AssertConsistent(u.ExpressionAttributeNames, u.ExpressionAttributeValues, u.UpdateExpression, u.ConditionExpression);
        });
    }

    [Fact]
    public void TheTombstoneStripsEveryStateAttributeAndTheIndexKeysAndCarriesItsOwnExpiry()
    {
        var request = ErasureItems.BuildTombstone("t", StoreEvents.TrackingId, ReceivedAt, 1_900_000_000, requireExisting: true);

        var removed = request.UpdateExpression[(request.UpdateExpression.IndexOf("REMOVE", StringComparison.Ordinal) + 7)..].Split(", ").Select(n => request.ExpressionAttributeNames[n]);
        Assert.Superset(new HashSet<string> { ItemAttributes.Status, ItemAttributes.Lat, ItemAttributes.Lon, ItemAttributes.Contributors, TrackingTable.StatusPartitionKey, TrackingTable.StatusSortKey }, removed.ToHashSet());
        Assert.Equal("1900000000", request.ExpressionAttributeValues[":ttl"].N);
        Assert.Equal(TrackingTable.TimeToLive, request.ExpressionAttributeNames["#ttl"]);
        Placeholders.AssertConsistent(request.ExpressionAttributeNames, request.ExpressionAttributeValues, request.UpdateExpression, request.ConditionExpression);
    }

    [Fact]
    public void TheStateUpdateTargetsTheStateItemOfThePackage()
    {
        var request = StateItemMapper.BuildNewerStateUpdate("tracking-table", Located(), ReceivedAt, null, 1, "acme");

        Assert.Equal("tracking-table", request.TableName);
        Assert.Equal("PKG#PKG-123", request.Key[TrackingTable.PartitionKey].S);
        Assert.Equal("STATE", request.Key[TrackingTable.SortKey].S);
    }

    [Fact]
    public void TheStateUpdateFillsTheShardedStatusIndexKeys()
    {
        var request = StateItemMapper.BuildNewerStateUpdate("t", Located(), ReceivedAt, null, 1, "acme");

        Assert.Equal(ItemKeys.StatusPartition("in_transit", ItemKeys.ShardOf(StoreEvents.TrackingId)), request.ExpressionAttributeValues[":gsi1pk"].S);
        Assert.Equal("2026-11-24T12:00:00.0000000Z#PKG-123", request.ExpressionAttributeValues[":gsi1sk"].S);
    }

    [Fact]
    public void EveryDynamoDbCallAsksForConsumedCapacity()
    {
        var updates = new[]
        {
            StateItemMapper.BuildNewerStateUpdate("t", Located(), ReceivedAt, null, 1, "acme"),
            StateItemMapper.BuildCountUpdate("t", StoreEvents.TrackingId, 1, null, "acme"),
        };

        Assert.All(updates, u => Assert.Equal(Amazon.DynamoDBv2.ReturnConsumedCapacity.TOTAL, u.ReturnConsumedCapacity));
    }

    [Fact]
    public void CoordinatesInTheUpdateAreInvariantCulture()
    {
        using var culture = new CommaCulture();

        var request = StateItemMapper.BuildNewerStateUpdate("t", Located(), ReceivedAt, 1_800_000_000, 1, "acme");

        Assert.Equal(("1.5", "2.5", "1800000000"), (request.ExpressionAttributeValues[":lat"].N, request.ExpressionAttributeValues[":lon"].N, request.ExpressionAttributeValues[":ttl"].N));
    }

    [Fact]
    public void AStateItemReadsBackAsTheCurrentState()
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [ItemAttributes.TrackingId] = new() { S = "PKG-123" },
            [ItemAttributes.Status] = new() { S = "delivered" },
            [ItemAttributes.EventTime] = new() { S = "2026-11-24T08:15:00.5000000Z" },
            [ItemAttributes.EventId] = new() { S = "e-9" },
            [ItemAttributes.EventType] = new() { S = "delivery_attempt" },
            [ItemAttributes.FirstSeen] = new() { S = "2026-11-20T00:00:00.0000000Z" },
            [ItemAttributes.UpdatedAt] = new() { S = "2026-11-24T12:00:00.0000000Z" },
            [ItemAttributes.EventCount] = new() { N = "7" },
            [ItemAttributes.Lat] = new() { N = "-1.25" },
            [ItemAttributes.Lon] = new() { N = "3" },
        };
        using var culture = new CommaCulture();

        var state = StateItemMapper.ToResponse(item);

        Assert.Equal(("PKG-123", "delivered", "2026-11-24T08:15:00.5Z", "e-9", "delivery_attempt"), (state.TrackingId, state.Status, state.Timestamp, state.EventId, state.EventType));
        Assert.Equal(("2026-11-20T00:00:00Z", "2026-11-24T12:00:00Z", 7L), (state.FirstSeen, state.UpdatedAt, state.EventCount));
        Assert.Equal((-1.25, 3.0), (state.Location!.Lat, state.Location.Lon));
    }

    [Fact]
    public void TheTrackingIdComesBackOutOfTheStatusSortKey()
    {
        var value = ItemKeys.StatusSortValue(Timestamps.ToStorage(ReceivedAt), "PKG#with-hash_1");

        Assert.Equal("PKG#with-hash_1", ItemKeys.TrackingIdFromStatusSortValue(value));
    }

    [Fact]
    public void TheShardOfATrackingIdIsWithinTheShardCount()
        => Assert.All(Enumerable.Range(0, 500).Select(i => ItemKeys.ShardOf("PKG-" + i)), s => Assert.InRange(s, 0, TrackingTable.StatusIndexShards - 1));

    [Fact]
    public void TrackingIdsSpreadOverEveryShard()
        => Assert.Equal(TrackingTable.StatusIndexShards, Enumerable.Range(0, 500).Select(i => ItemKeys.ShardOf("PKG-" + i)).Distinct().Count());

    [Fact]
    public void TheShardIsStableAcrossProcesses()
    {
        // FNV-1a 32-bit of "a" is 0xE40C292C; mod 8 is 4. A per-process hash would break the index on every deploy.
        Assert.Equal((int)(0xE40C292Cu % 8), ItemKeys.ShardOf("a"));
    }
}
