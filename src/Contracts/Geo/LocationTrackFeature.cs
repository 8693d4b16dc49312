namespace Tracking.Contracts.Geo;

/// <summary>
/// RFC 7946 Feature for a package's location track. Geometry is a LineString of [lon, lat] in time order, a Point when
/// there is a single position, and null (an unlocated feature, allowed by RFC 7946 §3.2) when there is none.
/// </summary>
public sealed class LocationTrackFeature
{
    public string Type { get; set; } = "Feature";
    /// <summary>RFC 7946 requires the member even when null.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)]
    public TrackGeometry? Geometry { get; set; }
    public TrackProperties Properties { get; set; } = new();
}

public sealed class TrackGeometry
{
    public string Type { get; set; } = "LineString";

    /// <summary>Serialized as "coordinates": [lon, lat] for a Point or [[lon, lat], ...] for a LineString.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("coordinates")]
    [System.Text.Json.Serialization.JsonConverter(typeof(CoordinatesConverter))]
    public List<double[]> Coordinates { get; set; } = [];
}

public sealed class TrackProperties
{
    public string TrackingId { get; set; } = "";

    /// <summary>Per point, same order as the coordinates: event time, status and event id.</summary>
    public List<string> Times { get; set; } = [];
    public List<string> Statuses { get; set; } = [];
    public List<string> EventIds { get; set; } = [];

    /// <summary>True when the track was cut at the point limit; narrow with from/to.</summary>
    public bool Truncated { get; set; }
}
