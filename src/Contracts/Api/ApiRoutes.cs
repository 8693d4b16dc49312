namespace Tracking.Contracts.Api;

/// <summary>
/// The v1 routes as the functions see them (API Gateway's "resource" templates). Definitions/api.json is the
/// deployable copy read by infra/ and tools/LocalStack; a test holds the two together.
/// </summary>
public static class ApiRoutes
{
    public const string IngestFunction = "ingest";
    public const string QueryFunction = "query";

    public const string TrackingEvents = "/v1/tracking/{trackingId}/events";
    public const string TrackingEvent = "/v1/tracking/{trackingId}/events/{eventId}";
    public const string Batch = "/v1/events";
    public const string Tracking = "/v1/tracking/{trackingId}";
    public const string Locations = "/v1/tracking/{trackingId}/locations";
    public const string Packages = "/v1/packages";
    public const string Export = "/v1/tracking/{trackingId}/export";
    public const string Audit = "/v1/audit";
    public const string CatchAll = "/{proxy+}";
    public const string CatchAllFunction = QueryFunction;

    public static readonly RouteDefinition[] All =
    [
        new(TrackingEvents, [new("POST", IngestFunction), new("GET", QueryFunction)], IngestFunction),
        new(TrackingEvent, [new("GET", QueryFunction)], QueryFunction),
        new(Batch, [new("POST", IngestFunction)], IngestFunction),
        new(Tracking, [new("GET", QueryFunction), new("DELETE", IngestFunction)], QueryFunction),
        new(Export, [new("GET", IngestFunction)], IngestFunction),
        new(Locations, [new("GET", QueryFunction)], QueryFunction),
        new(Packages, [new("GET", QueryFunction)], QueryFunction),
        new(Audit, [new("GET", QueryFunction)], QueryFunction),
    ];

    public static RouteDefinition? Find(string? resource)
    {
        foreach (var route in All)
        {
            if (string.Equals(route.Resource, resource, StringComparison.Ordinal)) return route;
        }
        return null;
    }
}

public sealed record RouteMethod(string Method, string Function);

public sealed record RouteDefinition(string Resource, RouteMethod[] Methods, string FallbackFunction)
{
    /// <summary>The Allow header value for a 405 on this resource.</summary>
    public string Allow { get; } = string.Join(", ", Methods.Select(m => m.Method));
}
