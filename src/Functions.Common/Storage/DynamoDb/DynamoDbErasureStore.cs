using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Tracking.Functions.Observability;
using K = Tracking.Functions.Storage.DynamoDb.ItemKeys;
using T = Tracking.Contracts.Storage.TrackingTable;

namespace Tracking.Functions.Storage.DynamoDb;

/// <summary>
/// Erasure on DynamoDB: tombstone the state item (one UpdateItem), then delete the partition's event items with
/// BatchWriteItem, 25 keys per call and <see cref="Concurrency"/> calls in flight, each round's keys from a strongly
/// consistent keys-only Query. The loop checks the work time after each round's Query, so it stops cleanly; the next call
/// re-queries what is left. The tombstone keeps only the key, erasedAt, the erasure status and its TTL.
/// </summary>
public sealed class DynamoDbErasureStore(IDynamoDb db, string tableName, Func<DateTime, long> tombstoneExpiresAt) : IErasureStore
{
    /// <summary>BatchWriteItem's limit.</summary>
    public const int BatchSize = 25;

    /// <summary>Batches in flight. One partition takes about 1,000 write units a second (each event delete is also an
    /// LSI delete), so more would only be throttled.</summary>
    public const int Concurrency = 4;

    /// <summary>Keys per Query round: Concurrency × BatchSize × 4 rounds of batches.</summary>
    private const int KeysPerRound = 400;

    private const int MaxUnprocessedRetries = 8;

    public async Task<ErasureResult> EraseAsync(string trackingId, DateTime requestedAt, TimeSpan workTime, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (!await TombstoneAsync(trackingId, requestedAt, metrics, cancellationToken).ConfigureAwait(false))
        {
            return new ErasureResult(ErasureStatus.NotFound, 0);
        }

        var deleted = 0;
        while (true)
        {
            var keys = await EventKeysAsync(trackingId, metrics, cancellationToken).ConfigureAwait(false);
            if (keys.Count == 0)
            {
                await MarkCompleteAsync(trackingId, metrics, cancellationToken).ConfigureAwait(false);
                return new ErasureResult(ErasureStatus.Complete, deleted);
            }
            if (Stopwatch.GetElapsedTime(started) >= workTime) return new ErasureResult(ErasureStatus.InProgress, deleted);
            var batches = keys.Chunk(BatchSize).ToList();
            var options = new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(batches, options, async (batch, ct) =>
            {
                await DeleteBatchAsync(batch, started, workTime, metrics, ct).ConfigureAwait(false);
                Interlocked.Add(ref deleted, batch.Length);
            }).ConfigureAwait(false);
        }
    }

    /// <summary>False when nothing was ever stored under the id. Events without a state item (a writer that crashed
    /// between its two writes) still count as stored: they get a tombstone and are erased.</summary>
    private async Task<bool> TombstoneAsync(string trackingId, DateTime requestedAt, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var update = ErasureItems.BuildTombstone(tableName, trackingId, requestedAt, tombstoneExpiresAt(requestedAt), requireExisting: true);
        try
        {
            metrics.RecordWrite((await db.UpdateItemAsync(update, cancellationToken).ConfigureAwait(false)).ConsumedCapacity);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            metrics.RecordFailedWrite(1);
        }
        var probe = await QueryEventKeysAsync(trackingId, 1, metrics, cancellationToken).ConfigureAwait(false);
        if (probe.Count == 0) return false;
        var unconditional = ErasureItems.BuildTombstone(tableName, trackingId, requestedAt, tombstoneExpiresAt(requestedAt), requireExisting: false);
        metrics.RecordWrite((await db.UpdateItemAsync(unconditional, cancellationToken).ConfigureAwait(false)).ConsumedCapacity);
        return true;
    }

    private Task<List<Dictionary<string, AttributeValue>>> EventKeysAsync(string trackingId, RequestMetrics metrics, CancellationToken cancellationToken)
        => QueryEventKeysAsync(trackingId, KeysPerRound, metrics, cancellationToken);

    private async Task<List<Dictionary<string, AttributeValue>>> QueryEventKeysAsync(string trackingId, int limit, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var response = await db.QueryAsync(new QueryRequest
        {
            TableName = tableName,
            KeyConditionExpression = "#pk = :pk AND begins_with(#sk, :evt)",
            ProjectionExpression = "#pk, #sk",
            ExpressionAttributeNames = new Dictionary<string, string>(2) { ["#pk"] = T.PartitionKey, ["#sk"] = T.SortKey },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>(2)
            {
                [":pk"] = new() { S = K.PackageKey(trackingId) },
                [":evt"] = new() { S = K.EventPrefix },
            },
            // Strongly consistent: a key deleted in the previous round must not come back.
            ConsistentRead = true,
            Limit = limit,
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        }, cancellationToken).ConfigureAwait(false);
        metrics.RecordRead(response.ConsumedCapacity);
        return response.Items ?? [];
    }

    /// <summary>One BatchWriteItem; what DynamoDB leaves unprocessed (throttling) is retried with backoff, within the work time.</summary>
    private async Task DeleteBatchAsync(Dictionary<string, AttributeValue>[] keys, long started, TimeSpan workTime, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var pending = new List<WriteRequest>(keys.Length);
        foreach (var key in keys) pending.Add(new WriteRequest { DeleteRequest = new DeleteRequest { Key = key } });
        for (var attempt = 0; pending.Count > 0; attempt++)
        {
            var response = await db.BatchWriteItemAsync(new BatchWriteItemRequest
            {
                RequestItems = new Dictionary<string, List<WriteRequest>>(1) { [tableName] = pending },
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            }, cancellationToken).ConfigureAwait(false);
            if (response.ConsumedCapacity is { } consumed) foreach (var c in consumed) metrics.RecordWrite(c);
            pending = response.UnprocessedItems is { } left && left.TryGetValue(tableName, out var rest) ? rest : [];
            if (pending.Count == 0 || attempt >= MaxUnprocessedRetries || Stopwatch.GetElapsedTime(started) >= workTime) return;
            await Task.Delay(TimeSpan.FromMilliseconds(25 << attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task MarkCompleteAsync(string trackingId, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        try
        {
            var response = await db.UpdateItemAsync(ErasureItems.BuildComplete(tableName, trackingId), cancellationToken).ConfigureAwait(false);
            metrics.RecordWrite(response.ConsumedCapacity);
        }
        catch (ConditionalCheckFailedException)
        {
            // The tombstone expired meanwhile (TTL): nothing is left to mark, and nothing of the package either.
            metrics.RecordFailedWrite(1);
        }
    }
}
