using System.Security.Cryptography;
using Amazon.DynamoDBv2.Model;
using Tracking.Contracts;
using Tracking.Contracts.Api;
using Tracking.Contracts.Domain;
using Tracking.Contracts.Geo;
using Tracking.Contracts.Storage;
using Tracking.Contracts.Validation;
using Tracking.Functions.Configuration;
using Tracking.Functions.Http;
using Tracking.Functions.Paging;
using static Tracking.Query.QueryParameters;
using A = Tracking.Contracts.Storage.ItemAttributes;
using T = Tracking.Contracts.Storage.TrackingTable;

namespace Tracking.Query;

/// <summary>The read routes.</summary>
public sealed class QueryRoutes(TrackingReader reader, CursorCodec cursors, EventRules rules)
{
    /// <summary>A location track longer than this is cut (and says so); narrow it with from/to.</summary>
    public const int MaxTrackPoints = 2000;

    private readonly PackageSearch _search = new(reader);

    public IEnumerable<Route> All =>
    [
        new(ApiRoutes.Tracking, "GET", Permissions.Read, GetStateAsync),
        new(ApiRoutes.TrackingEvents, "GET", Permissions.Read, GetHistoryAsync),
        new(ApiRoutes.TrackingEvent, "GET", Permissions.Read, GetEventAsync),
        new(ApiRoutes.Locations, "GET", Permissions.Read, GetLocationsAsync),
        new(ApiRoutes.Packages, "GET", Permissions.Read, SearchAsync),
    ];

    public async ValueTask GetStateAsync(ApiRequest request, ResponseBuilder response, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var trackingId = TrackingId(request.Event, errors);
        if (errors.Count > 0)
        {
            response.ValidationProblem(errors, request.Path);
            return;
        }

        var item = await reader.GetStateAsync(trackingId!, request.Metrics, cancellationToken).ConfigureAwait(false);
        if (item is null)
        {
            NotFound(response, request, $"no package with tracking id '{trackingId}'");
            return;
        }

        response.WriteJson(200, StateItemMapper.ToResponse(item), ResponseBuilder.Context.PackageStateResponse);
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

        var item = await reader.GetEventAsync(trackingId!, eventId!, request.Metrics, cancellationToken).ConfigureAwait(false);
        if (item is null)
        {
            NotFound(response, request, $"no event '{eventId}' for tracking id '{trackingId}'");
            return;
        }
        response.WriteJson(200, EventItemMapper.ToResponse(item), ResponseBuilder.Context.TrackingEventResponse);
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
        Dictionary<string, AttributeValue>? startKey = null;
        if (e.GetQuery("cursor") is { } cursorText)
        {
            var cursor = cursors.Decode(cursorText, identity);
            if (cursor?.K is not { } key || !CursorShape.IsHistoryKey(key, trackingId!, From(from), Until(to)))
            {
                InvalidCursor(response, request);
                return;
            }
            startKey = ToAttributeMap(key);
        }

        var query = new HistoryQuery(trackingId!, status, eventType, From(from), Until(to), ascending, limit);
        var (items, lastKey) = await reader.QueryHistoryAsync(query, startKey, request.Metrics, cancellationToken).ConfigureAwait(false);
        if (items.Count == 0 && startKey is null && await reader.GetStateAsync(trackingId!, request.Metrics, cancellationToken).ConfigureAwait(false) is null)
        {
            NotFound(response, request, $"no package with tracking id '{trackingId}'");
            return;
        }

        var page = new EventPage { Items = new List<TrackingEventResponse>(items.Count) };
        foreach (var item in items) page.Items.Add(EventItemMapper.ToResponse(item));
        if (lastKey is not null) page.NextCursor = cursors.Encode(new CursorPayload { Q = identity, K = FromAttributeMap(lastKey) });
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

        var (items, truncated) = await reader.QueryPositionsAsync(trackingId!, From(from), Until(to), MaxTrackPoints, request.Metrics, cancellationToken).ConfigureAwait(false);
        if (items.Count == 0 && await reader.GetStateAsync(trackingId!, request.Metrics, cancellationToken).ConfigureAwait(false) is null)
        {
            NotFound(response, request, $"no package with tracking id '{trackingId}'");
            return;
        }

        var feature = new LocationTrackFeature { Properties = { TrackingId = trackingId!, Truncated = truncated } };
        if (items.Count > 0)
        {
            var geometry = new TrackGeometry { Type = items.Count == 1 ? "Point" : "LineString", Coordinates = new List<double[]>(items.Count) };
            foreach (var item in items)
            {
                geometry.Coordinates.Add([EventItemMapper.ParseDouble(item[A.Lon].N), EventItemMapper.ParseDouble(item[A.Lat].N)]);
                feature.Properties.Times.Add(Timestamps.StorageToApi(item[A.EventTime].S));
                feature.Properties.Statuses.Add(item[A.Status].S);
                feature.Properties.EventIds.Add(item[A.EventId].S);
            }
            feature.Geometry = geometry;
        }
        response.WriteJson(200, feature, ResponseBuilder.Context.LocationTrackFeature, ResponseBuilder.GeoJson);
    }

    public async ValueTask SearchAsync(ApiRequest request, ResponseBuilder response, CancellationToken cancellationToken)
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
        List<string?> positions;
        if (e.GetQuery("cursor") is { } cursorText)
        {
            var cursor = cursors.Decode(cursorText, identity);
            if (cursor?.S is not { } saved || !CursorShape.AreSearchPositions(saved, After(after), Until(before)))
            {
                InvalidCursor(response, request);
                return;
            }
            positions = saved;
        }
        else
        {
            positions = [.. new string?[T.StatusIndexShards]];
        }

        var (items, next) = await _search.SearchAsync(status!, After(after), Until(before), limit, positions, request.Metrics, cancellationToken).ConfigureAwait(false);
        var page = new PackagePage { Items = new List<PackageSummary>(items.Count) };
        foreach (var item in items) page.Items.Add(StateItemMapper.ToSummary(item));
        if (next is not null) page.NextCursor = cursors.Encode(new CursorPayload { Q = identity, S = next });
        response.WriteJson(200, page, ResponseBuilder.Context.PackagePage);
    }

    private static void NotFound(ResponseBuilder response, ApiRequest request, string detail)
        => response.Problem(ProblemTypes.NotFound, detail, instance: request.Path);

    private static void InvalidCursor(ResponseBuilder response, ApiRequest request)
        => response.Problem(ProblemTypes.InvalidCursor, "the cursor is malformed, was altered, or belongs to a different query; repeat the query without it",
            [new FieldError("cursor", "is not a cursor this query issued")], request.Path);

    private static Dictionary<string, AttributeValue> ToAttributeMap(Dictionary<string, string> key)
    {
        var map = new Dictionary<string, AttributeValue>(key.Count);
        foreach (var (name, value) in key) map[name] = new AttributeValue { S = value };
        return map;
    }

    private static Dictionary<string, string> FromAttributeMap(Dictionary<string, AttributeValue> key)
    {
        var map = new Dictionary<string, string>(key.Count);
        foreach (var (name, value) in key) map[name] = value.S;
        return map;
    }

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
