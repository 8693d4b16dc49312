using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Tracking.Contracts.Validation;
using Tracking.Functions.Observability;
using K = Tracking.Functions.Storage.DynamoDb.ItemKeys;
using T = Tracking.Contracts.Storage.TrackingTable;

namespace Tracking.Functions.Storage.DynamoDb;

/// <summary>
/// The write side on DynamoDB (as Powertools' <c>DynamoDBPersistenceStore</c>). An append is two idempotent writes:
/// 1. Conditional put on (PKG#id, EVT#eventId): a retry can never store a second copy.
/// 2. Conditional update of the state item, applied only when the event is newer than the state.
/// No transactions (they cost double); the two writes converge because both are idempotent on retry:
/// a retried duplicate re-applies step 2, so a crash between the steps heals on the partner's retry.
/// </summary>
public sealed class DynamoDbWriteStore(IDynamoDb db, string tableName, Func<DateTime, long?> expiresAt) : ITrackingWriteStore
{
    private const string NotExists = "attribute_not_exists(#pk)";

    /// <summary>The whole append path: put the event once, then fold it into the state (see the class comment).</summary>
    public async Task<AppendResult> AppendAsync(ValidatedEvent trackingEvent, string source, DateTime receivedAt, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var e = trackingEvent;
        var ttl = expiresAt(receivedAt);
        var item = EventItemMapper.ToItem(e, receivedAt, source, ttl);
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
        }
        catch (ConditionalCheckFailedException conflict)
        {
            metrics.RecordFailedWrite(1);
            var existing = conflict.Item is { Count: > 0 } old ? old : await ReadEventAsync(e, metrics, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                // Expired by TTL between the two calls: nothing is stored any more, so this is a first write after all.
                return await AppendAsync(e, source, receivedAt, metrics, cancellationToken).ConfigureAwait(false);
            }
            if (!string.Equals(EventItemMapper.ContentHashOf(existing), e.ContentHash, StringComparison.Ordinal))
            {
                return new AppendResult(AppendOutcome.Conflict, EventItemMapper.ToResponse(existing));
            }
            if (await ApplyToStateAsync(e, source, receivedAt, ttl, StateItemMapper.CountMode.Unchanged, metrics, cancellationToken).ConfigureAwait(false))
            {
                return await RefuseAsync(e, existing, metrics, cancellationToken).ConfigureAwait(false);
            }
            return new AppendResult(AppendOutcome.Duplicate, EventItemMapper.ToResponse(existing));
        }

        if (await ApplyToStateAsync(e, source, receivedAt, ttl, StateItemMapper.CountMode.Increment, metrics, cancellationToken).ConfigureAwait(false))
        {
            return await RefuseAsync(e, item, metrics, cancellationToken).ConfigureAwait(false);
        }
        return new AppendResult(AppendOutcome.Created, EventItemMapper.ToResponse(item));
    }

    /// <summary>Folds the event into the state; true when the package turned out to be erased (a tombstone).</summary>
    private async Task<bool> ApplyToStateAsync(ValidatedEvent e, string source, DateTime receivedAt, long? ttl, StateItemMapper.CountMode mode, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        Dictionary<string, AttributeValue>? current;
        try
        {
            var response = await db.UpdateItemAsync(StateItemMapper.BuildNewerStateUpdate(tableName, e, receivedAt, ttl, mode, source), cancellationToken).ConfigureAwait(false);
            metrics.RecordWrite(response.ConsumedCapacity);
            return false;
        }
        catch (ConditionalCheckFailedException failed)
        {
            // The state already holds a newer (or this very) event, or the package was erased. DynamoDB says which by
            // returning the item; dynalite does not, so read it then.
            metrics.RecordFailedWrite(1);
            current = failed.Item is { Count: > 0 } old ? old : await ReadStateAsync(e.TrackingId, metrics, cancellationToken).ConfigureAwait(false);
        }
        if (ErasureItems.IsTombstone(current)) return true;

        var followUp = mode == StateItemMapper.CountMode.Increment
            ? StateItemMapper.BuildCountOnlyUpdate(tableName, e.TrackingId, ttl, source)
            : current is not null && !StateItemMapper.ContributorsOf(current).Contains(source)
                ? StateItemMapper.BuildContributorUpdate(tableName, e.TrackingId, source)
                : null;
        if (followUp is null) return false;
        try
        {
            metrics.RecordWrite((await db.UpdateItemAsync(followUp, cancellationToken).ConfigureAwait(false)).ConsumedCapacity);
        }
        catch (ConditionalCheckFailedException)
        {
            // Erased between the two updates: the event is refused like any other late one.
            metrics.RecordFailedWrite(1);
            return ErasureItems.IsTombstone(await ReadStateAsync(e.TrackingId, metrics, cancellationToken).ConfigureAwait(false));
        }
        return false;
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
