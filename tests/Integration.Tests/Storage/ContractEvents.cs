using System.Globalization;
using Tracking.Contracts;
using Tracking.Contracts.Api;
using Tracking.Contracts.Validation;

namespace Tracking.Integration.Tests.Storage;

/// <summary>Validated events for the store contract, built the way the ingest function builds them.</summary>
internal static class ContractEvents
{
    public static readonly DateTime Base = new(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    private static readonly EventRules Rules = EventRules.FromSetting("status_update,delivery_attempt,exception", new FakeClock(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)));

    /// <summary>An event <paramref name="minutes"/> after <see cref="Base"/>.</summary>
    public static ValidatedEvent At(string trackingId, int minutes, string eventId, string status = "in_transit",
        string eventType = "status_update", (double Lat, double Lon)? location = null, string? metadataJson = null)
    {
        var json = new List<string>
        {
            $"\"status\":\"{status}\"",
            $"\"timestamp\":\"{Base.AddMinutes(minutes).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}\"",
            $"\"eventId\":\"{eventId}\"",
            $"\"eventType\":\"{eventType}\"",
        };
        if (location is { } l) json.Add(string.Create(CultureInfo.InvariantCulture, $"\"location\":{{\"lat\":{l.Lat},\"lon\":{l.Lon}}}"));
        if (metadataJson is not null) json.Add($"\"metadata\":{metadataJson}");
        var request = System.Text.Json.JsonSerializer.Deserialize("{" + string.Join(",", json) + "}", Contracts.Json.ContractsJsonContext.Default.TrackingEventRequest)!;
        var errors = new List<FieldError>();
        var validated = EventValidator.Validate(request, trackingId, Rules, errors);
        Assert.Empty(errors);
        return validated!;
    }
}
