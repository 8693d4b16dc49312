using Tracking.LocalStack.Runtime;

namespace Tracking.LocalStack.Sqs;

public sealed class EventSourceMappingOptions
{
    /// <summary>Messages per invocation (Lambda's BatchSize; 10 is SQS's receive maximum).</summary>
    public int BatchSize { get; init; } = 10;

    /// <summary>Concurrent pollers, each invoking at most once at a time (Lambda's ScalingConfig.MaximumConcurrency).</summary>
    public int MaximumConcurrency { get; init; } = 2;

    /// <summary>Long-poll length of each receive (Lambda's pollers use 20 s).</summary>
    public TimeSpan WaitTime { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Pause after a failed invocation before the poller receives again.</summary>
    public TimeSpan ErrorBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    public string Region { get; init; } = LocalDefaults.Region;
}

/// <summary>Counters for tests and the banner.</summary>
public sealed class EventSourceMappingStats
{
    private long _invocations, _deleted, _failedItems, _failedInvocations;
    public long Invocations => Interlocked.Read(ref _invocations);
    public long Deleted => Interlocked.Read(ref _deleted);
    public long FailedItems => Interlocked.Read(ref _failedItems);
    public long FailedInvocations => Interlocked.Read(ref _failedInvocations);

    internal void Record(int batch, int failed, bool invocationFailed)
    {
        Interlocked.Increment(ref _invocations);
        Interlocked.Add(ref _deleted, batch - failed);
        Interlocked.Add(ref _failedItems, failed);
        if (invocationFailed) Interlocked.Increment(ref _failedInvocations);
    }
}

/// <summary>
/// Lambda's SQS event source mapping with ReportBatchItemFailures: pollers long-poll the queue, invoke the function
/// with an SQS event, delete what succeeded, and leave failures in the queue (they reappear when their visibility
/// timeout ends, counting a receive each time, until the queue's redrive policy moves them to the DLQ).
/// </summary>
public sealed class EventSourceMapping(SqsQueueState queue, FunctionHost function, EventSourceMappingOptions options, Action<string>? log = null) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _pollers = [];

    public EventSourceMappingStats Stats { get; } = new();

    public SqsQueueState Queue => queue;

    public void Start()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaximumConcurrency, 1);
        for (var i = 0; i < options.MaximumConcurrency; i++) _pollers.Add(Task.Run(() => PollAsync(_stopping.Token)));
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var batch = await queue.ReceiveAsync(options.BatchSize, visibilityTimeout: null, options.WaitTime, cancellationToken).ConfigureAwait(false);
                if (batch.Count == 0) continue;
                if (!await DeliverAsync(batch, cancellationToken).ConfigureAwait(false))
                {
                    await Task.Delay(options.ErrorBackoff, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A poller never dies: Lambda keeps polling whatever one invocation did.
                log?.Invoke($"poller error: {e.Message}");
                await Task.Delay(options.ErrorBackoff, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One invocation; false when the function failed as a whole.</summary>
    private async Task<bool> DeliverAsync(IReadOnlyList<ReceivedMessage> batch, CancellationToken cancellationToken)
    {
        var payload = SqsEventPayload.Build(batch, queue.Arn, options.Region);
        var result = await function.InvokeAsync(payload, cancellationToken).ConfigureAwait(false);
        var all = batch.Select(m => m.Message.MessageId).ToHashSet(StringComparer.Ordinal);
        var failed = result.Status == InvocationStatus.Success ? SqsEventPayload.FailedIds(result.Payload, batch) : all;
        foreach (var message in batch)
        {
            if (failed.Contains(message.Message.MessageId)) continue;
            try
            {
                queue.Delete(message.ReceiptHandle);
            }
            catch (SqsException e)
            {
                log?.Invoke($"delete of {message.Message.MessageId} failed: {e.Message}");
            }
        }
        var invocationFailed = result.Status != InvocationStatus.Success;
        Stats.Record(batch.Count, failed.Count, invocationFailed);
        if (invocationFailed) log?.Invoke($"{function.Name} failed ({result.Status} {result.ErrorType}): {batch.Count} message(s) stay in {queue.Name}");
        else if (failed.Count > 0) log?.Invoke($"{function.Name} reported {failed.Count} of {batch.Count} message(s) failed: they stay in {queue.Name}");
        return !invocationFailed;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_pollers).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
