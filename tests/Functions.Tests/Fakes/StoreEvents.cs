using System.Globalization;
using System.Text.Json;
using Tracking.Contracts.Json;
using Tracking.Contracts.Validation;

namespace Tracking.Functions.Tests.Fakes;

/// <summary>Validated events for tests that talk to a store directly, built the way the ingest function builds them.</summary>
internal static class StoreEvents
{
    public const string TrackingId = "PKG-123";
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    public static readonly EventRules Rules = EventRules.FromSetting("status_update,delivery_attempt,exception", new FakeTimeProvider(Now));

    public static TrackingEventRequest Valid() => new()
    {
        Status = "in_transit",
        Timestamp = "2026-11-24T08:15:00Z",
    };

    public static TrackingEventRequest Parse(string json)
        => JsonSerializer.Deserialize(json, ContractsJsonContext.Default.TrackingEventRequest)!;

    public static ValidatedEvent ValidOrThrow(TrackingEventRequest request, string trackingId = TrackingId)
    {
        var errors = new List<FieldError>();
        var validated = EventValidator.Validate(request, trackingId, Rules, errors);
        Assert.Empty(errors);
        return Assert.IsType<ValidatedEvent>(validated);
    }

    public static ValidatedEvent ValidOrThrow(string json, string trackingId = TrackingId) => ValidOrThrow(Parse(json), trackingId);

    /// <summary>An event <paramref name="minutes"/> after 08:00 on the test day.</summary>
    public static ValidatedEvent At(string trackingId, int minutes, string eventId, string status = "in_transit", string eventType = "status_update", (double Lat, double Lon)? location = null)
    {
        var time = new DateTime(2026, 11, 24, 8, 0, 0, DateTimeKind.Utc).AddMinutes(minutes).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var request = new TrackingEventRequest { Status = status, Timestamp = time, EventId = eventId, EventType = eventType };
        if (location is { } l) request.Location = new GeoPointRequest { Lat = l.Lat, Lon = l.Lon };
        return ValidOrThrow(request, trackingId);
    }
}
