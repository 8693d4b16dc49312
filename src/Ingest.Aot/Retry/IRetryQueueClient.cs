namespace Tracking.Ingest.Retry;

/// <summary>The SQS calls the write path and the consumer make, and nothing else: the seam for tests. Each call that
/// SQS cannot take throws <see cref="QueueUnavailableException"/> (or is cancelled by its token).</summary>
public interface IRetryQueueClient
{
    /// <summary>Durably queues a validated update for the consumer (ingest role: sqs:SendMessage on the retry queue).</summary>
    Task EnqueueAsync(string body, CancellationToken cancellationToken);

    /// <summary>Sends a message that can never be applied straight to the dead-letter queue (consumer role).</summary>
    Task DeadLetterAsync(string body, CancellationToken cancellationToken);

    /// <summary>Hides a received message for <paramref name="delay"/>: the consumer's backoff before the next attempt.</summary>
    Task DelayAsync(string receiptHandle, TimeSpan delay, CancellationToken cancellationToken);
}
