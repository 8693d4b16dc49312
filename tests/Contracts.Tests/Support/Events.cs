using System.Text.Json;
using Tracking.Contracts.Api;
using Tracking.Contracts.Json;
using Tracking.Contracts.Validation;

namespace Tracking.Contracts.Tests.Support;

/// <summary>Requests as a client would send them, and the validator run the way the functions run it.</summary>
internal static class Events
{
    public const string TrackingId = "PKG-123";
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    public static readonly EventRules Rules = EventRules.FromSetting(null, new FakeTimeProvider(Now));

    public static TrackingEventRequest Valid() => new()
    {
        Status = "in_transit",
        Timestamp = "2026-11-24T08:15:00Z",
    };

    /// <summary>Parses a request body through the contracts context, exactly as the functions do.</summary>
    public static TrackingEventRequest Parse(string json)
        => JsonSerializer.Deserialize(json, ContractsJsonContext.Default.TrackingEventRequest)!;

    public static Dictionary<string, JsonElement> Metadata(string json)
        => JsonSerializer.Deserialize(json, MetadataJson.Default.DictionaryStringJsonElement)!;

    public static (ValidatedEvent? Event, List<FieldError> Errors) Validate(TrackingEventRequest request, EventRules? rules = null, string? trackingId = TrackingId)
    {
        var errors = new List<FieldError>();
        var validated = EventValidator.Validate(request, trackingId, rules ?? Rules, errors);
        return (validated, errors);
    }

    public static ValidatedEvent ValidOrThrow(TrackingEventRequest request, EventRules? rules = null)
    {
        var (validated, errors) = Validate(request, rules);
        Assert.Empty(errors);
        return Assert.IsType<ValidatedEvent>(validated);
    }

    public static ValidatedEvent ValidOrThrow(string json) => ValidOrThrow(Parse(json));

    public static FieldError SingleError(TrackingEventRequest request, EventRules? rules = null, string? trackingId = TrackingId)
    {
        var (validated, errors) = Validate(request, rules, trackingId);
        Assert.Null(validated);
        return Assert.Single(errors);
    }
}
