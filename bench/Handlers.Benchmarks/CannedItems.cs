using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Tracking.Contracts.Domain;
using A = Tracking.Contracts.Storage.ItemAttributes;
using K = Tracking.Functions.Storage.DynamoDb.ItemKeys;
using T = Tracking.Contracts.Storage.TrackingTable;

namespace Tracking.Bench.Handlers;

/// <summary>Items shaped exactly as the ingest function stores them (same key and attribute constants).</summary>
public static class CannedItems
{
    public const string Table = "tracking-bench";
    public const string TrackingId = "PKG-0001-BENCH";
    public const int PageSize = 50;
    public const int SummariesPerShard = 7;

    private static readonly DateTime Base = new(2026, 11, 24, 8, 0, 0, DateTimeKind.Utc);

    private static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue N(double value) => new() { N = value.ToString("R", CultureInfo.InvariantCulture) };

    public static Dictionary<string, AttributeValue> State()
    {
        var updated = Timestamps.ToStorage(Base.AddHours(3));
        return new Dictionary<string, AttributeValue>
        {
            [T.PartitionKey] = S(K.PackageKey(TrackingId)),
            [T.SortKey] = S(K.StateSortKeyValue),
            [A.TrackingId] = S(TrackingId),
            [A.Status] = S("in_transit"),
            [A.EventTime] = S(Timestamps.ToStorage(Base.AddHours(2))),
            [A.EventId] = S("evt-0049"),
            [A.EventType] = S("status_update"),
            [A.Lat] = N(47.6062),
            [A.Lon] = N(-122.3321),
            [A.FirstSeen] = S(Timestamps.ToStorage(Base)),
            [A.UpdatedAt] = S(updated),
            [A.EventCount] = new AttributeValue { N = "50" },
            [T.StatusPartitionKey] = S(K.StatusPartition("in_transit", K.ShardOf(TrackingId))),
            [T.StatusSortKey] = S(K.StatusSortValue(updated, TrackingId)),
        };
    }

    public static Dictionary<string, AttributeValue> Event(int i)
    {
        var eventId = $"evt-{i:D4}";
        var eventTime = Timestamps.ToStorage(Base.AddMinutes(i));
        return new Dictionary<string, AttributeValue>
        {
            [T.PartitionKey] = S(K.PackageKey(TrackingId)),
            [T.SortKey] = S(K.EventKey(eventId)),
            [T.EventTimeSortKey] = S(K.EventTimeKey(eventTime, eventId)),
            [A.TrackingId] = S(TrackingId),
            [A.EventId] = S(eventId),
            [A.Status] = S(i == 0 ? "pending" : "in_transit"),
            [A.EventTime] = S(eventTime),
            [A.EventType] = S("status_update"),
            [A.Lat] = N(47.6062 + i * 0.01),
            [A.Lon] = N(-122.3321 + i * 0.01),
            [A.Metadata] = new AttributeValue { M = new Dictionary<string, AttributeValue> { ["hub"] = S("SEA-1"), ["attempt"] = new() { N = "1" } } },
            [A.ReceivedAt] = S(Timestamps.ToStorage(Base.AddMinutes(i).AddSeconds(2))),
            [A.Source] = S("acme"),
            [A.ContentHash] = S(new string('a', 64)),
        };
    }

    public static Dictionary<string, AttributeValue> HistoryKey(Dictionary<string, AttributeValue> item) => new()
    {
        [T.PartitionKey] = item[T.PartitionKey],
        [T.SortKey] = item[T.SortKey],
        [T.EventTimeSortKey] = item[T.EventTimeSortKey],
    };

    /// <summary>A status-index item: the projected attributes only (table.json's INCLUDE list).</summary>
    public static Dictionary<string, AttributeValue> Summary(int i)
    {
        var trackingId = $"PKG-{i:D4}";
        var updated = Timestamps.ToStorage(Base.AddMinutes(-i));
        return new Dictionary<string, AttributeValue>
        {
            [T.PartitionKey] = S(K.PackageKey(trackingId)),
            [T.SortKey] = S(K.StateSortKeyValue),
            [T.StatusPartitionKey] = S(K.StatusPartition("in_transit", 0)),
            [T.StatusSortKey] = S(K.StatusSortValue(updated, trackingId)),
            [A.TrackingId] = S(trackingId),
            [A.Status] = S("in_transit"),
            [A.EventTime] = S(Timestamps.ToStorage(Base.AddMinutes(-i - 1))),
            [A.EventId] = S($"evt-{i}"),
            [A.EventType] = S("status_update"),
            [A.Lat] = N(47.6),
            [A.Lon] = N(-122.3),
            [A.UpdatedAt] = S(updated),
        };
    }
}
