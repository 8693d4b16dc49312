using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Tracking.Contracts.Api;
using Tracking.Contracts.Domain;
using Tracking.Contracts.Validation;
using static Tracking.Functions.Storage.DynamoDb.EventItemMapper;
using A = Tracking.Contracts.Storage.ItemAttributes;
using K = Tracking.Functions.Storage.DynamoDb.ItemKeys;
using T = Tracking.Contracts.Storage.TrackingTable;

namespace Tracking.Functions.Storage.DynamoDb;

/// <summary>
/// The latest-state item. Its update is a single conditional UpdateItem that only applies when the incoming event is
/// newer (event time, then event id as a tie-break), so retries and out-of-order arrivals converge on the same state.
/// </summary>
public static class StateItemMapper
{
    /// <summary>Newer-than condition; the tie-break on event id makes the order total, so every replica of the same
    /// set of events ends in the same state whatever order they arrived in.</summary>
    public const string NewerCondition =
        "attribute_not_exists(#pk) OR #eventTime < :eventTime OR (#eventTime = :eventTime AND #eventId < :eventId)";

    /// <summary>eventCount only ever rises to a count taken after the write: a stale count, applied late, changes nothing.</summary>
    public const string CountBehindCondition = "attribute_not_exists(#eventCount) OR #eventCount < :count";

    /// <summary>The newer-than condition, and never on a tombstone (an erased package).</summary>
    public const string NewerNotErasedCondition = "(" + NewerCondition + ") AND " + ErasureItems.NotErased;

    /// <summary>Condition of the updates that only add to an existing, not erased, state.</summary>
    public const string ExistingNotErasedCondition = "attribute_exists(#pk) AND " + ErasureItems.NotErased;

    /// <summary>
    /// Folds the event from <paramref name="client"/> into the state when it is newer, and adds the client to the
    /// package's contributors (object-level access); with <paramref name="eventCount"/>, also sets the count when it is
    /// not behind the stored one. Never applies to a tombstone. All conditions must hold; on failure DynamoDB returns
    /// the old state, so the caller sees which did not (older, count ahead, erased) and finishes with
    /// <see cref="BuildCountUpdate"/>, a fold without the count, or <see cref="BuildContributorUpdate"/>.
    /// </summary>
    public static UpdateItemRequest BuildNewerStateUpdate(string tableName, ValidatedEvent e, DateTime receivedAt, long? expiresAt, long? eventCount, string client)
    {
        var eventTime = Timestamps.ToStorage(e.Timestamp);
        var updatedAt = Timestamps.ToStorage(receivedAt);
        var names = new Dictionary<string, string>(16)
        {
            ["#pk"] = T.PartitionKey,
            ["#tid"] = A.TrackingId,
            ["#status"] = A.Status,
            ["#eventTime"] = A.EventTime,
            ["#eventId"] = A.EventId,
            ["#eventType"] = A.EventType,
            ["#updatedAt"] = A.UpdatedAt,
            ["#firstSeen"] = A.FirstSeen,
            ["#gsi1pk"] = T.StatusPartitionKey,
            ["#gsi1sk"] = T.StatusSortKey,
            ["#lat"] = A.Lat,
            ["#lon"] = A.Lon,
            ["#clients"] = A.Contributors,
            ["#erasedAt"] = A.ErasedAt,
        };
        var values = new Dictionary<string, AttributeValue>(12)
        {
            [":tid"] = S(e.TrackingId),
            [":status"] = S(e.Status),
            [":eventTime"] = S(eventTime),
            [":eventId"] = S(e.EventId),
            [":eventType"] = S(e.EventType),
            [":now"] = S(updatedAt),
            [":gsi1pk"] = S(K.StatusPartition(e.Status, K.ShardOf(e.TrackingId))),
            [":gsi1sk"] = S(K.StatusSortValue(updatedAt, e.TrackingId)),
            [":client"] = Contributor(client),
        };

        var set = "SET #tid = :tid, #status = :status, #eventTime = :eventTime, #eventId = :eventId, #eventType = :eventType, " +
                  "#updatedAt = :now, #firstSeen = if_not_exists(#firstSeen, :now), #gsi1pk = :gsi1pk, #gsi1sk = :gsi1sk";
        if (e.Lat is { } lat && e.Lon is { } lon)
        {
            set += ", #lat = :lat, #lon = :lon";
            values[":lat"] = N(lat);
            values[":lon"] = N(lon);
        }
        if (expiresAt is { } ttl)
        {
            set += ", #ttl = :ttl";
            names["#ttl"] = T.TimeToLive;
            values[":ttl"] = new AttributeValue { N = ttl.ToString(CultureInfo.InvariantCulture) };
        }

        var condition = NewerNotErasedCondition;
        if (eventCount is { } count)
        {
            set += ", #eventCount = :count";
            names["#eventCount"] = A.EventCount;
            values[":count"] = new AttributeValue { N = count.ToString(CultureInfo.InvariantCulture) };
            condition = $"{NewerNotErasedCondition} AND (attribute_not_exists(#eventCount) OR #eventCount <= :count)";
        }
        var expression = set;
        if (e.Lat is null) expression += " REMOVE #lat, #lon";
        expression += " ADD #clients :client";

        return new UpdateItemRequest
        {
            TableName = tableName,
            Key = StateKey(e.TrackingId),
            UpdateExpression = expression,
            ConditionExpression = condition,
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
            ReturnConsumedCapacity = Amazon.DynamoDBv2.ReturnConsumedCapacity.TOTAL,
            ReturnValuesOnConditionCheckFailure = Amazon.DynamoDBv2.ReturnValuesOnConditionCheckFailure.ALL_OLD,
        };
    }

    /// <summary>Raises eventCount to a count taken after a write, for an event that does not change the state (older,
    /// or not the newest any more), and adds its sender to the contributors. Never creates the state item, never
    /// lowers the count, never touches a tombstone.</summary>
    public static UpdateItemRequest BuildCountUpdate(string tableName, string trackingId, long eventCount, long? expiresAt, string client)
    {
        var request = new UpdateItemRequest
        {
            TableName = tableName,
            Key = StateKey(trackingId),
            UpdateExpression = "SET #eventCount = :count",
            ConditionExpression = $"{ExistingNotErasedCondition} AND ({CountBehindCondition})",
            ExpressionAttributeNames = new Dictionary<string, string>
            {
                ["#eventCount"] = A.EventCount, ["#pk"] = T.PartitionKey, ["#clients"] = A.Contributors, ["#erasedAt"] = A.ErasedAt,
            },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>
            {
                [":count"] = new() { N = eventCount.ToString(CultureInfo.InvariantCulture) },
                [":client"] = Contributor(client),
            },
            ReturnConsumedCapacity = Amazon.DynamoDBv2.ReturnConsumedCapacity.TOTAL,
        };
        if (expiresAt is { } ttl)
        {
            request.UpdateExpression += ", #ttl = :ttl";
            request.ExpressionAttributeNames["#ttl"] = T.TimeToLive;
            request.ExpressionAttributeValues[":ttl"] = new AttributeValue { N = ttl.ToString(CultureInfo.InvariantCulture) };
        }
        request.UpdateExpression += " ADD #clients :client";
        return request;
    }

    /// <summary>A sender whose event changed neither the state nor the count still becomes a contributor.</summary>
    public static UpdateItemRequest BuildContributorUpdate(string tableName, string trackingId, string client) => new()
    {
        TableName = tableName,
        Key = StateKey(trackingId),
        UpdateExpression = "ADD #clients :client",
        ConditionExpression = ExistingNotErasedCondition,
        ExpressionAttributeNames = new Dictionary<string, string>(3) { ["#clients"] = A.Contributors, ["#pk"] = T.PartitionKey, ["#erasedAt"] = A.ErasedAt },
        ExpressionAttributeValues = new Dictionary<string, AttributeValue>(1) { [":client"] = Contributor(client) },
        ReturnConsumedCapacity = Amazon.DynamoDBv2.ReturnConsumedCapacity.TOTAL,
    };

    /// <summary>The package's contributors on a state item (empty for an item written before they were kept).</summary>
    public static IReadOnlySet<string> ContributorsOf(Dictionary<string, AttributeValue> item)
        => item.TryGetValue(A.Contributors, out var set) && set.SS is { Count: > 0 } names
            ? new HashSet<string>(names, StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);

    private static AttributeValue Contributor(string client) => new() { SS = [client] };

    /// <summary>Would the event replace this stored state (the same total order as <see cref="NewerCondition"/>)?</summary>
    public static bool IsNewerThan(ValidatedEvent e, Dictionary<string, AttributeValue> state)
    {
        if (!state.TryGetValue(A.EventTime, out var time) || time.S is null) return true;
        var order = string.CompareOrdinal(time.S, Timestamps.ToStorage(e.Timestamp));
        return order < 0 || (order == 0 && string.CompareOrdinal(state.GetValueOrDefault(A.EventId)?.S, e.EventId) < 0);
    }

    public static long StoredCount(Dictionary<string, AttributeValue> state)
        => state.TryGetValue(A.EventCount, out var count) && count.N is not null ? long.Parse(count.N, NumberStyles.Integer, CultureInfo.InvariantCulture) : 0;

    public static Dictionary<string, AttributeValue> StateKey(string trackingId) => new(2)
    {
        [T.PartitionKey] = S(K.PackageKey(trackingId)),
        [T.SortKey] = S(K.StateSortKeyValue),
    };

    public static PackageStateResponse ToResponse(Dictionary<string, AttributeValue> item) => new()
    {
        TrackingId = Str(item, A.TrackingId),
        Status = Str(item, A.Status),
        Location = ReadLocation(item),
        Timestamp = Timestamps.StorageToApi(Str(item, A.EventTime)),
        EventId = Str(item, A.EventId),
        EventType = Str(item, A.EventType),
        FirstSeen = Timestamps.StorageToApi(Str(item, A.FirstSeen)),
        UpdatedAt = Timestamps.StorageToApi(Str(item, A.UpdatedAt)),
        EventCount = item.TryGetValue(A.EventCount, out var count) && count.N is not null
            ? long.Parse(count.N, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : 0,
    };

    /// <summary>A status-index item (projected attributes only) as a search result.</summary>
    public static PackageSummary ToSummary(Dictionary<string, AttributeValue> item) => new()
    {
        TrackingId = Str(item, A.TrackingId),
        Status = Str(item, A.Status),
        Timestamp = Timestamps.StorageToApi(Str(item, A.EventTime)),
        EventId = Str(item, A.EventId),
        EventType = Str(item, A.EventType),
        Location = ReadLocation(item),
        UpdatedAt = Timestamps.StorageToApi(Str(item, A.UpdatedAt)),
    };
}
