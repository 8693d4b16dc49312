using Tracking.Contracts.Api;
using Tracking.Contracts.Validation;
using Tracking.Functions.Observability;

namespace Tracking.Ingest.Retry;

/// <summary>What became of one valid update: written (<see cref="Result"/>), queued (202), or neither (503).</summary>
public readonly record struct WriteAttempt(WriteResult? Result, bool Accepted, bool Unavailable);

/// <summary>
/// The synchronous write, with the retry queue behind it: a write that fails for a retryable reason (throttled,
/// unavailable, timed out) is queued instead and accepted; with <c>respond-async</c> the update is queued first and
/// written only if the queue fails. Without a retry queue it is the plain write, failures and all.
/// </summary>
public sealed class AcceptingWriter(EventWriter writer, RetryPath? retry)
{
    public bool CanQueue => retry is not null;

    public async Task<WriteAttempt> WriteAsync(TrackingEventRequest update, ValidatedEvent validated, string source, DateTime receivedAt,
        RequestMetrics metrics, bool queueFirst, CancellationToken cancellationToken)
    {
        if (retry is null) return new WriteAttempt(await writer.WriteAsync(validated, source, receivedAt, metrics, cancellationToken).ConfigureAwait(false), false, false);
        if (queueFirst && await retry.TryEnqueueAsync(update, validated, source, receivedAt).ConfigureAwait(false)) return new WriteAttempt(null, true, false);
        try
        {
            return new WriteAttempt(await writer.WriteAsync(validated, source, receivedAt, metrics, cancellationToken).ConfigureAwait(false), false, false);
        }
        catch (Exception e) when (RetryableFailure.Is(e, cancellationToken))
        {
            // Not applied (or not known to be): queued, the consumer applies it idempotently either way.
            var queued = !queueFirst && await retry.TryEnqueueAsync(update, validated, source, receivedAt).ConfigureAwait(false);
            return new WriteAttempt(null, queued, !queued);
        }
    }

    public void RecordAccepted(int count, string? requestId) => retry?.RecordAccepted(count, requestId);
}
