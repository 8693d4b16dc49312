namespace Tracking.Contracts.Storage;

/// <summary>
/// The single-table layout as table.json defines it: attribute, key and index names. Key names and index names must
/// match Definitions/table.json (a test holds them together). How key values are built is the DynamoDB store's
/// business (Functions.Common Storage/DynamoDb/ItemKeys).
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

    /// <summary>On an event item: a random token of the arrival that stored it, so that arrival recognises its own
    /// put when the SDK retries one that had applied (the retry fails the not-exists condition).</summary>
    public const string WriteToken = "writeToken";

    /// <summary>State item: string set of the clients whose events the package holds (object-level access).</summary>
    public const string Contributors = "clients";

    /// <summary>Tombstone (the state item of an erased package): when the erasure was first asked for.</summary>
    public const string ErasedAt = "erasedAt";

    /// <summary>Tombstone: in_progress or complete.</summary>
    public const string Erasure = "erasure";

    public const string AuditAction = "action";
    public const string AuditClient = "client";
    public const string AuditAt = "at";
    public const string AuditOutcome = "outcome";
    public const string AuditRequestId = "requestId";
    public const string AuditEvents = "events";
}
