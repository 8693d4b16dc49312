using Amazon.Runtime;
using Tracking.Contracts.Api;
using Tracking.Contracts.Validation;

namespace Tracking.Ingest.Retry;

/// <summary>The write path's side of the retry queue: put a validated update on it within a short time of its own.</summary>
public sealed class RetryPath(IRetryQueueClient queue, RetryMetrics metrics, TextWriter log)
{
    /// <summary>The invocation's own token may already be spent when the table failed it; the enqueue gets this instead,
    /// well inside API Gateway's 29 s.</summary>
    public static readonly TimeSpan EnqueueTimeout = TimeSpan.FromSeconds(2.5);

    /// <summary>True when the update is durably queued (SQS answered), false when the queue failed too.</summary>
    public async Task<bool> TryEnqueueAsync(TrackingEventRequest update, ValidatedEvent validated, string source, DateTime receivedAt)
    {
        using var timeout = new CancellationTokenSource(EnqueueTimeout);
        try
        {
            await queue.EnqueueAsync(QueuedUpdate.Write(update, validated, source, receivedAt), timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is AmazonServiceException or HttpRequestException or OperationCanceledException or IOException)
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
