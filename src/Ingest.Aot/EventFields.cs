namespace Tracking.Ingest;

/// <summary>What each field of a tracking update must be, for the message when a client sends the wrong JSON type.</summary>
public static class EventFields
{
    public static string Describe(string field) => field switch
    {
        "trackingId" or "status" or "timestamp" or "eventType" or "eventId" => "must be a string",
        "location" => "must be an object with numbers lat and lon",
        "location.lat" or "location.lon" => "must be a number",
        "metadata" => "must be an object whose values are strings, numbers or booleans",
        "$" => "must be a JSON object",
        _ when field.StartsWith("location.", StringComparison.Ordinal) => "is not a known field (location has lat and lon)",
        _ when field.StartsWith("metadata.", StringComparison.Ordinal) => "must be a string, number or boolean",
        _ => "is not a known field (allowed: trackingId, status, timestamp, location, eventType, eventId, metadata)",
    };
}
