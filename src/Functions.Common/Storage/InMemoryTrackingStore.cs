using Tracking.Contracts.Api;
using Tracking.Contracts.Validation;
using Tracking.Functions.Observability;

namespace Tracking.Functions.Storage;

/// <summary>
/// Both sides of the tracking store in memory (as Powertools' <c>InMemoryPersistenceStore</c>): the functions' unit
/// tests run on it, and the store contract suite runs the same tests against it and against DynamoDB on dynalite, so
/// it cannot drift from the real store. It accounts capacity as the DynamoDB store does for items under 1 KB (one call
/// per item write or read; a failed conditional write costs one write unit), with the unit sizes settable.
/// </summary>
public sealed partial class InMemoryTrackingStore : ITrackingWriteStore, ITrackingReadStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string TrackingId, string EventId), StoredEvent> _events = [];
    private readonly Dictionary<string, StoredState> _states = new(StringComparer.Ordinal);
    private readonly List<StoreCall> _calls = [];

    /// <summary>Write units one successful item write consumes (1 for DynamoDB items up to 1 KB).</summary>
    public double WriteUnits { get; init; } = 1;

    /// <summary>Read units one item read or one query page consumes (0.5: eventually consistent, up to 4 KB).</summary>
    public double ReadUnits { get; init; } = 0.5;

    /// <summary>Fault injection: thrown instead of making the call when it returns non-null.</summary>
    public Func<StoreCall, Exception?>? Fault { get; set; }

    /// <summary>Every storage call made so far, in order.</summary>
    public IReadOnlyList<StoreCall> Calls { get { lock (_gate) return [.. _calls]; } }

    /// <summary>Every stored event, in no particular order.</summary>
    public IReadOnlyList<TrackingEventResponse> StoredEvents { get { lock (_gate) return [.. _events.Values.Select(e => e.ToResponse())]; } }

    public Task<AppendResult> AppendAsync(ValidatedEvent trackingEvent, string source, DateTime receivedAt, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var e = trackingEvent;
        lock (_gate)
        {
            Begin(StoreCall.PutEvent);
            if (IsErased(e.TrackingId))
            {
                metrics.RecordFailedWrite(1);
                return Task.FromResult(new AppendResult(AppendOutcome.Gone, new StoredEvent(e, receivedAt, source).ToResponse()));
            }
            if (_events.TryGetValue((e.TrackingId, e.EventId), out var existing))
            {
                metrics.RecordFailedWrite(1);
                if (!string.Equals(existing.Event.ContentHash, e.ContentHash, StringComparison.Ordinal))
                {
                    return Task.FromResult(new AppendResult(AppendOutcome.Conflict, existing.ToResponse()));
                }
                FoldIntoState(existing, receivedAt, counts: false, metrics);
                AddContributor(e.TrackingId, source);
                return Task.FromResult(new AppendResult(AppendOutcome.Duplicate, existing.ToResponse()));
            }

            var stored = new StoredEvent(e, receivedAt, source);
            _events[(e.TrackingId, e.EventId)] = stored;
            metrics.RecordWrite(WriteUnits);
            FoldIntoState(stored, receivedAt, counts: true, metrics);
            AddContributor(e.TrackingId, source);
            return Task.FromResult(new AppendResult(AppendOutcome.Created, stored.ToResponse()));
        }
    }

    /// <summary>The state moves only to a newer event; an older one is only counted; a retry is never counted.</summary>
    private void FoldIntoState(StoredEvent stored, DateTime receivedAt, bool counts, RequestMetrics metrics)
    {
        Begin(StoreCall.UpdateState);
        var trackingId = stored.Event.TrackingId;
        var current = _states.GetValueOrDefault(trackingId);
        if (current is null || current.IsOlderThan(stored.Event))
        {
            _states[trackingId] = new StoredState(stored, current?.FirstSeen ?? receivedAt, receivedAt, (current?.EventCount ?? 0) + (counts ? 1 : 0));
            metrics.RecordWrite(WriteUnits);
            return;
        }
        metrics.RecordFailedWrite(1);
        if (!counts) return;
        Begin(StoreCall.UpdateState);
        _states[trackingId] = current with { EventCount = current.EventCount + 1 };
        metrics.RecordWrite(WriteUnits);
    }

    public Task<PackageStateResponse?> GetStateAsync(string trackingId, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Begin(StoreCall.GetState);
            metrics.RecordRead(ReadUnits);
            return Task.FromResult(_states.GetValueOrDefault(trackingId)?.ToResponse());
        }
    }

    public Task<TrackingEventResponse?> GetEventAsync(string trackingId, string eventId, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Begin(StoreCall.GetEvent);
            metrics.RecordRead(ReadUnits);
            return Task.FromResult(_events.GetValueOrDefault((trackingId, eventId))?.ToResponse());
        }
    }

    private void Begin(StoreCall call)
    {
        _calls.Add(call);
        if (Fault?.Invoke(call) is { } fault) throw fault;
    }
}

/// <summary>The storage calls the in-memory store models, for fault injection and call counting in tests.</summary>
public enum StoreCall
{
    PutEvent,
    UpdateState,
    GetState,
    GetEvent,
    ReadHistory,
    ReadTrack,
    SearchStatus,
    Tombstone,
    DeleteEvents,
    WriteAudit,
    ReadAudit,
}
