namespace Tracking.Functions.Resilience;

/// <summary>Why storage could not complete a call. None of these is the client's fault, and all are worth a retry.</summary>
public enum StorageFault
{
    /// <summary>DynamoDB throttled the call (ThrottlingException, ProvisionedThroughputExceededException, ...).</summary>
    Throttled,

    /// <summary>DynamoDB answered 5xx, or the connection failed or was reset.</summary>
    Failed,

    /// <summary>The invocation's budget ran out (a slow or stalled DynamoDB, or SDK timeouts and retries).</summary>
    BudgetSpent,
}

/// <summary>
/// Storage could not complete a call within the invocation's budget. Whether the write it carried was applied is
/// unknown (a lost response looks the same as a failure), so whoever handles it must answer with something the
/// client can safely retry: a 503 with <see cref="RetryAfter"/>, or a durable retry of the same update.
/// </summary>
public sealed class StorageUnavailableException(StorageFault fault, string message, Exception? inner = null) : Exception(message, inner)
{
    public StorageFault Fault { get; } = fault;

    /// <summary>Seconds for the Retry-After header: a throttle clears quickly, an outage or stall less so.</summary>
    public int RetryAfterSeconds => Fault == StorageFault.Throttled ? 1 : 2;
}
