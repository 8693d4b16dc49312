using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Tracking.Contracts.Api;
using Tracking.Functions.Observability;
using K = Tracking.Functions.Storage.DynamoDb.ItemKeys;
using T = Tracking.Contracts.Storage.TrackingTable;

namespace Tracking.Functions.Storage.DynamoDb;

/// <summary>
/// Search by current status over the write-sharded status index: query every shard in parallel (each newest first),
/// merge by the status sort key ("{updatedAt}#{trackingId}"), keep one page. The position remembers, per shard, the
/// last item handed out, so the next page resumes each shard exactly where the merge stopped taking from it: no item
/// is skipped or repeated by paging (the FsCheck properties in StatusMergeProperties hold the merge to that).
/// </summary>
public sealed class StatusSearch(IDynamoDb db, string tableName)
{
    /// <summary>Per-shard position: null = not started, "" = exhausted, otherwise the last consumed sort key.</summary>
    public const string Exhausted = "";

    public async Task<Page<PackageSummary>> SearchAsync(StatusQuery query, PagePosition? position, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var positions = position is { } p ? ShardPositions.Decode(p) : new string?[T.StatusIndexShards];
        var (lower, upper) = (K.After(query.UpdatedAfter), K.Until(query.UpdatedBefore));
        var tasks = new Task<ShardPage<Dictionary<string, AttributeValue>>>?[positions.Length];
        for (var shard = 0; shard < positions.Length; shard++)
        {
            if (positions[shard] == Exhausted) continue;
            tasks[shard] = QueryShardAsync(query.Status, shard, lower, upper, positions[shard], query.Limit, metrics, cancellationToken);
        }

        var results = new ShardPage<Dictionary<string, AttributeValue>>[positions.Length];
        for (var shard = 0; shard < positions.Length; shard++)
        {
            results[shard] = tasks[shard] is { } task ? await task.ConfigureAwait(false) : ShardPage<Dictionary<string, AttributeValue>>.Empty;
        }
        var (summaries, next) = Merge(results, positions, query.Limit, static item => item.TryGetValue(T.StatusSortKey, out var value) && value.S is not null ? value.S : "", StateItemMapper.ToSummary);
        return new Page<PackageSummary>(summaries, next is null ? null : ShardPositions.Encode(next));
    }

    /// <summary>The merge alone, the items as they come (what the properties test).</summary>
    public static (List<TItem> Page, string?[]? NextPositions) Merge<TItem>(ShardPage<TItem>[] shards, string?[] positions, int limit, Func<TItem, string> sortKey)
        => Merge(shards, positions, limit, sortKey, static item => item);

    /// <summary>
    /// The merge, separate from I/O: takes the greatest sort key across the shards' pages until the page is full
    /// (mapping each item taken), and returns each shard's new position (null when every shard is exhausted: the
    /// search is done).
    /// </summary>
    public static (List<TResult> Page, string?[]? NextPositions) Merge<TItem, TResult>(
        ShardPage<TItem>[] shards, string?[] positions, int limit, Func<TItem, string> sortKey, Func<TItem, TResult> map)
    {
        Span<int> next = stackalloc int[shards.Length];
        var page = new List<TResult>(limit);
        while (page.Count < limit)
        {
            var best = -1;
            string? bestKey = null;
            for (var s = 0; s < shards.Length; s++)
            {
                if (next[s] >= shards[s].Items.Count) continue;
                var key = sortKey(shards[s].Items[next[s]]);
                if (bestKey is null || string.CompareOrdinal(key, bestKey) > 0)
                {
                    best = s;
                    bestKey = key;
                }
            }
            if (best < 0) break;
            page.Add(map(shards[best].Items[next[best]]));
            next[best]++;
        }

        var nextPositions = new string?[shards.Length];
        var anyLeft = false;
        for (var s = 0; s < shards.Length; s++)
        {
            string? position;
            var drained = next[s] >= shards[s].Items.Count;
            if (positions[s] == Exhausted || (drained && !shards[s].HasMore)) position = Exhausted;
            else if (next[s] > 0) position = sortKey(shards[s].Items[next[s] - 1]);
            else position = positions[s];
            anyLeft |= position != Exhausted;
            nextPositions[s] = position;
        }
        return (page, anyLeft ? nextPositions : null);
    }

    /// <summary>One shard of the status index, newest update first, resuming after <paramref name="startAfter"/>.</summary>
    private async Task<ShardPage<Dictionary<string, AttributeValue>>> QueryShardAsync(
        string status, int shard, string lowerBound, string upperBound, string? startAfter, int limit, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var partition = K.StatusPartition(status, shard);
        Dictionary<string, AttributeValue>? startKey = null;
        if (startAfter is not null)
        {
            startKey = new Dictionary<string, AttributeValue>(4)
            {
                [T.PartitionKey] = new() { S = K.PackageKey(K.TrackingIdFromStatusSortValue(startAfter)) },
                [T.SortKey] = new() { S = K.StateSortKeyValue },
                [T.StatusPartitionKey] = new() { S = partition },
                [T.StatusSortKey] = new() { S = startAfter },
            };
        }

        var response = await db.QueryAsync(new QueryRequest
        {
            TableName = tableName,
            IndexName = T.StatusIndex,
            KeyConditionExpression = "#p = :p AND #s BETWEEN :lo AND :hi",
            ExpressionAttributeNames = new Dictionary<string, string>(2) { ["#p"] = T.StatusPartitionKey, ["#s"] = T.StatusSortKey },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>(3)
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
        return new ShardPage<Dictionary<string, AttributeValue>>(response.Items ?? [], response.LastEvaluatedKey is { Count: > 0 });
    }
}

/// <summary>One shard's answer: its items in descending sort-key order, and whether the shard has more after them.</summary>
public readonly record struct ShardPage<TItem>(IReadOnlyList<TItem> Items, bool HasMore)
{
    public static ShardPage<TItem> Empty => new([], false);
}
