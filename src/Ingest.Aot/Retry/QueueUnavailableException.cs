namespace Tracking.Ingest.Retry;

/// <summary>
/// The retry queue could not take a call (SQS refused, throttled, failed or was unreachable). The queue's adapter
/// (<see cref="AwsRetryQueueClient"/>) turns the SDK's errors into this, so the write path and the consumer decide
/// what to do (answer 503, leave the message to its visibility timeout) without knowing AWS error types.
/// </summary>
public sealed class QueueUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
