using Amazon.DynamoDBv2.Model;
using Tracking.Contracts.Storage;
using Mode = Tracking.Contracts.Storage.StateItemMapper.CountMode;

namespace Tracking.Contracts.Tests;

public class StateItemMapperTests
{
    private static readonly DateTime ReceivedAt = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);

    private static ValidatedEvent Located() => Events.ValidOrThrow("""{"status":"in_transit","timestamp":"2026-11-24T08:15:00Z","eventId":"e-1","location":{"lat":1.5,"lon":2.5}}""");

    private static ValidatedEvent Unlocated() => Events.ValidOrThrow("""{"status":"in_transit","timestamp":"2026-11-24T08:15:00Z","eventId":"e-1"}""");

    public static TheoryData<bool, bool, Mode> Variants()
    {
        var data = new TheoryData<bool, bool, Mode>();
        foreach (var located in new[] { true, false })
        {
            foreach (var ttl in new[] { true, false })
            {
                foreach (var mode in new[] { Mode.Increment, Mode.Unchanged })
                {
                    data.Add(located, ttl, mode);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void EveryPlaceholderOfTheNewerStateUpdateIsDefinedAndEveryDefinitionUsed(bool located, bool ttl, Mode mode)
    {
        var request = StateItemMapper.BuildNewerStateUpdate("t", located ? Located() : Unlocated(), ReceivedAt, ttl ? 1_800_000_000 : null, mode);

        Placeholders.AssertConsistent(request.ExpressionAttributeNames, request.ExpressionAttributeValues, request.UpdateExpression, request.ConditionExpression);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EveryPlaceholderOfTheCountOnlyUpdateIsDefinedAndEveryDefinitionUsed(bool ttl)
    {
        var request = StateItemMapper.BuildCountOnlyUpdate("t", Events.TrackingId, ttl ? 1_800_000_000 : null);

        Placeholders.AssertConsistent(request.ExpressionAttributeNames, request.ExpressionAttributeValues, request.UpdateExpression, request.ConditionExpression);
    }

    [Fact]
    public void TheNewerStateUpdateIsConditionedOnTheNewerThanRule()
    {
        var request = StateItemMapper.BuildNewerStateUpdate("t", Located(), ReceivedAt, null, Mode.Increment);

        Assert.Equal(StateItemMapper.NewerCondition, request.ConditionExpression);
        Assert.Equal(ItemAttributes.EventTime, request.ExpressionAttributeNames["#eventTime"]);
        Assert.Equal(ItemAttributes.EventId, request.ExpressionAttributeNames["#eventId"]);
        Assert.Equal("2026-11-24T08:15:00.0000000Z", request.ExpressionAttributeValues[":eventTime"].S);
        Assert.Equal("e-1", request.ExpressionAttributeValues[":eventId"].S);
    }

    [Fact]
    public void TheStateUpdateTargetsTheStateItemOfThePackage()
    {
        var request = StateItemMapper.BuildNewerStateUpdate("tracking-table", Located(), ReceivedAt, null, Mode.Increment);

        Assert.Equal("tracking-table", request.TableName);
        Assert.Equal("PKG#PKG-123", request.Key[TrackingTable.PartitionKey].S);
        Assert.Equal("STATE", request.Key[TrackingTable.SortKey].S);
    }

    [Fact]
    public void TheStateUpdateFillsTheShardedStatusIndexKeys()
    {
        var request = StateItemMapper.BuildNewerStateUpdate("t", Located(), ReceivedAt, null, Mode.Increment);

        Assert.Equal(TrackingTable.StatusPartition("in_transit", TrackingTable.ShardOf(Events.TrackingId)), request.ExpressionAttributeValues[":gsi1pk"].S);
        Assert.Equal("2026-11-24T12:00:00.0000000Z#PKG-123", request.ExpressionAttributeValues[":gsi1sk"].S);
    }

    [Fact]
    public void EveryDynamoDbCallAsksForConsumedCapacity()
    {
        var updates = new[]
        {
            StateItemMapper.BuildNewerStateUpdate("t", Located(), ReceivedAt, null, Mode.Increment),
            StateItemMapper.BuildCountOnlyUpdate("t", Events.TrackingId, null),
        };

        Assert.All(updates, u => Assert.Equal(Amazon.DynamoDBv2.ReturnConsumedCapacity.TOTAL, u.ReturnConsumedCapacity));
    }

    [Fact]
    public void CoordinatesInTheUpdateAreInvariantCulture()
    {
        using var culture = new CommaCulture();

        var request = StateItemMapper.BuildNewerStateUpdate("t", Located(), ReceivedAt, 1_800_000_000, Mode.Increment);

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
        var value = TrackingTable.StatusSortValue(Timestamps.ToStorage(ReceivedAt), "PKG#with-hash_1");

        Assert.Equal("PKG#with-hash_1", TrackingTable.TrackingIdFromStatusSortValue(value));
    }

    [Fact]
    public void TheShardOfATrackingIdIsWithinTheShardCount()
        => Assert.All(Enumerable.Range(0, 500).Select(i => TrackingTable.ShardOf("PKG-" + i)), s => Assert.InRange(s, 0, TrackingTable.StatusIndexShards - 1));

    [Fact]
    public void TrackingIdsSpreadOverEveryShard()
        => Assert.Equal(TrackingTable.StatusIndexShards, Enumerable.Range(0, 500).Select(i => TrackingTable.ShardOf("PKG-" + i)).Distinct().Count());

    [Fact]
    public void TheShardIsStableAcrossProcesses()
    {
        // FNV-1a 32-bit of "a" is 0xE40C292C; mod 8 is 4. A per-process hash would break the index on every deploy.
        Assert.Equal((int)(0xE40C292Cu % 8), TrackingTable.ShardOf("a"));
    }
}
