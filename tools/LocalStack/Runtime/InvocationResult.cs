namespace Tracking.LocalStack.Runtime;

public enum InvocationStatus
{
    /// <summary>The function posted /response.</summary>
    Success,
    /// <summary>The function posted /error; Payload is its error document.</summary>
    FunctionError,
    /// <summary>The function did not answer within its timeout; the process was killed and restarted.</summary>
    Timeout,
    /// <summary>The process died while handling the invocation; it was restarted.</summary>
    ProcessExited,
    /// <summary>The request payload exceeded 6 MB; the function never saw it.</summary>
    RequestTooLarge,
    /// <summary>The function's response exceeded 6 MB.</summary>
    ResponseTooLarge,
}

/// <summary>
/// One finished invocation. Timestamps are <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> values:
/// subtract them with Stopwatch.GetElapsedTime. DispatchedAt is 0 when the function never received the event.
/// </summary>
public sealed record InvocationResult(
    InvocationStatus Status,
    byte[] Payload,
    string RequestId,
    string? ErrorType,
    long QueuedAt,
    long DispatchedAt,
    long CompletedAt)
{
    public bool IsError => Status != InvocationStatus.Success;
}
