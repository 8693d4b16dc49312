using System.Text;

namespace Tracking.LocalStack.Sqs;

/// <summary>Queue sizes as GetQueueAttributes reports them (exact here; "approximate" in SQS).</summary>
public readonly record struct QueueCounts(int Visible, int InFlight, int Delayed, DateTimeOffset? OldestSentAt);

/// <summary>
/// One standard queue in memory: delays, visibility timeouts, receive counts, retention, long polling and redrive to a
/// dead-letter queue after maxReceiveCount receives (checked when the message would be received again, as SQS does).
/// Unlike SQS it is exactly-once and keeps send order; the README lists every difference.
/// </summary>
public sealed class SqsQueueState(string name, string arn, SqsQueueSettings settings, TimeProvider clock, Func<string, SqsQueueState?> findByArn)
{
    private readonly Lock _gate = new();
    private readonly List<SqsMessage> _messages = [];
    private TaskCompletionSource _changed = NewSignal();

    public string Name { get; } = name;
    public string Arn { get; } = arn;
    public SqsQueueSettings Settings { get; } = settings;
    public DateTimeOffset CreatedAt { get; } = clock.GetUtcNow();

    public SqsMessage Send(string body, int? delaySeconds = null)
    {
        if (Encoding.UTF8.GetByteCount(body) > Settings.MaximumMessageSize) throw SqsException.MessageTooLong(Settings.MaximumMessageSize);
        var now = clock.GetUtcNow();
        var message = new SqsMessage(body, now, now.AddSeconds(delaySeconds ?? Settings.DelaySeconds));
        Add(message);
        return message;
    }

    /// <summary>Receives up to <paramref name="max"/> messages, waiting up to <paramref name="wait"/> for the first (long polling).</summary>
    public async Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(int max, TimeSpan? visibilityTimeout, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + wait;
        while (true)
        {
            var received = TryReceive(max, visibilityTimeout, out var signal, out var nextVisibleAt);
            var now = clock.GetUtcNow();
            if (received.Count > 0 || now >= deadline) return received;

            var pause = deadline - now;
            if (nextVisibleAt is { } next && next - now < pause) pause = next - now;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(signal, Task.Delay(pause < TimeSpan.Zero ? TimeSpan.Zero : pause, clock, stop.Token)).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public IReadOnlyList<ReceivedMessage> TryReceive(int max, TimeSpan? visibilityTimeout, out Task signal, out DateTimeOffset? nextVisibleAt)
    {
        var received = new List<ReceivedMessage>(max);
        var deadLetters = new List<SqsMessage>();
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            DropExpired(now);
            nextVisibleAt = null;
            for (var i = 0; i < _messages.Count && received.Count < max; i++)
            {
                var message = _messages[i];
                if (message.VisibleAt > now)
                {
                    if (nextVisibleAt is null || message.VisibleAt < nextVisibleAt) nextVisibleAt = message.VisibleAt;
                    continue;
                }
                if (Settings.Redrive is { } redrive && message.ReceiveCount >= redrive.MaxReceiveCount && findByArn(redrive.DeadLetterTargetArn) is not null)
                {
                    deadLetters.Add(message);
                    _messages.RemoveAt(i--);
                    continue;
                }
                message.ReceiveCount++;
                message.FirstReceivedAt ??= now;
                message.ReceiveGeneration++;
                message.VisibleAt = now + (visibilityTimeout ?? TimeSpan.FromSeconds(Settings.VisibilityTimeoutSeconds));
                received.Add(new ReceivedMessage(message, ReceiptHandles.Create(Name, message), message.ReceiveCount, message.FirstReceivedAt.Value));
            }
            signal = _changed.Task;
        }
        // Outside our lock: a dead-letter queue takes its own.
        if (deadLetters.Count > 0 && Settings.Redrive is { } policy && findByArn(policy.DeadLetterTargetArn) is { } dlq)
        {
            foreach (var message in deadLetters) dlq.AcceptDeadLetter(message);
        }
        return received;
    }

    /// <summary>Deletes the message; a handle from an earlier receive is accepted and ignored, as SQS does.</summary>
    public void Delete(string receiptHandle)
    {
        var (messageId, generation) = ReceiptHandles.Parse(Name, receiptHandle);
        lock (_gate)
        {
            var index = _messages.FindIndex(m => m.MessageId == messageId);
            if (index >= 0 && _messages[index].ReceiveGeneration == generation) _messages.RemoveAt(index);
        }
    }

    public void ChangeVisibility(string receiptHandle, int seconds)
    {
        if (seconds is < 0 or > SqsQueueSettings.MaxVisibilityTimeoutSeconds)
        {
            throw SqsException.InvalidParameter($"Value {seconds} for parameter VisibilityTimeout is invalid. Reason: must be from 0 to {SqsQueueSettings.MaxVisibilityTimeoutSeconds}.");
        }
        var (messageId, generation) = ReceiptHandles.Parse(Name, receiptHandle);
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            var message = _messages.Find(m => m.MessageId == messageId);
            if (message is null || message.ReceiveGeneration != generation || !message.IsInFlight(now))
            {
                throw SqsException.ReceiptHandleExpired(receiptHandle);
            }
            message.VisibleAt = now.AddSeconds(seconds);
            if (seconds == 0) Pulse();
        }
    }

    public QueueCounts Count()
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            DropExpired(now);
            int visible = 0, inFlight = 0, delayed = 0;
            DateTimeOffset? oldest = null;
            foreach (var message in _messages)
            {
                if (message.IsInFlight(now)) inFlight++;
                else if (message.IsDelayed(now)) delayed++;
                else visible++;
                if (oldest is null || message.SentAt < oldest) oldest = message.SentAt;
            }
            return new QueueCounts(visible, inFlight, delayed, oldest);
        }
    }

    public void Purge()
    {
        lock (_gate) _messages.Clear();
    }

    /// <summary>A message moved here by a source queue's redrive policy: same id, body, sent time and receive count.</summary>
    internal void AcceptDeadLetter(SqsMessage message)
    {
        message.VisibleAt = clock.GetUtcNow();
        Add(message);
    }

    private void Add(SqsMessage message)
    {
        lock (_gate)
        {
            _messages.Add(message);
            Pulse();
        }
    }

    private void DropExpired(DateTimeOffset now)
    {
        var oldestKept = now.AddSeconds(-Settings.MessageRetentionSeconds);
        _messages.RemoveAll(m => m.SentAt < oldestKept);
    }

    /// <summary>Wakes every long poll (under the lock).</summary>
    private void Pulse()
    {
        var previous = _changed;
        _changed = NewSignal();
        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
