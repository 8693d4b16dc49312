using Tracking.Contracts.Api;
using Tracking.Contracts.Domain;
using Tracking.Contracts.Validation;

namespace Tracking.Functions.Storage;

/// <summary>An event as the in-memory store keeps it: the validated event and what the append added.</summary>
internal sealed record StoredEvent(ValidatedEvent Event, DateTime ReceivedAt, string Source)
{
    /// <summary>"{eventTime}#{eventId}": the history order (ordinal), as the DynamoDB event-time index orders it.</summary>
    public string OrderKey { get; } = string.Concat(Timestamps.ToStorage(Event.Timestamp), "#", Event.EventId);

    /// <summary>A fresh response each time: callers may change theirs (a duplicate is flagged on the way out).</summary>
    public TrackingEventResponse ToResponse()
    {
        var e = Event;
        var response = new TrackingEventResponse
        {
            TrackingId = e.TrackingId,
            EventId = e.EventId,
            Status = e.Status,
            Timestamp = Timestamps.ToApi(e.Timestamp),
            EventType = e.EventType,
            ReceivedAt = Timestamps.ToApi(ReceivedAt),
            Source = Source,
            Location = e.Lat is { } lat && e.Lon is { } lon ? new GeoPoint { Lat = lat, Lon = lon } : null,
        };
        if (e.Metadata is { Length: > 0 } metadata)
        {
            response.Metadata = new Dictionary<string, MetadataValue>(metadata.Length, StringComparer.Ordinal);
            foreach (var (key, value) in metadata) response.Metadata[key] = value;
        }
        return response;
    }
}

/// <summary>A package's latest state as the in-memory store keeps it.</summary>
internal sealed record StoredState(StoredEvent Latest, DateTime FirstSeen, DateTime UpdatedAt, long EventCount)
{
    /// <summary>"{updatedAt}#{trackingId}": the search order (ordinal, newest first), as the DynamoDB status index orders it.</summary>
    public string SearchKey { get; } = string.Concat(Timestamps.ToStorage(UpdatedAt), "#", Latest.Event.TrackingId);

    /// <summary>The state moves only to a newer event: later event time, or the same time and a greater event id.</summary>
    public bool IsOlderThan(ValidatedEvent e)
        => Latest.Event.Timestamp < e.Timestamp
           || (Latest.Event.Timestamp == e.Timestamp && string.CompareOrdinal(Latest.Event.EventId, e.EventId) < 0);

    public PackageStateResponse ToResponse() => new()
    {
        TrackingId = Latest.Event.TrackingId,
        Status = Latest.Event.Status,
        Location = Latest.Event.Lat is { } lat && Latest.Event.Lon is { } lon ? new GeoPoint { Lat = lat, Lon = lon } : null,
        Timestamp = Timestamps.ToApi(Latest.Event.Timestamp),
        EventId = Latest.Event.EventId,
        EventType = Latest.Event.EventType,
        FirstSeen = Timestamps.ToApi(FirstSeen),
        UpdatedAt = Timestamps.ToApi(UpdatedAt),
        EventCount = EventCount,
    };

    public PackageSummary ToSummary() => new()
    {
        TrackingId = Latest.Event.TrackingId,
        Status = Latest.Event.Status,
        Timestamp = Timestamps.ToApi(Latest.Event.Timestamp),
        EventId = Latest.Event.EventId,
        EventType = Latest.Event.EventType,
        Location = Latest.Event.Lat is { } lat && Latest.Event.Lon is { } lon ? new GeoPoint { Lat = lat, Lon = lon } : null,
        UpdatedAt = Timestamps.ToApi(UpdatedAt),
    };
}
