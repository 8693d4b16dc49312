using Tracking.Contracts;
using Tracking.Contracts.Api;
using Tracking.Contracts.Domain;
using Tracking.Functions.Configuration;
using Tracking.Functions.Http;
using Tracking.Functions.Paging;
using Tracking.Functions.Privacy;
using Tracking.Functions.Storage;
using Tracking.Ingest.Retry;

namespace Tracking.Ingest;

/// <summary>The stores a data-subject request needs: the package as read (export), its erasure, the audit trail.</summary>
public sealed record DataSubjectStores(ITrackingReadStore Read, IErasureStore Erasure, IAuditStore Audit);

/// <summary>
/// Data-subject requests (GDPR Art. 15/17/20, CCPA): export and erase one package, each leaving an audit record before
/// it answers. Served by the write function: it is the one allowed to delete, and the read function writes nothing.
/// With the retry queue (<paramref name="continuation"/>), an erasure left in progress is queued and finished by the
/// consumer; without it, the caller finishes it by repeating the call.
/// </summary>
[RouteHandlers(ApiRoutes.IngestFunction, ApiRoutes.DataSubjectRequestsTag)]
public sealed partial class DataSubjectRoutes(DataSubjectStores stores, CursorCodec cursors, PrivacySettings privacy, RetryPath? continuation = null)
{
    /// <summary>At most about 2.6 KB of JSON per event (metadata ≤ 2 KB): a page stays far below Lambda's 6 MB.</summary>
    public const int ExportPageSize = 500;

    /// <summary>Time an erasure call works before it answers 202 (less when the invocation has less left).</summary>
    public static readonly TimeSpan EraseWorkTime = TimeSpan.FromSeconds(5);

    public async ValueTask ErasePackageAsync(ApiRequest request, ResponseBuilder response, CancellationToken cancellationToken)
    {
        if (ValidTrackingId(request, response) is not { } trackingId) return;

        var result = await stores.Erasure.EraseAsync(trackingId, request.ReceivedAt, EraseWorkTime, request.Metrics, cancellationToken).ConfigureAwait(false);
        var outcome = result.Status switch
        {
            ErasureStatus.NotFound => "not_found",
            ErasureStatus.InProgress => "in_progress",
            _ => "complete",
        };
        await AuditAsync(request, trackingId, "erase", outcome, result.Deleted, cancellationToken).ConfigureAwait(false);
        switch (result.Status)
        {
            case ErasureStatus.NotFound:
                response.Problem(ProblemTypes.NotFound, $"no package with tracking id '{trackingId}'", instance: request.Path);
                break;
            case ErasureStatus.InProgress:
                var continuing = continuation is not null && await continuation.TryEnqueueAsync(
                    new QueuedErasure(trackingId, request.Client.Name, request.ReceivedAt, RequestId(request)), request.Budget).ConfigureAwait(false);
                response.WriteJson(202, new ErasureProgress { TrackingId = trackingId, Status = outcome, Deleted = result.Deleted, Continuing = continuing },
                    ResponseBuilder.Context.ErasureProgress);
                // Continuing: a check later is enough (each consumer round works up to 20 s); otherwise the caller drives it.
                response.Header("retry-after", continuing ? "10" : "1");
                break;
            default:
                response.NoBody(204);
                break;
        }
    }

    public async ValueTask ExportPackageAsync(ApiRequest request, ResponseBuilder response, CancellationToken cancellationToken)
    {
        if (ValidTrackingId(request, response) is not { } trackingId) return;
        var identity = CursorCodec.QueryIdentity("export", trackingId);
        PagePosition? position = null;
        if (request.Event.GetQuery("cursor") is { } cursorText)
        {
            if (cursors.DecodePosition(cursorText, identity) is not { } decoded)
            {
                InvalidCursor(response, request);
                return;
            }
            position = decoded;
        }

        var package = await stores.Read.GetPackageAsync(trackingId, request.Metrics, cancellationToken).ConfigureAwait(false);
        if (package is null)
        {
            await AuditAsync(request, trackingId, "export", "not_found", 0, cancellationToken).ConfigureAwait(false);
            response.Problem(ProblemTypes.NotFound, $"no package with tracking id '{trackingId}'", instance: request.Path);
            return;
        }

        Page<TrackingEventResponse> events;
        try
        {
            events = await stores.Read.ReadHistoryAsync(new HistoryQuery(trackingId, null, null, null, null, true, ExportPageSize), position, request.Metrics, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidPagePositionException)
        {
            InvalidCursor(response, request);
            return;
        }

        var document = new ExportDocument { TrackingId = trackingId, ExportedAt = Timestamps.ToApi(request.ReceivedAt), Events = events.Items };
        if (position is null)
        {
            document.State = package.State;
            document.Contributors = [.. package.Contributors.Order(StringComparer.Ordinal)];
        }
        if (events.Next is { } next) document.NextCursor = cursors.Encode(identity, next);
        await AuditAsync(request, trackingId, "export", "complete", events.Items.Count, cancellationToken).ConfigureAwait(false);
        response.WriteJson(200, document, ResponseBuilder.Context.ExportDocument);
    }

    /// <summary>Written before the answer: a request that cannot be audited fails (5xx) instead of going unrecorded.</summary>
    private Task AuditAsync(ApiRequest request, string trackingId, string action, string outcome, int events, CancellationToken cancellationToken)
        => stores.Audit.WriteAuditAsync(
            PackageAccess.Audit(privacy, trackingId, action, request.Client.Name, request.ReceivedAt, outcome, RequestId(request), events),
            request.Metrics, cancellationToken);

    private static string RequestId(ApiRequest request) => request.Event.RequestContext?.RequestId ?? "-";

    private static string? ValidTrackingId(ApiRequest request, ResponseBuilder response)
    {
        var trackingId = request.Event.GetPathParameter("trackingId");
        if (trackingId is not null && Identifiers.IsValidTrackingId(trackingId)) return trackingId;
        response.ValidationProblem([new FieldError("trackingId", Identifiers.TrackingIdRule)], request.Path);
        return null;
    }

    private static void InvalidCursor(ResponseBuilder response, ApiRequest request)
        => response.Problem(ProblemTypes.InvalidCursor, "the cursor is malformed, was altered, or belongs to a different query; repeat the query without it",
            [new FieldError("cursor", "is not a cursor this query issued")], request.Path);
}
