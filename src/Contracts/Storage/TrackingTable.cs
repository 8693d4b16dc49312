namespace Tracking.Contracts.Storage;

/// <summary>
/// The single-table layout. Key names and index names must match Definitions/table.json (a test holds them together).
///
/// Item types under one partition per package (pk = PKG#{trackingId}):
///   event:  sk = EVT#{eventId}   — the conditional put on this key is what makes retries idempotent;
///           lsi1sk = {eventTime}#{eventId} orders history by event time (local index by-event-time).
///   state:  sk = STATE           — the latest state, updated only by newer events (condition expression);
///           gsi1pk = STATUS#{status}#{shard}, gsi1sk = {updatedAt}#{trackingId} (global index by-status).
/// The status index is write-sharded: one partition per status would take every update of, say, all in-transit
/// packages, and a single GSI partition takes about 1,000 writes per second. Spreading each status over
/// StatusIndexShards partitions by a stable hash of the tracking id removes that ceiling; a search queries every
/// shard in parallel and merges by updatedAt.
/// </summary>
public static class TrackingTable
{
    public const string PartitionKey = "pk";
    public const string SortKey = "sk";
    public const string EventTimeSortKey = "lsi1sk";
    public const string StatusPartitionKey = "gsi1pk";
    public const string StatusSortKey = "gsi1sk";
    public const string TimeToLive = "expiresAt";

    public const string EventTimeIndex = "by-event-time";
    public const string StatusIndex = "by-status";

    /// <summary>Each state item's shard is fixed when it is written: lowering this strands items in shards no longer
    /// queried (needs a backfill); raising it is safe but old items stay in the low shards. See docs/design.md.</summary>
    public const int StatusIndexShards = 8;

    public const string PackagePrefix = "PKG#";
    public const string EventPrefix = "EVT#";
    public const string StateSortKeyValue = "STATE";
    public const string StatusPrefix = "STATUS#";

    public static string PackageKey(string trackingId) => PackagePrefix + trackingId;

    public static string EventKey(string eventId) => EventPrefix + eventId;

    public static string EventTimeKey(string storageTimestamp, string eventId) => string.Concat(storageTimestamp, "#", eventId);

    public static string StatusPartition(string status, int shard) => string.Concat(StatusPrefix, status, "#", shard.ToString("D2", System.Globalization.CultureInfo.InvariantCulture));

    public static string StatusSortValue(string storageUpdatedAt, string trackingId) => string.Concat(storageUpdatedAt, "#", trackingId);

    /// <summary>FNV-1a: stable across processes and versions (string.GetHashCode is randomized per process).</summary>
    public static int ShardOf(string trackingId)
    {
        var hash = 2166136261u;
        foreach (var c in trackingId)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash % StatusIndexShards);
    }

    /// <summary>The tracking id is the suffix of the status sort key after the fixed-width timestamp.</summary>
    public static string TrackingIdFromStatusSortValue(string value)
        => value.Length > Domain.Timestamps.StorageLength + 1 ? value[(Domain.Timestamps.StorageLength + 1)..] : "";
}

/// <summary>Non-key attribute names.</summary>
public static class ItemAttributes
{
    public const string TrackingId = "tid";
    public const string EventId = "eventId";
    public const string Status = "status";
    public const string EventTime = "eventTime";
    public const string EventType = "eventType";
    public const string Lat = "lat";
    public const string Lon = "lon";
    public const string Metadata = "metadata";
    public const string ReceivedAt = "receivedAt";
    public const string Source = "source";
    public const string ContentHash = "contentHash";
    public const string FirstSeen = "firstSeen";
    public const string UpdatedAt = "updatedAt";
    public const string EventCount = "eventCount";
}
