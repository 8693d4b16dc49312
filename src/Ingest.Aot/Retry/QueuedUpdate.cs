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
    public const int Version = QueueMessages.Version;

    public static string Write(TrackingEventRequest update, ValidatedEvent validated, string source, DateTime receivedAt) => QueueMessages.Write(w =>
    {
        w.WriteString("trackingId", validated.TrackingId);
        w.WriteString("eventId", validated.EventId);
        w.WriteString("source", source);
        w.WriteString("receivedAt", QueueMessages.Time(receivedAt));
        w.WritePropertyName("update");
        JsonSerializer.Serialize(w, update, ResponseBuilder.Context.TrackingEventRequest);
    });

    /// <summary>Null when the message is not a version-1 queued update (the message then goes to the DLQ as it is).</summary>
    public static QueuedUpdate? TryRead(JsonElement root)
    {
        try
        {
            if (!QueueMessages.HasVersion(root)) return null;
            var update = root.GetProperty("update").Deserialize(ResponseBuilder.Context.TrackingEventRequest);
            return update is null
                ? null
                : new QueuedUpdate(QueueMessages.Text(root, "trackingId"), QueueMessages.Text(root, "eventId"), QueueMessages.Text(root, "source"),
                    QueueMessages.ReadTime(root, "receivedAt"), update);
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
}
