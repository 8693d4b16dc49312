using System.Diagnostics;

namespace Tracking.LocalStack.Runtime;

/// <summary>One event on its way through the queue to an instance and back. Exactly one outcome wins.</summary>
internal sealed class Invocation(string requestId, byte[] payload, string traceId)
{
    private const int Queued = 0, Dispatched = 1, Done = 2;
    private int _state;
    private readonly TaskCompletionSource<InvocationResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string RequestId { get; } = requestId;
    public byte[] Payload { get; } = payload;
    public string TraceId { get; } = traceId;
    public long QueuedAt { get; } = Stopwatch.GetTimestamp();
    public long DispatchedAt { get; private set; }
    public Task<InvocationResult> Completion => _completion.Task;
    public CancellationTokenSource? TimeoutTimer { get; set; }

    public bool TryDispatch()
    {
        if (Interlocked.CompareExchange(ref _state, Dispatched, Queued) != Queued) return false;
        DispatchedAt = Stopwatch.GetTimestamp();
        return true;
    }

    /// <summary>Dispatched but never delivered (the receiving process was already gone): back to queued.</summary>
    public bool TryReturnToQueue()
    {
        if (Interlocked.CompareExchange(ref _state, Queued, Dispatched) != Dispatched) return false;
        TimeoutTimer?.Dispose();
        TimeoutTimer = null;
        DispatchedAt = 0;
        return true;
    }

    public bool TryComplete(InvocationStatus status, byte[] payload, string? errorType = null)
    {
        if (Interlocked.Exchange(ref _state, Done) == Done) return false;
        TimeoutTimer?.Dispose();
        _completion.TrySetResult(new InvocationResult(status, payload, RequestId, errorType, QueuedAt, DispatchedAt, Stopwatch.GetTimestamp()));
        return true;
    }

    /// <summary>The caller gave up: a queued event is dropped; a running one finishes unobserved.</summary>
    public void Abandon(CancellationToken token)
    {
        Interlocked.CompareExchange(ref _state, Done, Queued);
        _completion.TrySetCanceled(token);
    }
}
