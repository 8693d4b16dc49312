using System.Globalization;
using Tracking.Contracts.Domain;
using T = Tracking.Contracts.Storage.TrackingTable;

namespace Tracking.Functions.Storage.DynamoDb;

/// <summary>How the DynamoDB store builds key values (see TrackingTable for the layout). Only this store knows them.</summary>
public static class ItemKeys
{
    public const string PackagePrefix = "PKG#";
    public const string EventPrefix = "EVT#";
    public const string StateSortKeyValue = "STATE";
    public const string StatusPrefix = "STATUS#";

    public static string PackageKey(string trackingId) => PackagePrefix + trackingId;

    public static string EventKey(string eventId) => EventPrefix + eventId;

    public static string EventTimeKey(string storageTimestamp, string eventId) => string.Concat(storageTimestamp, "#", eventId);

    public static string StatusPartition(string status, int shard) => string.Concat(StatusPrefix, status, "#", shard.ToString("D2", CultureInfo.InvariantCulture));

    public static string StatusSortValue(string storageUpdatedAt, string trackingId) => string.Concat(storageUpdatedAt, "#", trackingId);

    /// <summary>FNV-1a: stable across processes and versions (string.GetHashCode is randomized per process).</summary>
    public static int ShardOf(string trackingId)
    {
        var hash = 2166136261u;
        foreach (var c in trackingId)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash % T.StatusIndexShards);
    }

    /// <summary>The tracking id is the suffix of the status sort key after the fixed-width timestamp.</summary>
    public static string TrackingIdFromStatusSortValue(string value)
        => value.Length > Timestamps.StorageLength + 1 ? value[(Timestamps.StorageLength + 1)..] : "";

    /// <summary>The event id is the suffix of the event-time sort key after the fixed-width timestamp; null when the
    /// value is not "{timestamp}#{event id}".</summary>
    public static string? EventIdFromEventTimeKey(string value)
    {
        if (value.Length <= Timestamps.StorageLength + 1 || value[Timestamps.StorageLength] != '#') return null;
        var eventId = value[(Timestamps.StorageLength + 1)..];
        return Identifiers.IsValidEventId(eventId) ? eventId : null;
    }

    /// <summary>Inclusive lower bound of an event-time range: "{time}" sorts before every "{time}#{id}".</summary>
    public static string From(DateTime? from) => from is { } f ? Timestamps.ToStorage(f) : "0";

    /// <summary>Exclusive upper bound: "{time}#" sorts after every key at an earlier time and before every key at this time.</summary>
    public static string Until(DateTime? to) => to is { } t ? Timestamps.ToStorage(t) + "#" : "9~";

    /// <summary>Exclusive lower bound: '~' sorts after every tracking id character.</summary>
    public static string After(DateTime? after) => after is { } a ? Timestamps.ToStorage(a) + "#~" : "0";
}
