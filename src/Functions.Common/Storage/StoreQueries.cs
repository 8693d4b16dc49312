namespace Tracking.Functions.Storage;

/// <summary>A package's history: events with event time in [From, To) (either open), optional exact-match filters.</summary>
public sealed record HistoryQuery(string TrackingId, string? Status, string? EventType, DateTime? From, DateTime? To, bool Ascending, int Limit);

/// <summary>A package's location track: located events with event time in [From, To), cut after MaxPoints.</summary>
public sealed record TrackQuery(string TrackingId, DateTime? From, DateTime? To, int MaxPoints);

/// <summary>Packages by current status, last updated strictly between UpdatedAfter and UpdatedBefore (either open).</summary>
public sealed record StatusQuery(string Status, DateTime? UpdatedAfter, DateTime? UpdatedBefore, int Limit);

/// <summary>
/// Where the next page of a query starts. Opaque outside the store that issued it: routes only carry it inside a
/// signed cursor (the cursor codec binds it to the query) and hand it back; they never build or read one.
/// </summary>
public readonly record struct PagePosition(string Token);

/// <summary>One page of results and where the next one starts (null: this was the last page).</summary>
public sealed record Page<T>(List<T> Items, PagePosition? Next);

/// <summary>A located event on a package's track. <see cref="Time"/> is in API form (RFC 3339, UTC).</summary>
public readonly record struct TrackPoint(double Lat, double Lon, string Time, string Status, string EventId);

/// <summary>A location track; Truncated when it had more points than the query allowed.</summary>
public sealed record TrackPage(List<TrackPoint> Points, bool Truncated);

/// <summary>A page position this store did not issue for this kind of page (e.g. one from an older store format).</summary>
public sealed class InvalidPagePositionException : Exception
{
    public InvalidPagePositionException() : base("the page position is not one this store issued") { }

    public InvalidPagePositionException(string message) : base(message) { }

    public InvalidPagePositionException(string message, Exception inner) : base(message, inner) { }
}
