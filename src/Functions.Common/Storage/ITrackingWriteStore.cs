using Tracking.Contracts.Api;
using Tracking.Contracts.Validation;
using Tracking.Functions.Observability;

namespace Tracking.Functions.Storage;

/// <summary>
/// The write side of the tracking store, in domain terms (as Powertools' <c>BasePersistenceStore</c>): routes hand it a
/// validated event and get a domain outcome back; only an implementation knows items, keys and conditions.
/// </summary>
public interface ITrackingWriteStore
{
    /// <summary>
    /// Stores the event exactly once under (tracking id, event id) and folds it into the package's latest state, which
    /// only ever moves to a newer event (event time, then event id), with eventCount equal to the events stored.
    /// Idempotent: a second arrival of a stored event is a <see cref="AppendOutcome.Duplicate"/> that completes
    /// whatever an interrupted earlier arrival left undone and never counts the event twice; storage retrying our own
    /// call is not a second arrival (still <see cref="AppendOutcome.Created"/>); the same event id with other content
    /// is a <see cref="AppendOutcome.Conflict"/> and changes nothing; an event for an erased package is
    /// <see cref="AppendOutcome.Gone"/> and leaves nothing stored. The sender of a created or duplicate event becomes
    /// one of the package's contributors (object-level access). Every storage call's capacity is recorded on
    /// <paramref name="metrics"/> for the request's cost metric.
    /// </summary>
    Task<AppendResult> AppendAsync(ValidatedEvent trackingEvent, string source, DateTime receivedAt, RequestMetrics metrics, CancellationToken cancellationToken);
}

public enum AppendOutcome
{
    /// <summary>Newly stored.</summary>
    Created,

    /// <summary>Already stored with the same content (a retry).</summary>
    Duplicate,

    /// <summary>Already stored with other content: the stored event is unchanged.</summary>
    Conflict,

    /// <summary>The package was erased (its tombstone lives): nothing is stored, so a late retry cannot resurrect it.</summary>
    Gone,
}

/// <summary>The outcome and the event as stored: the new one (created) or the one already there (duplicate, conflict);
/// for Gone, the event as it was sent (not stored).</summary>
public readonly record struct AppendResult(AppendOutcome Outcome, TrackingEventResponse Stored);
