using System.Security.Cryptography;
using Tracking.Contracts;
using Tracking.Contracts.Api;
using Tracking.Contracts.Domain;
using Tracking.Contracts.Geo;
using Tracking.Contracts.Validation;
using Tracking.Functions.Configuration;
using Tracking.Functions.Http;
using Tracking.Functions.Paging;
using Tracking.Functions.Privacy;
using Tracking.Functions.Storage;
using static Tracking.Query.QueryParameters;

namespace Tracking.Query;

/// <summary>
/// The read routes (<c>All</c> is generated from openapi.json): request parameters in, store queries out, store
/// records as the response. Every package read also reads the package's state (in parallel with the route's own
/// query) and answers 404 when the package is missing, erased, or not the caller's to see (object-level access: a
/// partner sees only packages it contributed to), with the same body in every case so ids cannot be probed.
/// </summary>
[RouteHandlers(ApiRoutes.QueryFunction)]
public sealed partial class QueryRoutes(ITrackingReadStore store, CursorCodec cursors, EventRules rules)
{
    /// <summary>A location track longer than this is cut (and says so); narrow it with from/to.</summary>
    public const int MaxTrackPoints = 2000;


    public async ValueTask GetStateAsync(ApiRequest request, ResponseBuilder response, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var trackingId = TrackingId(request.Event, errors);
        if (errors.Count > 0)
        {
            response.ValidationProblem(errors, request.Path);
            return;
        }

        var package = await store.GetPackageAsync(trackingId!, request.Metrics, cancellationToken).ConfigureAwait(false);
        if (!PackageAccess.CanSee(request.Client, package))
        {
            NotFound(response, request, $"no package with tracking id '{trackingId}'");
            return;
        }

        response.WriteJson(200, package!.State, ResponseBuilder.Context.PackageStateResponse);
        var etag = StrongETag(response.Body);
        response.Header("etag", etag);
        response.Header("cache-control", "no-cache");
        if (IfNoneMatchMatches(request.Event.GetHeader("if-none-match"), etag))
        {
            response.NoBody(304);
        }
    }

    public async ValueTask GetEventAsync(ApiRequest request, ResponseBuilder response, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var trackingId = TrackingId(request.Event, errors);
        var eventId = request.Event.GetPathParameter("eventId");
        if (eventId is null || !Identifiers.IsValidEventId(eventId)) errors.Add(new FieldError("eventId", Identifiers.EventIdRule));
        if (errors.Count > 0)
        {
            response.ValidationProblem(errors, request.Path);
            return;
        }

        var package = store.GetPackageAsync(trackingId!, request.Metrics, cancellationToken);
        var stored = await store.GetEventAsync(trackingId!, eventId!, request.Metrics, cancellationToken).ConfigureAwait(false);
        if (stored is null || !PackageAccess.CanSee(request.Client, await package.ConfigureAwait(false)))
        {
            NotFound(response, request, $"no event '{eventId}' for tracking id '{trackingId}'");
            return;
        }
        response.WriteJson(200, stored, ResponseBuilder.Context.TrackingEventResponse);
    }

    public async ValueTask GetHistoryAsync(ApiRequest request, ResponseBuilder response, CancellationToken cancellationToken)
    {
        var e = request.Event;
        var errors = new List<FieldError>();
        var trackingId = TrackingId(e, errors);
        var status = Status(e, required: false, errors);
        var eventType = e.GetQuery("eventType");
        if (eventType is not null && !rules.EventTypes.Contains(eventType)) errors.Add(new FieldError("eventType", "must be one of: " + rules.EventTypesText));
        var from = Time(e, "from", errors);
        var to = Time(e, "to", errors);
        if (from is not null && to is not null && to <= from) errors.Add(new FieldError("to", "must be later than from"));
        var ascending = Ascending(e, errors);
        var limit = Limit(e, errors);
        if (errors.Count > 0)
        {
            response.ValidationProblem(errors, request.Path);
            return;
        }

        var identity = CursorCodec.QueryIdentity("events", trackingId, status, eventType, e.GetQuery("from"), e.GetQuery("to"), ascending ? "asc" : "desc");
        if (!TryReadCursor(request, response, identity, out var position)) return;

        var query = new HistoryQuery(trackingId!, status, eventType, from, to, ascending, limit);
        var package = store.GetPackageAsync(trackingId!, request.Metrics, cancellationToken);
        Page<TrackingEventResponse> found;
        try
        {
            found = await store.ReadHistoryAsync(query, position, request.Metrics, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidPagePositionException)
        {
            await package.ConfigureAwait(false);
            InvalidCursor(response, request);
            return;
        }
        if (!PackageAccess.CanSee(request.Client, await package.ConfigureAwait(false)))
        {
            NotFound(response, request, $"no package with tracking id '{trackingId}'");
            return;
        }

        var page = new EventPage { Items = found.Items };
        if (found.Next is { } next) page.NextCursor = cursors.Encode(identity, next);
        response.WriteJson(200, page, ResponseBuilder.Context.EventPage);
    }

    public async ValueTask GetLocationsAsync(ApiRequest request, ResponseBuilder response, CancellationToken cancellationToken)
    {
        var e = request.Event;
        var errors = new List<FieldError>();
        var trackingId = TrackingId(e, errors);
        var from = Time(e, "from", errors);
        var to = Time(e, "to", errors);
        if (from is not null && to is not null && to <= from) errors.Add(new FieldError("to", "must be later than from"));
        if (errors.Count > 0)
        {
            response.ValidationProblem(errors, request.Path);
            return;
        }

        var package = store.GetPackageAsync(trackingId!, request.Metrics, cancellationToken);
        var track = await store.ReadTrackAsync(new TrackQuery(trackingId!, from, to, MaxTrackPoints), request.Metrics, cancellationToken).ConfigureAwait(false);
        var points = track.Points;
        if (!PackageAccess.CanSee(request.Client, await package.ConfigureAwait(false)))
        {
            NotFound(response, request, $"no package with tracking id '{trackingId}'");
            return;
        }

        var feature = new LocationTrackFeature { Properties = { TrackingId = trackingId!, Truncated = track.Truncated } };
        if (points.Count > 0)
        {
            var geometry = new TrackGeometry { Type = points.Count == 1 ? "Point" : "LineString", Coordinates = new List<double[]>(points.Count) };
            // Sized once: growing three lists by doubling would allocate about twice their final size.
            feature.Properties.Times = new List<string>(points.Count);
            feature.Properties.Statuses = new List<string>(points.Count);
            feature.Properties.EventIds = new List<string>(points.Count);
            foreach (var point in points)
            {
                geometry.Coordinates.Add([point.Lon, point.Lat]);
                feature.Properties.Times.Add(point.Time);
                feature.Properties.Statuses.Add(point.Status);
                feature.Properties.EventIds.Add(point.EventId);
            }
            feature.Geometry = geometry;
        }
        response.WriteJson(200, feature, ResponseBuilder.Context.LocationTrackFeature, ResponseBuilder.GeoJson);
    }

    public async ValueTask SearchPackagesAsync(ApiRequest request, ResponseBuilder response, CancellationToken cancellationToken)
    {
        var e = request.Event;
        var errors = new List<FieldError>();
        var status = Status(e, required: true, errors);
        var after = Time(e, "updatedAfter", errors);
        var before = Time(e, "updatedBefore", errors);
        if (after is not null && before is not null && before <= after) errors.Add(new FieldError("updatedBefore", "must be later than updatedAfter"));
        var limit = Limit(e, errors);
        if (errors.Count > 0)
        {
            response.ValidationProblem(errors, request.Path);
            return;
        }

        var identity = CursorCodec.QueryIdentity("packages", status, e.GetQuery("updatedAfter"), e.GetQuery("updatedBefore"));
        if (!TryReadCursor(request, response, identity, out var position)) return;

        Page<PackageSummary> found;
        try
        {
            found = await store.SearchStatusAsync(new StatusQuery(status!, after, before, limit), position, request.Metrics, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidPagePositionException)
        {
            InvalidCursor(response, request);
            return;
        }
        var page = new PackagePage { Items = found.Items };
        if (found.Next is { } next) page.NextCursor = cursors.Encode(identity, next);
        response.WriteJson(200, page, ResponseBuilder.Context.PackagePage);
    }

    /// <summary>The position in the request's cursor, if any; false (and the problem written) when the cursor is not
    /// one this query issued.</summary>
    private bool TryReadCursor(ApiRequest request, ResponseBuilder response, string identity, out PagePosition? position)
    {
        position = null;
        if (request.Event.GetQuery("cursor") is not { } cursorText) return true;
        position = cursors.DecodePosition(cursorText, identity);
        if (position is not null) return true;
        InvalidCursor(response, request);
        return false;
    }

    private static void NotFound(ResponseBuilder response, ApiRequest request, string detail)
        => response.Problem(ProblemTypes.NotFound, detail, instance: request.Path);

    private static void InvalidCursor(ResponseBuilder response, ApiRequest request)
        => response.Problem(ProblemTypes.InvalidCursor, "the cursor is malformed, was altered, or belongs to a different query; repeat the query without it",
            [new FieldError("cursor", "is not a cursor this query issued")], request.Path);

    /// <summary>Strong validator: a hash of the exact representation (RFC 9110 §8.8.3).</summary>
    private static string StrongETag(ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body, hash);
        return string.Concat("\"", System.Buffers.Text.Base64Url.EncodeToString(hash[..16]), "\"");
    }

    /// <summary>If-None-Match uses the weak comparison (RFC 9110 §13.1.2): W/ prefixes are ignored.</summary>
    public static bool IfNoneMatchMatches(string? header, string etag)
    {
        if (string.IsNullOrWhiteSpace(header)) return false;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "*") return true;
            var candidate = part.StartsWith("W/", StringComparison.Ordinal) ? part[2..] : part;
            if (string.Equals(candidate, etag, StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
