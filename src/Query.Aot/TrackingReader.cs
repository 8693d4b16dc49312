using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Tracking.Contracts.Storage;
using Tracking.Functions.Observability;
using Tracking.Functions.Storage;
using A = Tracking.Contracts.Storage.ItemAttributes;
using T = Tracking.Contracts.Storage.TrackingTable;

namespace Tracking.Query;

/// <summary>
/// Every read the query function makes. Reads are eventually consistent (half the price of strongly consistent);
/// a state read lags a write by well under a second in practice, and the ETag tells clients when it changed.
/// No Scan anywhere: every call names a partition.
/// </summary>
public sealed class TrackingReader(IDynamoDb db, string tableName)
{
    public async Task<Dictionary<string, AttributeValue>?> GetStateAsync(string trackingId, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var response = await db.GetItemAsync(new GetItemRequest
        {
            TableName = tableName,
            Key = StateItemMapper.StateKey(trackingId),
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        }, cancellationToken).ConfigureAwait(false);
        metrics.RecordRead(response.ConsumedCapacity);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    public async Task<Dictionary<string, AttributeValue>?> GetEventAsync(string trackingId, string eventId, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var response = await db.GetItemAsync(new GetItemRequest
        {
            TableName = tableName,
            Key = new Dictionary<string, AttributeValue>(2)
            {
                [T.PartitionKey] = new() { S = T.PackageKey(trackingId) },
                [T.SortKey] = new() { S = T.EventKey(eventId) },
            },
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        }, cancellationToken).ConfigureAwait(false);
        metrics.RecordRead(response.ConsumedCapacity);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    /// <summary>One page of history from the event-time index, filled across filtered-out items up to a bounded number of calls.</summary>
    public async Task<(List<Dictionary<string, AttributeValue>> Items, Dictionary<string, AttributeValue>? LastKey)> QueryHistoryAsync(
        HistoryQuery query, Dictionary<string, AttributeValue>? startKey, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        const int MaxCalls = 8;
        var items = new List<Dictionary<string, AttributeValue>>(query.Limit);
        var (names, values) = EventTimeRange(query.TrackingId, query.LowerBound, query.UpperBound);
        string? filter = null;
        if (query.Status is not null)
        {
            names["#status"] = A.Status;
            values[":status"] = new() { S = query.Status };
            filter = "#status = :status";
        }
        if (query.EventType is not null)
        {
            names["#eventType"] = A.EventType;
            values[":eventType"] = new() { S = query.EventType };
            filter = filter is null ? "#eventType = :eventType" : filter + " AND #eventType = :eventType";
        }

        var lastKey = startKey;
        for (var call = 0; call < MaxCalls; call++)
        {
            var response = await db.QueryAsync(new QueryRequest
            {
                TableName = tableName,
                IndexName = T.EventTimeIndex,
                KeyConditionExpression = EventTimeCondition,
                FilterExpression = filter,
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
                ScanIndexForward = query.Ascending,
                Limit = query.Limit - items.Count,
                ExclusiveStartKey = lastKey,
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            }, cancellationToken).ConfigureAwait(false);
            metrics.RecordRead(response.ConsumedCapacity);
            if (response.Items is { } page) items.AddRange(page);
            lastKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
            if (lastKey is null || items.Count >= query.Limit || filter is null) break;
        }
        return (items, lastKey);
    }

    /// <summary>Positions in time order, only events that carry one; bounded so a runaway package cannot exhaust the function.</summary>
    public async Task<(List<Dictionary<string, AttributeValue>> Items, bool Truncated)> QueryPositionsAsync(
        string trackingId, string lowerBound, string upperBound, int maxPoints, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        var (names, values) = EventTimeRange(trackingId, lowerBound, upperBound);
        names["#lat"] = A.Lat;
        names["#lon"] = A.Lon;
        names["#status"] = A.Status;
        names["#eventTime"] = A.EventTime;
        names["#eventId"] = A.EventId;
        Dictionary<string, AttributeValue>? lastKey = null;
        do
        {
            var response = await db.QueryAsync(new QueryRequest
            {
                TableName = tableName,
                IndexName = T.EventTimeIndex,
                KeyConditionExpression = EventTimeCondition,
                FilterExpression = "attribute_exists(#lat)",
                ProjectionExpression = "#t, #lat, #lon, #status, #eventTime, #eventId",
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
                ScanIndexForward = true,
                Limit = maxPoints - items.Count + 1,
                ExclusiveStartKey = lastKey,
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            }, cancellationToken).ConfigureAwait(false);
            metrics.RecordRead(response.ConsumedCapacity);
            if (response.Items is { } page) items.AddRange(page);
            lastKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (lastKey is not null && items.Count <= maxPoints);

        var truncated = items.Count > maxPoints;
        if (truncated) items.RemoveRange(maxPoints, items.Count - maxPoints);
        return (items, truncated);
    }

    private const string EventTimeCondition = "#pk = :pk AND #t BETWEEN :lo AND :hi";

    /// <summary>Placeholders of <see cref="EventTimeCondition"/>: one package's events between two event-time sort keys.</summary>
    private static (Dictionary<string, string> Names, Dictionary<string, AttributeValue> Values) EventTimeRange(string trackingId, string lowerBound, string upperBound)
        => (new Dictionary<string, string> { ["#pk"] = T.PartitionKey, ["#t"] = T.EventTimeSortKey },
            new Dictionary<string, AttributeValue>
            {
                [":pk"] = new() { S = T.PackageKey(trackingId) },
                [":lo"] = new() { S = lowerBound },
                [":hi"] = new() { S = upperBound },
            });

    /// <summary>One shard of the status index, newest update first.</summary>
    public async Task<(List<Dictionary<string, AttributeValue>> Items, bool HasMore)> QueryStatusShardAsync(
        string status, int shard, string lowerBound, string upperBound, string? startAfter, int limit, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var partition = T.StatusPartition(status, shard);
        Dictionary<string, AttributeValue>? startKey = null;
        if (startAfter is not null)
        {
            startKey = new Dictionary<string, AttributeValue>(4)
            {
                [T.PartitionKey] = new() { S = T.PackageKey(T.TrackingIdFromStatusSortValue(startAfter)) },
                [T.SortKey] = new() { S = T.StateSortKeyValue },
                [T.StatusPartitionKey] = new() { S = partition },
                [T.StatusSortKey] = new() { S = startAfter },
            };
        }

        var response = await db.QueryAsync(new QueryRequest
        {
            TableName = tableName,
            IndexName = T.StatusIndex,
            KeyConditionExpression = "#p = :p AND #s BETWEEN :lo AND :hi",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#p"] = T.StatusPartitionKey, ["#s"] = T.StatusSortKey },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>
            {
                [":p"] = new() { S = partition },
                [":lo"] = new() { S = lowerBound },
                [":hi"] = new() { S = upperBound },
            },
            ScanIndexForward = false,
            Limit = limit,
            ExclusiveStartKey = startKey,
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        }, cancellationToken).ConfigureAwait(false);
        metrics.RecordRead(response.ConsumedCapacity);
        return (response.Items ?? [], response.LastEvaluatedKey is { Count: > 0 });
    }
}

/// <summary>A validated history query. Bounds are event-time sort-key strings: from inclusive, to exclusive.</summary>
public sealed record HistoryQuery(string TrackingId, string? Status, string? EventType, string LowerBound, string UpperBound, bool Ascending, int Limit);
