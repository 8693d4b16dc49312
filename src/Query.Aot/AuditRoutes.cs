using Tracking.Contracts;
using Tracking.Contracts.Api;
using Tracking.Contracts.Domain;
using Tracking.Functions.Configuration;
using Tracking.Functions.Http;
using Tracking.Functions.Paging;
using Tracking.Functions.Privacy;
using Tracking.Functions.Storage;
using static Tracking.Query.QueryParameters;

namespace Tracking.Query;

/// <summary>
/// The audit trail of data-subject requests: GET /v1/audit?trackingId= lists every export and erasure of that package,
/// newest first, for the data-protection desk and admins. The id is hashed here with the stack's audit key, the same
/// way the records were filed; it is never stored.
/// </summary>
[RouteHandlers(ApiRoutes.QueryFunction, ApiRoutes.DataSubjectRequestsTag)]
public sealed partial class AuditRoutes(IAuditStore store, CursorCodec cursors, PrivacySettings privacy)
{
    public async ValueTask ListAuditAsync(ApiRequest request, ResponseBuilder response, CancellationToken cancellationToken)
    {
        var e = request.Event;
        var errors = new List<FieldError>();
        var trackingId = e.GetQuery("trackingId");
        if (trackingId is null || !Identifiers.IsValidTrackingId(trackingId)) errors.Add(new FieldError("trackingId", trackingId is null ? "is required" : Identifiers.TrackingIdRule));
        var limit = Limit(e, errors);
        if (errors.Count > 0)
        {
            response.ValidationProblem(errors, request.Path);
            return;
        }

        var subject = PackageAccess.AuditSubject(privacy.AuditIdKey, trackingId!);
        var identity = CursorCodec.QueryIdentity("audit", subject);
        PagePosition? position = null;
        if (e.GetQuery("cursor") is { } cursorText && (position = cursors.DecodePosition(cursorText, identity)) is null)
        {
            InvalidCursor(response, request);
            return;
        }

        Page<AuditRecord> found;
        try
        {
            found = await store.ReadAuditAsync(subject, position, limit, request.Metrics, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidPagePositionException)
        {
            InvalidCursor(response, request);
            return;
        }

        var page = new AuditPage { Subject = subject, Items = new List<AuditEntry>(found.Items.Count) };
        foreach (var r in found.Items)
        {
            page.Items.Add(new AuditEntry
            {
                Action = r.Action,
                Client = r.Client,
                At = Timestamps.ToApi(r.At),
                Outcome = r.Outcome,
                RequestId = r.RequestId,
                Events = r.Events,
                ExpiresAt = Timestamps.ToApi(DateTimeOffset.FromUnixTimeSeconds(r.ExpiresAt).UtcDateTime),
            });
        }
        if (found.Next is { } next) page.NextCursor = cursors.Encode(identity, next);
        response.WriteJson(200, page, ResponseBuilder.Context.AuditPage);
    }

    private static void InvalidCursor(ResponseBuilder response, ApiRequest request)
        => response.Problem(ProblemTypes.InvalidCursor, "the cursor is malformed, was altered, or belongs to a different query; repeat the query without it",
            [new FieldError("cursor", "is not a cursor this query issued")], request.Path);
}
