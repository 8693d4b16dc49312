using System.Text.Json;
using Tracking.Contracts.Domain;

namespace Tracking.Ingest.Retry;

/// <summary>
/// A retry-queue message that continues an erasure the API could not finish within its call: the tracking id, who
/// asked, when, and the request id the audit trail files it under. Nothing else (no metadata, no location). Version 1,
/// told apart from a <see cref="QueuedUpdate"/> by <c>"kind":"erase"</c>.
/// </summary>
public sealed record QueuedErasure(string TrackingId, string Client, DateTime RequestedAt, string RequestId)
{
    public const string Kind = "erase";

    public string Write() => QueueMessages.Write(w =>
    {
        w.WriteString("kind", Kind);
        w.WriteString("trackingId", TrackingId);
        w.WriteString("client", Client);
        w.WriteString("requestedAt", QueueMessages.Time(RequestedAt));
        w.WriteString("requestId", RequestId);
    });

    /// <summary>Null when the body is not a version-1 erasure message (an update, or something unreadable).</summary>
    public static QueuedErasure? TryRead(string body)
    {
        using var document = QueueMessages.TryParse(body);
        return document is null ? null : TryRead(document.RootElement);
    }

    /// <summary>Null when the message is not a version-1 erasure message (an update, or something unreadable).</summary>
    public static QueuedErasure? TryRead(JsonElement root)
    {
        try
        {
            if (!QueueMessages.HasVersion(root) || !root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String || kind.GetString() != Kind)
            {
                return null;
            }
            var trackingId = QueueMessages.Text(root, "trackingId");
            return Identifiers.IsValidTrackingId(trackingId)
                ? new QueuedErasure(trackingId, QueueMessages.Text(root, "client"), QueueMessages.ReadTime(root, "requestedAt"), QueueMessages.Text(root, "requestId"))
                : null;
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
