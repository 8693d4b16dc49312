using Tracking.Ingest.Retry;

namespace Tracking.Functions.Tests.Fakes;

/// <summary>Records what the write path and the consumer ask of SQS; <see cref="Fault"/> makes every call fail.</summary>
internal sealed class FakeRetryQueueClient : IRetryQueueClient
{
    private readonly Lock _gate = new();

    public List<string> Enqueued { get; } = [];
    public List<string> DeadLetters { get; } = [];
    public List<(string ReceiptHandle, TimeSpan Delay)> Delays { get; } = [];
    public Exception? Fault { get; set; }

    public Task EnqueueAsync(string body, CancellationToken cancellationToken) => Record(Enqueued, body);

    public Task DeadLetterAsync(string body, CancellationToken cancellationToken) => Record(DeadLetters, body);

    public Task DelayAsync(string receiptHandle, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (Fault is not null) return Task.FromException(Fault);
        lock (_gate) Delays.Add((receiptHandle, delay));
        return Task.CompletedTask;
    }

    private Task Record(List<string> list, string body)
    {
        if (Fault is not null) return Task.FromException(Fault);
        lock (_gate) list.Add(body);
        return Task.CompletedTask;
    }
}
