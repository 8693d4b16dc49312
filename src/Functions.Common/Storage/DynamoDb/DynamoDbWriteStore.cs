using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Tracking.Contracts.Validation;
using Tracking.Functions.Observability;
using A = Tracking.Contracts.Storage.ItemAttributes;
using K = Tracking.Functions.Storage.DynamoDb.ItemKeys;
using T = Tracking.Contracts.Storage.TrackingTable;

namespace Tracking.Functions.Storage.DynamoDb;

/// <summary>
/// The write side on DynamoDB (as Powertools' <c>DynamoDBPersistenceStore</c>). Every step is idempotent, so any
/// step may run twice (SDK retries, client retries, concurrent copies) or be stopped anywhere (crash, spent budget)
/// and a later run of the same append completes it (docs/design.md, "Exact eventCount"):
/// 1. Conditional put on (PKG#id, EVT#eventId) carrying this arrival's write token: never a second copy. A failed
///    condition that finds our own token is our own earlier attempt (the SDK retried a put that had applied):
///    created, not duplicate.
/// 2. Count the package's stored events (a strongly consistent COUNT query).
/// 3. Fold into the state if newer, and set eventCount to that count if it is not behind: both conditional, so a
///    late or repeated update never moves the state back nor lowers the count. The sender joins the package's
///    contributors (object-level access). No update applies to a tombstone: an event for an erased package is
///    deleted again and answered <see cref="AppendOutcome.Gone"/>, so a carrier's retry cannot resurrect it.
/// No transactions (twice the write cost, absent from dynalite), no ADD (not idempotent under retries).
/// </summary>
public sealed class DynamoDbWriteStore(IDynamoDb db, string tableName, Func<DateTime, long?> expiresAt) : ITrackingWriteStore
{
    private const string NotExists = "attribute_not_exists(#pk)";

    public async Task<AppendResult> AppendAsync(ValidatedEvent trackingEvent, string source, DateTime receivedAt, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var ttl = expiresAt(receivedAt);
        var (outcome, stored) = await PutOnceAsync(trackingEvent, source, receivedAt, ttl, metrics, cancellationToken).ConfigureAwait(false);
        // A conflict stores nothing; a duplicate completes whatever an earlier arrival left undone (a crash between steps).
        if (outcome == AppendOutcome.Conflict) return new AppendResult(outcome, EventItemMapper.ToResponse(stored));
        if (await ReconcileStateAsync(trackingEvent, source, receivedAt, ttl, metrics, cancellationToken).ConfigureAwait(false))
        {
            return await RefuseAsync(trackingEvent, stored, metrics, cancellationToken).ConfigureAwait(false);
        }
        return new AppendResult(outcome, EventItemMapper.ToResponse(stored));
    }

    private async Task<(AppendOutcome, Dictionary<string, AttributeValue>)> PutOnceAsync(ValidatedEvent e, string source, DateTime receivedAt, long? ttl,
        RequestMetrics metrics, CancellationToken cancellationToken)
    {
        // One token per arrival: the SDK's retries of this put carry it, a client's retry (a new arrival) does not.
        var token = Guid.NewGuid().ToString("N");
        var item = EventItemMapper.ToItem(e, receivedAt, source, ttl);
        item[A.WriteToken] = new AttributeValue { S = token };
        var put = new PutItemRequest
        {
            TableName = tableName,
            Item = item,
            ConditionExpression = NotExists,
            ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = T.PartitionKey },
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        };
        try
        {
            var response = await db.PutItemAsync(put, cancellationToken).ConfigureAwait(false);
            metrics.RecordWrite(response.ConsumedCapacity);
            return (AppendOutcome.Created, item);
        }
        catch (ConditionalCheckFailedException conflict)
        {
            metrics.RecordFailedWrite(1);
            var existing = conflict.Item is { Count: > 0 } old ? old : await ReadEventAsync(e, metrics, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                // Expired by TTL between the two calls: nothing is stored any more, so this is a first write after all.
                return await PutOnceAsync(e, source, receivedAt, ttl, metrics, cancellationToken).ConfigureAwait(false);
            }
            if (existing.GetValueOrDefault(A.WriteToken)?.S == token) return (AppendOutcome.Created, existing);
            return string.Equals(EventItemMapper.ContentHashOf(existing), e.ContentHash, StringComparison.Ordinal)
                ? (AppendOutcome.Duplicate, existing)
                : (AppendOutcome.Conflict, existing);
        }
    }

    /// <summary>Steps 2 and 3; true when the package turned out to be erased. The count is taken after our put, so
    /// it includes our event and every event stored before.</summary>
    private async Task<bool> ReconcileStateAsync(ValidatedEvent e, string source, DateTime receivedAt, long? ttl, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var count = await CountEventsAsync(e.TrackingId, metrics, cancellationToken).ConfigureAwait(false);
        Dictionary<string, AttributeValue>? old;
        try
        {
            var response = await db.UpdateItemAsync(StateItemMapper.BuildNewerStateUpdate(tableName, e, receivedAt, ttl, count, source), cancellationToken).ConfigureAwait(false);
            metrics.RecordWrite(response.ConsumedCapacity);
            return false;
        }
        catch (ConditionalCheckFailedException failed)
        {
            metrics.RecordFailedWrite(1);
            // DynamoDB returns the state that failed the condition (older, count ahead, or erased); dynalite does not, so read it.
            old = failed.Item is { Count: > 0 } item ? item : await ReadStateAsync(e.TrackingId, metrics, cancellationToken).ConfigureAwait(false);
        }
        if (ErasureItems.IsTombstone(old)) return true;

        var applied = true;
        var followedUp = false;
        if (old is null || StateItemMapper.StoredCount(old) < count)
        {
            applied &= await TryUpdateAsync(StateItemMapper.BuildCountUpdate(tableName, e.TrackingId, count, ttl, source), metrics, cancellationToken).ConfigureAwait(false);
            followedUp = true;
        }
        if (old is null || StateItemMapper.IsNewerThan(e, old))
        {
            applied &= await TryUpdateAsync(StateItemMapper.BuildNewerStateUpdate(tableName, e, receivedAt, ttl, eventCount: null, source), metrics, cancellationToken).ConfigureAwait(false);
            followedUp = true;
        }
        if (!followedUp && !StateItemMapper.ContributorsOf(old!).Contains(source))
        {
            applied &= await TryUpdateAsync(StateItemMapper.BuildContributorUpdate(tableName, e.TrackingId, source), metrics, cancellationToken).ConfigureAwait(false);
        }
        // A follow-up that failed its condition lost to a newer event or a higher count, or met an erasure meanwhile.
        return !applied && ErasureItems.IsTombstone(await ReadStateAsync(e.TrackingId, metrics, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>False when the update's condition failed (someone else got there first, or the package was erased).</summary>
    private async Task<bool> TryUpdateAsync(UpdateItemRequest request, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        try
        {
            var response = await db.UpdateItemAsync(request, cancellationToken).ConfigureAwait(false);
            metrics.RecordWrite(response.ConsumedCapacity);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            metrics.RecordFailedWrite(1);
            return false;
        }
    }

    /// <summary>A late update of an erased package: its event item goes (this write's or an earlier copy), and nothing stays stored.</summary>
    private async Task<AppendResult> RefuseAsync(ValidatedEvent e, Dictionary<string, AttributeValue> item, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var response = await db.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = tableName,
            Key = EventKey(e),
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        }, cancellationToken).ConfigureAwait(false);
        metrics.RecordWrite(response.ConsumedCapacity);
        return new AppendResult(AppendOutcome.Gone, EventItemMapper.ToResponse(item));
    }

    private async Task<Dictionary<string, AttributeValue>?> ReadStateAsync(string trackingId, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var response = await db.GetItemAsync(new GetItemRequest
        {
            TableName = tableName,
            Key = StateItemMapper.StateKey(trackingId),
            ConsistentRead = true,
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        }, cancellationToken).ConfigureAwait(false);
        metrics.RecordRead(response.ConsumedCapacity);
        return response.Item is { Count: > 0 } state ? state : null;
    }

    private static Dictionary<string, AttributeValue> EventKey(ValidatedEvent e) => new(2)
    {
        [T.PartitionKey] = new() { S = K.PackageKey(e.TrackingId) },
        [T.SortKey] = new() { S = K.EventKey(e.EventId) },
    };

    /// <summary>The package's stored events, counted by DynamoDB (strongly consistent, so our own put is included).</summary>
    private async Task<long> CountEventsAsync(string trackingId, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        long count = 0;
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await db.QueryAsync(new QueryRequest
            {
                TableName = tableName,
                KeyConditionExpression = "#pk = :pk AND begins_with(#sk, :events)",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = T.PartitionKey, ["#sk"] = T.SortKey },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":pk"] = new() { S = K.PackageKey(trackingId) },
                    [":events"] = new() { S = K.EventPrefix },
                },
                Select = Select.COUNT,
                ConsistentRead = true,
                ExclusiveStartKey = start,
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            }, cancellationToken).ConfigureAwait(false);
            metrics.RecordRead(response.ConsumedCapacity);
            count += response.Count ?? 0;
            start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);
        return count;
    }

    private async Task<Dictionary<string, AttributeValue>?> ReadEventAsync(ValidatedEvent e, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var response = await db.GetItemAsync(new GetItemRequest
        {
            TableName = tableName,
            Key = EventKey(e),
            ConsistentRead = true,
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        }, cancellationToken).ConfigureAwait(false);
        metrics.RecordRead(response.ConsumedCapacity);
        return response.Item is { Count: > 0 } item ? item : null;
    }
}
