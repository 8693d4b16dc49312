using Tracking.Contracts.Api;
using Tracking.Contracts.Validation;
using Tracking.Functions.Http;
using Tracking.Functions.Resilience;
using Tracking.Functions.Storage;

namespace Tracking.Ingest.Retry;

/// <summary>What became of one valid update: written (<see cref="Result"/>), queued (202), or neither (503).</summary>
public readonly record struct WriteAttempt(AppendResult? Result, bool Accepted, bool Unavailable);

/// <summary>
/// The synchronous write, with the retry queue behind it: a write that storage cannot complete within the invocation
/// budget (<see cref="StorageFaults"/>: throttled, unavailable, timed out, budget spent) is queued instead and
/// accepted; with <c>respond-async</c> the update is queued first and written only if the queue fails. Without a retry
/// queue it is the plain write, and a storage fault reaches <see cref="ApiFunction"/>'s 503.
/// </summary>
public sealed class AcceptingWriter(ITrackingWriteStore store, RetryPath? retry)
{
    public bool CanQueue => retry is not null;

    // ValueTask: when storage answers synchronously (warm connection, buffered response) the attempt costs no Task.
    public async ValueTask<WriteAttempt> WriteAsync(TrackingEventRequest update, ValidatedEvent validated, ApiRequest request, bool queueFirst,
        CancellationToken cancellationToken)
    {
        if (retry is null) return new WriteAttempt(await AppendAsync(validated, request, cancellationToken).ConfigureAwait(false), false, false);
        if (queueFirst && await retry.TryEnqueueAsync(update, validated, request.Client.Name, request.ReceivedAt, request.Budget).ConfigureAwait(false))
        {
            return new WriteAttempt(null, true, false);
        }
        try
        {
            return new WriteAttempt(await AppendAsync(validated, request, cancellationToken).ConfigureAwait(false), false, false);
        }
        catch (Exception e) when (StorageFaults.Classify(e, request.Budget.Token) is not null)
        {
            // Not applied, or not known to be: queued, and the consumer applies it idempotently either way.
            var queued = !queueFirst && await retry.TryEnqueueAsync(update, validated, request.Client.Name, request.ReceivedAt, request.Budget).ConfigureAwait(false);
            return new WriteAttempt(null, queued, !queued);
        }
    }

    public void RecordAccepted(int count, string? requestId) => retry?.RecordAccepted(count, requestId);

    private Task<AppendResult> AppendAsync(ValidatedEvent validated, ApiRequest request, CancellationToken cancellationToken)
        => store.AppendAsync(validated, request.Client.Name, request.ReceivedAt, request.Metrics, cancellationToken);
}
