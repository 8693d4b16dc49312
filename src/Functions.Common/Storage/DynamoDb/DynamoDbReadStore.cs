using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Tracking.Contracts.Api;
using Tracking.Contracts.Domain;
using Tracking.Functions.Observability;
using A = Tracking.Contracts.Storage.ItemAttributes;
using K = Tracking.Functions.Storage.DynamoDb.ItemKeys;
using T = Tracking.Contracts.Storage.TrackingTable;

namespace Tracking.Functions.Storage.DynamoDb;

/// <summary>
/// The read side on DynamoDB. Reads are eventually consistent (half the price of strongly consistent); a state read
/// lags a write by well under a second in practice, and the ETag tells clients when it changed.
/// No Scan anywhere: every call names a partition. A history position is the event-time sort key of the last item
/// evaluated ("{eventTime}#{eventId}"); the package part of the start key comes from the query, never the client.
/// </summary>
public sealed class DynamoDbReadStore(IDynamoDb db, string tableName) : ITrackingReadStore
{
    private const int MaxHistoryCalls = 8;
    private const string EventTimeCondition = "#pk = :pk AND #t BETWEEN :lo AND :hi";

    private readonly StatusSearch _search = new(db, tableName);

    public async Task<PackageStateResponse?> GetStateAsync(string trackingId, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var item = await GetItemAsync(StateItemMapper.StateKey(trackingId), metrics, cancellationToken).ConfigureAwait(false);
        return item is null || ErasureItems.IsTombstone(item) ? null : StateItemMapper.ToResponse(item);
    }

    public async Task<PackageRecord?> GetPackageAsync(string trackingId, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var item = await GetItemAsync(StateItemMapper.StateKey(trackingId), metrics, cancellationToken).ConfigureAwait(false);
        return item is null || ErasureItems.IsTombstone(item) ? null : new PackageRecord(StateItemMapper.ToResponse(item), StateItemMapper.ContributorsOf(item));
    }

    public async Task<TrackingEventResponse?> GetEventAsync(string trackingId, string eventId, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var key = new Dictionary<string, AttributeValue>(2)
        {
            [T.PartitionKey] = new() { S = K.PackageKey(trackingId) },
            [T.SortKey] = new() { S = K.EventKey(eventId) },
        };
        var item = await GetItemAsync(key, metrics, cancellationToken).ConfigureAwait(false);
        return item is null ? null : EventItemMapper.ToResponse(item);
    }

    /// <summary>One page from the event-time index, filled across filtered-out items up to a bounded number of calls.</summary>
    public async Task<Page<TrackingEventResponse>> ReadHistoryAsync(HistoryQuery query, PagePosition? position, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var (lower, upper) = (K.From(query.From), K.Until(query.To));
        var lastKey = position is { } p ? HistoryStartKey(query.TrackingId, p, lower, upper) : null;
        var (names, values) = EventTimeRange(query.TrackingId, lower, upper, extraNames: 2);
        var filter = HistoryFilter(query, names, values);
        var items = new List<TrackingEventResponse>(query.Limit);
        for (var call = 0; call < MaxHistoryCalls; call++)
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
            if (response.Items is { } page)
            {
                foreach (var item in page) items.Add(EventItemMapper.ToResponse(item));
            }
            lastKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
            if (lastKey is null || items.Count >= query.Limit || filter is null) break;
        }
        var nextPosition = lastKey is not null && lastKey.TryGetValue(T.EventTimeSortKey, out var sortKey) ? new PagePosition(sortKey.S) : (PagePosition?)null;
        return new Page<TrackingEventResponse>(items, nextPosition);
    }

    /// <summary>Positions in time order, only events that carry one; bounded so a runaway package cannot exhaust the function.</summary>
    public async Task<TrackPage> ReadTrackAsync(TrackQuery query, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var points = new List<TrackPoint>();
        var (names, values) = EventTimeRange(query.TrackingId, K.From(query.From), K.Until(query.To), extraNames: 5);
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
                Limit = query.MaxPoints - points.Count + 1,
                ExclusiveStartKey = lastKey,
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            }, cancellationToken).ConfigureAwait(false);
            metrics.RecordRead(response.ConsumedCapacity);
            if (response.Items is { } page)
            {
                points.EnsureCapacity(points.Count + page.Count);
                foreach (var item in page) points.Add(EventItemMapper.ToTrackPoint(item));
            }
            lastKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (lastKey is not null && points.Count <= query.MaxPoints);

        var truncated = points.Count > query.MaxPoints;
        if (truncated) points.RemoveRange(query.MaxPoints, points.Count - query.MaxPoints);
        return new TrackPage(points, truncated);
    }

    public Task<Page<PackageSummary>> SearchStatusAsync(StatusQuery query, PagePosition? position, RequestMetrics metrics, CancellationToken cancellationToken)
        => _search.SearchAsync(query, position, metrics, cancellationToken);

    /// <summary>A ValueTask: the call usually completes as one step of its caller, with no task of its own to allocate.</summary>
    private async ValueTask<Dictionary<string, AttributeValue>?> GetItemAsync(Dictionary<string, AttributeValue> key, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var response = await db.GetItemAsync(new GetItemRequest
        {
            TableName = tableName,
            Key = key,
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        }, cancellationToken).ConfigureAwait(false);
        metrics.RecordRead(response.ConsumedCapacity);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    /// <summary>The index's start key rebuilt from the position; the package comes from the query.</summary>
    private static Dictionary<string, AttributeValue> HistoryStartKey(string trackingId, PagePosition position, string lowerBound, string upperBound)
    {
        PositionShape.CheckHistory(position.Token, lowerBound, upperBound);
        var eventId = K.EventIdFromEventTimeKey(position.Token) ?? throw new InvalidPagePositionException("not a history position");
        return new Dictionary<string, AttributeValue>(3)
        {
            [T.PartitionKey] = new() { S = K.PackageKey(trackingId) },
            [T.SortKey] = new() { S = K.EventKey(eventId) },
            [T.EventTimeSortKey] = new() { S = position.Token },
        };
    }

    private static string? HistoryFilter(HistoryQuery query, Dictionary<string, string> names, Dictionary<string, AttributeValue> values)
    {
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
        return filter;
    }

    /// <summary>Placeholders of <see cref="EventTimeCondition"/>: one package's events between two event-time sort keys.</summary>
    private static (Dictionary<string, string> Names, Dictionary<string, AttributeValue> Values) EventTimeRange(string trackingId, string lowerBound, string upperBound, int extraNames)
        => (new Dictionary<string, string>(2 + extraNames) { ["#pk"] = T.PartitionKey, ["#t"] = T.EventTimeSortKey },
            new Dictionary<string, AttributeValue>(5)
            {
                [":pk"] = new() { S = K.PackageKey(trackingId) },
                [":lo"] = new() { S = lowerBound },
                [":hi"] = new() { S = upperBound },
            });
}
