using Tracking.Contracts;
using Tracking.Contracts.Api;
using Tracking.Contracts.Validation;
using Tracking.Functions.Http;

namespace Tracking.Ingest.Retry;

/// <summary>The answers of the retry path: 202 for a queued update, 503 when neither the table nor the queue took it.</summary>
public static class RetryResponses
{
    /// <summary>Seconds a client should wait before resending after a 503 (the table and the queue both failed).</summary>
    public const string RetryAfterSeconds = "2";

    public static void AcceptedOrUnavailable(ResponseBuilder response, WriteAttempt attempt, ValidatedEvent validated, string location, bool preferenceApplied)
    {
        if (!attempt.Accepted)
        {
            Unavailable(response);
            return;
        }
        var body = new AcceptedEventResponse { TrackingId = validated.TrackingId, EventId = validated.EventId, Location = location };
        response.WriteJson(202, body, ResponseBuilder.Context.AcceptedEventResponse);
        response.Header("location", location);
        if (preferenceApplied) response.Header(PreferHeader.AppliedName, PreferHeader.RespondAsync);
    }

    public static BatchItemResult AcceptedItem(int index, ValidatedEvent e) => new()
    {
        Index = index, TrackingId = e.TrackingId, EventId = e.EventId, Result = BatchOutcome.Accepted, Status = 202,
    };

    public static void Unavailable(ResponseBuilder response)
    {
        response.Problem(ProblemTypes.StorageUnavailable,
            "the update could not be stored or queued for retry just now; it may not have completed and is safe to resend (it is idempotent)");
        response.Header("retry-after", RetryAfterSeconds);
    }
}
