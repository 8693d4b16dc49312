using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Tracking.Contracts;
using Tracking.Contracts.Api;
using Tracking.Contracts.Validation;
using Tracking.Functions.Http;

namespace Tracking.Ingest.Retry;

/// <summary>
/// The retry queue's message: the update exactly as the partner sent it (re-validated by the consumer through the same
/// rules, so the same event id is derived and the same write path runs), plus who sent it, when, and the ids the 202
/// promised. Version 1; a consumer that meets another version sends the message to the DLQ untouched.
/// </summary>
public sealed record QueuedUpdate(string TrackingId, string EventId, string Source, DateTime ReceivedAt, TrackingEventRequest Update)
{
    public const int Version = 1;

    public static string Write(TrackingEventRequest update, ValidatedEvent validated, string source, DateTime receivedAt)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("v", Version);
            w.WriteString("trackingId", validated.TrackingId);
            w.WriteString("eventId", validated.EventId);
            w.WriteString("source", source);
            w.WriteString("receivedAt", receivedAt.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            w.WritePropertyName("update");
            JsonSerializer.Serialize(w, update, ResponseBuilder.Context.TrackingEventRequest);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Null when the body is not a version-1 queued update (the message then goes to the DLQ as it is).</summary>
    public static QueuedUpdate? TryRead(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("v", out var v) || v.ValueKind != JsonValueKind.Number
                || !v.TryGetInt32(out var version) || version != Version)
            {
                return null;
            }
            var update = root.GetProperty("update").Deserialize(ResponseBuilder.Context.TrackingEventRequest);
            var receivedAt = DateTime.Parse(root.GetProperty("receivedAt").GetString()!, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            return update is null
                ? null
                : new QueuedUpdate(Text(root, "trackingId"), Text(root, "eventId"), Text(root, "source"), receivedAt, update);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentNullException)
        {
            return null;
        }
    }

    /// <summary>The update through the synchronous path's rules; null when it no longer passes them or names other ids.</summary>
    public ValidatedEvent? Validate(EventRules rules)
    {
        var errors = new List<FieldError>();
        var validated = EventValidator.Validate(Update, TrackingId, rules, errors);
        return validated is not null && errors.Count == 0 && validated.EventId == EventId && validated.TrackingId == TrackingId ? validated : null;
    }

    private static string Text(JsonElement root, string name) => root.GetProperty(name).GetString() ?? throw new FormatException(name);
}
