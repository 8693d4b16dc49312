using Tracking.Contracts.Api;
using Tracking.Functions.Observability;

namespace Tracking.Functions.Storage;

/// <summary>
/// The read side of the tracking store, in domain terms: typed queries in, typed records and opaque page positions
/// out. Reads may lag writes slightly (eventually consistent). Every storage call's capacity is recorded on
/// <c>metrics</c> for the request's cost metric.
/// </summary>
public interface ITrackingReadStore
{
    /// <summary>The package's latest state, or null when no event was ever stored for it or it was erased.</summary>
    Task<PackageStateResponse?> GetStateAsync(string trackingId, RequestMetrics metrics, CancellationToken cancellationToken);

    /// <summary>The latest state with the clients whose events the package holds (one read, the same as the state's):
    /// what object-level access is decided on. Null when no event was ever stored for it or it was erased.</summary>
    Task<PackageRecord?> GetPackageAsync(string trackingId, RequestMetrics metrics, CancellationToken cancellationToken);

    /// <summary>One stored event, or null.</summary>
    Task<TrackingEventResponse?> GetEventAsync(string trackingId, string eventId, RequestMetrics metrics, CancellationToken cancellationToken);

    /// <summary>
    /// One page of a package's events in event-time order (event id breaks ties), filtered; <paramref name="position"/>
    /// is the <see cref="Page{T}.Next"/> of the previous page of the same query. A page may hold fewer items than the
    /// limit and still have a next position (filters skip events); a null next position means the history is done.
    /// </summary>
    /// <exception cref="InvalidPagePositionException">The position was not issued by this store for this kind of page.</exception>
    Task<Page<TrackingEventResponse>> ReadHistoryAsync(HistoryQuery query, PagePosition? position, RequestMetrics metrics, CancellationToken cancellationToken);

    /// <summary>The located events of a package in time order, at most <see cref="TrackQuery.MaxPoints"/> of them.</summary>
    Task<TrackPage> ReadTrackAsync(TrackQuery query, RequestMetrics metrics, CancellationToken cancellationToken);

    /// <summary>One page of the packages whose current status is the one asked for, most recently updated first
    /// (tracking id, descending, breaks ties); no package is skipped or repeated across pages.</summary>
    /// <exception cref="InvalidPagePositionException">The position was not issued by this store for this kind of page.</exception>
    Task<Page<PackageSummary>> SearchStatusAsync(StatusQuery query, PagePosition? position, RequestMetrics metrics, CancellationToken cancellationToken);
}
