using System.Text.Json.Serialization;

namespace Tracking.Contracts.Api;

public sealed class GeoPoint
{
    public double Lat { get; set; }
    public double Lon { get; set; }
}

/// <summary>An event as stored and as every read returns it.</summary>
public sealed class TrackingEventResponse
{
    public string TrackingId { get; set; } = "";
    public string EventId { get; set; } = "";
    public string Status { get; set; } = "";
    public string Timestamp { get; set; } = "";
    public string EventType { get; set; } = "";
    public GeoPoint? Location { get; set; }
    public Dictionary<string, MetadataValue>? Metadata { get; set; }
    public string ReceivedAt { get; set; } = "";
    public string Source { get; set; } = "";

    /// <summary>Present (true) only when a retry matched an already stored event.</summary>
    public bool? Duplicate { get; set; }
}

public sealed class PackageStateResponse
{
    public string TrackingId { get; set; } = "";
    public string Status { get; set; } = "";
    public GeoPoint? Location { get; set; }
    public string Timestamp { get; set; } = "";
    public string EventId { get; set; } = "";
    public string EventType { get; set; } = "";
    public string FirstSeen { get; set; } = "";
    public string UpdatedAt { get; set; } = "";
    public long EventCount { get; set; }
}

public sealed class EventPage
{
    public List<TrackingEventResponse> Items { get; set; } = [];

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? NextCursor { get; set; }
}

public sealed class PackageSummary
{
    public string TrackingId { get; set; } = "";
    public string Status { get; set; } = "";
    public string Timestamp { get; set; } = "";
    public string EventId { get; set; } = "";
    public string EventType { get; set; } = "";
    public GeoPoint? Location { get; set; }
    public string UpdatedAt { get; set; } = "";
}

public sealed class PackagePage
{
    public List<PackageSummary> Items { get; set; } = [];

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? NextCursor { get; set; }
}

public static class BatchOutcome
{
    public const string Created = "created";
    public const string Duplicate = "duplicate";
    public const string Conflict = "conflict";
    public const string Invalid = "invalid";

    /// <summary>The package was erased: the event was not stored (410).</summary>
    public const string Gone = "gone";

    /// <summary>Valid, not written yet: queued for the retry consumer (202). It will appear at its Location.</summary>
    public const string Accepted = "accepted";
}

/// <summary>The 202 answer for an update queued instead of written now (DynamoDB unavailable, or Prefer: respond-async).</summary>
public sealed class AcceptedEventResponse
{
    public string TrackingId { get; set; } = "";
    public string EventId { get; set; } = "";
    public string Result { get; set; } = BatchOutcome.Accepted;

    /// <summary>Where the event will appear once applied (also the Location header).</summary>
    public string Location { get; set; } = "";
}

public sealed class BatchItemResult
{
    public int Index { get; set; }
    public string? TrackingId { get; set; }
    public string? EventId { get; set; }
    public string Result { get; set; } = "";
    public int Status { get; set; }
    public List<FieldError>? Errors { get; set; }
    public string? Detail { get; set; }
    public TrackingEventResponse? Event { get; set; }
}

public sealed class BatchResponse
{
    public List<BatchItemResult> Items { get; set; } = [];
    public int Created { get; set; }
    public int Duplicates { get; set; }
    public int Conflicts { get; set; }
    public int Invalid { get; set; }
    public int Gone { get; set; }
    public int Accepted { get; set; }
}
