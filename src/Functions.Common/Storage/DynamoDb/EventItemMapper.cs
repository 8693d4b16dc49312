using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Tracking.Contracts.Api;
using Tracking.Contracts.Domain;
using Tracking.Contracts.Validation;
using A = Tracking.Contracts.Storage.ItemAttributes;
using K = Tracking.Functions.Storage.DynamoDb.ItemKeys;
using T = Tracking.Contracts.Storage.TrackingTable;

namespace Tracking.Functions.Storage.DynamoDb;

/// <summary>Event items to and from DynamoDB attribute maps. Numbers always in invariant culture.</summary>
public static class EventItemMapper
{
    public static Dictionary<string, AttributeValue> ToItem(ValidatedEvent e, DateTime receivedAt, string source, long? expiresAt)
    {
        var eventTime = Timestamps.ToStorage(e.Timestamp);
        var item = new Dictionary<string, AttributeValue>(16)
        {
            [T.PartitionKey] = S(K.PackageKey(e.TrackingId)),
            [T.SortKey] = S(K.EventKey(e.EventId)),
            [T.EventTimeSortKey] = S(K.EventTimeKey(eventTime, e.EventId)),
            [A.TrackingId] = S(e.TrackingId),
            [A.EventId] = S(e.EventId),
            [A.Status] = S(e.Status),
            [A.EventTime] = S(eventTime),
            [A.EventType] = S(e.EventType),
            [A.ReceivedAt] = S(Timestamps.ToStorage(receivedAt)),
            [A.Source] = S(source),
            [A.ContentHash] = S(e.ContentHash),
        };
        if (e.Lat is { } lat && e.Lon is { } lon)
        {
            item[A.Lat] = N(lat);
            item[A.Lon] = N(lon);
        }
        if (e.Metadata is { Length: > 0 } metadata)
        {
            var map = new Dictionary<string, AttributeValue>(metadata.Length);
            foreach (var (key, value) in metadata)
            {
                map[key] = value.Kind switch
                {
                    MetadataKind.String => S(value.Text!),
                    MetadataKind.Number => new AttributeValue { N = value.NumberText },
                    _ => new AttributeValue { BOOL = value.Boolean },
                };
            }
            item[A.Metadata] = new AttributeValue { M = map };
        }
        if (expiresAt is { } ttl)
        {
            item[T.TimeToLive] = new AttributeValue { N = ttl.ToString(CultureInfo.InvariantCulture) };
        }
        return item;
    }

    public static TrackingEventResponse ToResponse(Dictionary<string, AttributeValue> item)
    {
        var response = new TrackingEventResponse
        {
            TrackingId = Str(item, A.TrackingId),
            EventId = Str(item, A.EventId),
            Status = Str(item, A.Status),
            Timestamp = Timestamps.StorageToApi(Str(item, A.EventTime)),
            EventType = Str(item, A.EventType),
            ReceivedAt = Timestamps.StorageToApi(Str(item, A.ReceivedAt)),
            Source = Str(item, A.Source),
            Location = ReadLocation(item),
        };
        if (item.TryGetValue(A.Metadata, out var metadata) && metadata.M is { Count: > 0 } map)
        {
            var result = new Dictionary<string, MetadataValue>(map.Count, StringComparer.Ordinal);
            foreach (var (key, value) in map)
            {
                if (value.S is not null) result[key] = MetadataValue.FromString(value.S);
                else if (value.N is not null) result[key] = MetadataValue.FromNumber(decimal.Parse(value.N, NumberStyles.Float, CultureInfo.InvariantCulture));
                else if (value.BOOL is { } b) result[key] = MetadataValue.FromBoolean(b);
            }
            response.Metadata = result;
        }
        return response;
    }

    /// <summary>A projected event-time index item (position, status, time, id) as a track point.</summary>
    public static TrackPoint ToTrackPoint(Dictionary<string, AttributeValue> item)
        => new(ParseDouble(item[A.Lat].N), ParseDouble(item[A.Lon].N), Timestamps.StorageToApi(Str(item, A.EventTime)), Str(item, A.Status), Str(item, A.EventId));

    public static string? ContentHashOf(Dictionary<string, AttributeValue>? item)
        => item is not null && item.TryGetValue(A.ContentHash, out var v) ? v.S : null;

    internal static GeoPoint? ReadLocation(Dictionary<string, AttributeValue> item)
        => item.TryGetValue(A.Lat, out var lat) && lat.N is not null && item.TryGetValue(A.Lon, out var lon) && lon.N is not null
            ? new GeoPoint { Lat = ParseDouble(lat.N), Lon = ParseDouble(lon.N) }
            : null;

    public static double ParseDouble(string value) => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);

    internal static string Str(Dictionary<string, AttributeValue> item, string name)
        => item.TryGetValue(name, out var v) && v.S is not null ? v.S : "";

    internal static AttributeValue S(string value) => new() { S = value };

    /// <summary>"R" round-trips the double exactly; DynamoDB keeps up to 38 significant digits.</summary>
    internal static AttributeValue N(double value) => new() { N = value.ToString("R", CultureInfo.InvariantCulture) };
}
