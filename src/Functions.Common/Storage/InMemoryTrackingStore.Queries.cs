using Tracking.Contracts.Api;
using Tracking.Contracts.Domain;
using Tracking.Functions.Observability;

namespace Tracking.Functions.Storage;

/// <summary>The paged reads, over the same orders as the DynamoDB indexes. Positions: "h:" or "s:" + the order key of
/// the last item handed out.</summary>
public sealed partial class InMemoryTrackingStore
{
    private const string HistoryPrefix = "h:";
    private const string SearchPrefix = "s:";

    public Task<Page<TrackingEventResponse>> ReadHistoryAsync(HistoryQuery query, PagePosition? position, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var after = position is { } p ? Unwrap(p, HistoryPrefix) : null;
        lock (_gate)
        {
            Begin(StoreCall.ReadHistory);
            metrics.RecordRead(ReadUnits);
            var matching = _events.Values
                .Where(e => e.Event.TrackingId == query.TrackingId && InRange(e.Event.Timestamp, query.From, query.To)
                            && (query.Status is null || e.Event.Status == query.Status)
                            && (query.EventType is null || e.Event.EventType == query.EventType))
                .Where(e => after is null || (query.Ascending ? string.CompareOrdinal(e.OrderKey, after) > 0 : string.CompareOrdinal(e.OrderKey, after) < 0));
            var ordered = (query.Ascending ? matching.OrderBy(e => e.OrderKey, StringComparer.Ordinal) : matching.OrderByDescending(e => e.OrderKey, StringComparer.Ordinal)).ToList();
            var page = ordered.Take(query.Limit).ToList();
            PagePosition? next = ordered.Count > page.Count ? new PagePosition(HistoryPrefix + page[^1].OrderKey) : null;
            return Task.FromResult(new Page<TrackingEventResponse>([.. page.Select(e => e.ToResponse())], next));
        }
    }

    public Task<TrackPage> ReadTrackAsync(TrackQuery query, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Begin(StoreCall.ReadTrack);
            metrics.RecordRead(ReadUnits);
            var located = _events.Values
                .Where(e => e.Event.TrackingId == query.TrackingId && e.Event.Lat is not null && InRange(e.Event.Timestamp, query.From, query.To))
                .OrderBy(e => e.OrderKey, StringComparer.Ordinal)
                .Select(e => new TrackPoint(e.Event.Lat!.Value, e.Event.Lon!.Value, Timestamps.ToApi(e.Event.Timestamp), e.Event.Status, e.Event.EventId))
                .ToList();
            var truncated = located.Count > query.MaxPoints;
            if (truncated) located.RemoveRange(query.MaxPoints, located.Count - query.MaxPoints);
            return Task.FromResult(new TrackPage(located, truncated));
        }
    }

    public Task<Page<PackageSummary>> SearchStatusAsync(StatusQuery query, PagePosition? position, RequestMetrics metrics, CancellationToken cancellationToken)
    {
        var after = position is { } p ? Unwrap(p, SearchPrefix) : null;
        lock (_gate)
        {
            Begin(StoreCall.SearchStatus);
            metrics.RecordRead(ReadUnits);
            var matching = _states.Values
                .Where(s => s.Latest.Event.Status == query.Status
                            && (query.UpdatedAfter is null || s.UpdatedAt > query.UpdatedAfter)
                            && (query.UpdatedBefore is null || s.UpdatedAt < query.UpdatedBefore)
                            && (after is null || string.CompareOrdinal(s.SearchKey, after) < 0))
                .OrderByDescending(s => s.SearchKey, StringComparer.Ordinal)
                .ToList();
            var page = matching.Take(query.Limit).ToList();
            PagePosition? next = matching.Count > page.Count ? new PagePosition(SearchPrefix + page[^1].SearchKey) : null;
            return Task.FromResult(new Page<PackageSummary>([.. page.Select(s => s.ToSummary())], next));
        }
    }

    private static bool InRange(DateTime time, DateTime? from, DateTime? to)
        => (from is null || time >= from) && (to is null || time < to);

    private static string Unwrap(PagePosition position, string prefix)
        => position.Token.StartsWith(prefix, StringComparison.Ordinal) && position.Token.Length > prefix.Length
            ? position.Token[prefix.Length..]
            : throw new InvalidPagePositionException("not a position this store issued for this kind of page");
}
