using Tracking.Contracts.Api;

namespace Tracking.Contracts.Validation;

/// <summary>An event that passed every rule, in canonical form: UTC time, normalized metadata, content hash.</summary>
public sealed class ValidatedEvent
{
    public required string TrackingId { get; init; }
    public required string EventId { get; init; }
    public required string Status { get; init; }
    public required string EventType { get; init; }
    public required DateTime Timestamp { get; init; }
    public double? Lat { get; init; }
    public double? Lon { get; init; }

    /// <summary>Sorted by key (ordinal) so the canonical form and the stored map agree.</summary>
    public KeyValuePair<string, MetadataValue>[]? Metadata { get; init; }

    /// <summary>SHA-256 of the canonical content (everything but the event id), lower-case hex.</summary>
    public required string ContentHash { get; init; }
}
