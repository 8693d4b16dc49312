using Tracking.Contracts.Api;
using Tracking.Contracts.Validation;
using Tracking.Functions.Resilience;

namespace Tracking.Ingest.Retry;

/// <summary>The API's side of the retry queue: put a validated update, or the rest of an erasure, on it within a short time of its own.</summary>
public sealed class RetryPath(IRetryQueueClient queue, RetryMetrics metrics, TextWriter log)
{
    /// <summary>The longest an enqueue may take. The budget's token may already be spent when storage failed, so the
    /// enqueue has a timeout of its own instead.</summary>
    public static readonly TimeSpan EnqueueTimeout = TimeSpan.FromSeconds(2.5);

    /// <summary>How far an enqueue may run past the storage budget: part of <see cref="InvocationBudget.Reserve"/>, which
    /// keeps the rest for the response and the metric line, so a stalled table still gets its 202 before Lambda's deadline.</summary>
    public static readonly TimeSpan PastBudget = TimeSpan.FromMilliseconds(500);

    /// <summary>The enqueue's timeout: what the budget has left plus <see cref="PastBudget"/>, at most <see cref="EnqueueTimeout"/>.</summary>
    public static TimeSpan TimeoutFor(InvocationBudget budget)
    {
        var left = budget.Remaining + PastBudget;
        return left < EnqueueTimeout ? left : EnqueueTimeout;
    }

    /// <summary>True when the update is durably queued (SQS answered), false when the queue failed too.</summary>
    public Task<bool> TryEnqueueAsync(TrackingEventRequest update, ValidatedEvent validated, string source, DateTime receivedAt, InvocationBudget budget)
        => TryEnqueueAsync(QueuedUpdate.Write(update, validated, source, receivedAt), budget);

    /// <summary>True when the rest of an erasure is durably queued for the consumer to finish.</summary>
    public Task<bool> TryEnqueueAsync(QueuedErasure erasure, InvocationBudget budget) => TryEnqueueAsync(erasure.Write(), budget);

    private async Task<bool> TryEnqueueAsync(string body, InvocationBudget budget)
    {
        using var timeout = new CancellationTokenSource(TimeoutFor(budget));
        try
        {
            await queue.EnqueueAsync(body, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is QueueUnavailableException or OperationCanceledException)
        {
            lock (log)
            {
                log.WriteLine($$"""{"level":"ERROR","service":"ingest","message":"enqueue to the retry queue failed","errorType":"{{e.GetType().Name}}"}""");
                log.Flush();
            }
            return false;
        }
    }

    /// <summary>One EMF line with <c>UpdatesAccepted</c> for a request that queued updates.</summary>
    public void RecordAccepted(int count, string? requestId)
    {
        if (count > 0) metrics.WriteAccepted(Contracts.Api.ApiRoutes.IngestFunction, count, requestId);
    }
}
