using Amazon.DynamoDBv2.Model;
using Tracking.Contracts.Storage;
using Tracking.Functions.Observability;

namespace Tracking.Query;

/// <summary>
/// Search by current status over the write-sharded status index: query every shard in parallel (each newest first),
/// merge by updatedAt, keep one page. The cursor remembers, per shard, the last item handed out, so the next page
/// resumes each shard exactly where the merge stopped taking from it: no item is skipped or repeated by paging.
/// </summary>
public sealed class PackageSearch(TrackingReader reader)
{
    /// <summary>Per-shard position: null = not started, "" = exhausted, otherwise the last consumed sort key.</summary>
    public const string Exhausted = "";

    public async Task<(List<Dictionary<string, AttributeValue>> Page, List<string?>? NextPositions)> SearchAsync(
        string status, string lowerBound, string upperBound, int limit, List<string?> positions, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var shards = TrackingTable.StatusIndexShards;
        var tasks = new Task<(List<Dictionary<string, AttributeValue>> Items, bool HasMore)>?[shards];
        for (var shard = 0; shard < shards; shard++)
        {
            if (positions[shard] == Exhausted) continue;
            tasks[shard] = reader.QueryStatusShardAsync(status, shard, lowerBound, upperBound, positions[shard], limit, metrics, cancellationToken);
        }

        var results = new (List<Dictionary<string, AttributeValue>> Items, bool HasMore)[shards];
        for (var shard = 0; shard < shards; shard++)
        {
            results[shard] = tasks[shard] is { } task ? await task.ConfigureAwait(false) : ([], false);
        }
        return Merge(results, positions, limit);
    }

    /// <summary>The merge, separate from I/O so it can be tested exhaustively.</summary>
    public static (List<Dictionary<string, AttributeValue>> Page, List<string?>? NextPositions) Merge(
        (List<Dictionary<string, AttributeValue>> Items, bool HasMore)[] shards, List<string?> positions, int limit)
    {
        var next = new int[shards.Length];
        var page = new List<Dictionary<string, AttributeValue>>(limit);
        while (page.Count < limit)
        {
            var best = -1;
            string? bestKey = null;
            for (var s = 0; s < shards.Length; s++)
            {
                if (next[s] >= shards[s].Items.Count) continue;
                var key = SortKey(shards[s].Items[next[s]]);
                if (bestKey is null || string.CompareOrdinal(key, bestKey) > 0)
                {
                    best = s;
                    bestKey = key;
                }
            }
            if (best < 0) break;
            page.Add(shards[best].Items[next[best]]);
            next[best]++;
        }

        var nextPositions = new List<string?>(shards.Length);
        var anyLeft = false;
        for (var s = 0; s < shards.Length; s++)
        {
            string? position;
            var drained = next[s] >= shards[s].Items.Count;
            if (positions[s] == Exhausted || (drained && !shards[s].HasMore)) position = Exhausted;
            else if (next[s] > 0) position = SortKey(shards[s].Items[next[s] - 1]);
            else position = positions[s];
            anyLeft |= position != Exhausted;
            nextPositions.Add(position);
        }
        return (page, anyLeft ? nextPositions : null);
    }

    private static string SortKey(Dictionary<string, AttributeValue> item)
        => item.TryGetValue(TrackingTable.StatusSortKey, out var value) && value.S is not null ? value.S : "";
}
