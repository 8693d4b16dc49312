using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tracking.Contracts.Api;

/// <summary>
/// One tracking update as a client sends it. Fields are loosely typed on purpose (strings, nullable numbers, raw
/// metadata values) so that validation, not the deserializer, reports every field with a clear reason.
/// Unknown fields are rejected: a misspelt "timeStamp" must not be silently ignored.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class TrackingEventRequest
{
    /// <summary>Only in a batch; single updates take it from the path.</summary>
    public string? TrackingId { get; set; }
    public string? Status { get; set; }
    public string? Timestamp { get; set; }
    public GeoPointRequest? Location { get; set; }
    public string? EventType { get; set; }
    public string? EventId { get; set; }
    public Dictionary<string, JsonElement>? Metadata { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class GeoPointRequest
{
    public double? Lat { get; set; }
    public double? Lon { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class BatchRequest
{
    /// <summary>Raw elements so that one malformed item is reported as invalid without failing its neighbours.</summary>
    public List<JsonElement>? Events { get; set; }
}
