using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Tracking.Contracts.Api;
using Tracking.Contracts.Validation;
using Tracking.Functions.Configuration;
using Tracking.Functions.Observability;
using Tracking.Functions.Resilience;
using Tracking.Functions.Storage;
using Tracking.LambdaRuntime;

namespace Tracking.Ingest.Retry;

/// <summary>
/// The retry queue's consumer: applies each queued update through the synchronous write path (same idempotency, counts
/// and newer-than rule, so a message applied twice changes nothing) and answers SQS's partial batch response.
/// - applied (created or duplicate): deleted by the event source mapping;
/// - conflict (the event id is stored with other content): logged for operators and counted, never retried;
/// - unreadable (not a queued update, or no longer valid): sent straight to the DLQ, no retries burned;
/// - storage unavailable (<see cref="StorageFaults"/>: throttled, failing, timed out, or the invocation budget spent):
///   reported failed and hidden for an exponential backoff; once one record hit such a fault, the rest of the batch is
///   reported failed without calling DynamoDB again.
/// A <see cref="QueuedErasure"/> (an erasure the API left in progress) is continued by <see cref="ErasureContinuation"/>.
/// The invocation runs inside an <see cref="InvocationBudget"/> as the API does, so a stalled table ends in reported
/// failures before Lambda's timeout instead of a timed-out invocation whose whole batch comes back.
/// </summary>
public sealed class RetryConsumer(ITrackingWriteStore store, EventRules rules, IRetryQueueClient queue, RetrySettings settings,
    FunctionSettings function, RetryMetrics metrics, TextWriter log, ErasureContinuation? erasures = null) : IDisposable
{
    private readonly InvocationBudget _budget = new(function.Clock);

    public async ValueTask HandleAsync(ReadOnlyMemory<byte> payload, LambdaContext context, IBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        _budget.Start(context, cancellationToken);
        var records = SqsEvent.Read(payload);
        var counts = new RetryCounts { Messages = records.Count };
        var usage = new RequestMetrics();
        var failed = new List<string>();
        var tableDown = false;
        foreach (var record in records)
        {
            if (tableDown)
            {
                await FailAsync(record, counts, failed, cancellationToken).ConfigureAwait(false);
                continue;
            }
            tableDown = !await ApplyAsync(record, counts, usage, failed, cancellationToken).ConfigureAwait(false);
        }

        WriteResponse(output, failed);
        var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        // No API Gateway in front of the consumer; SQS requests are counted in the design's cost note.
        var cost = function.Prices.Estimate(elapsedMs, function.MemoryMb, usage.ReadUnits, usage.WriteUnits) - function.Prices.ApiGatewayRequest;
        metrics.WriteConsumed(counts, elapsedMs, usage.WriteUnits, usage.ReadUnits, usage.DynamoDbCalls, cost, context.RequestId);
    }

    /// <summary>False when storage is unavailable (the caller stops calling it for this batch).</summary>
    private async Task<bool> ApplyAsync(SqsRecord record, RetryCounts counts, RequestMetrics usage, List<string> failed, CancellationToken cancellationToken)
    {
        using var message = QueueMessages.TryParse(record.Body);
        if (message is not null && erasures is not null && QueuedErasure.TryRead(message.RootElement) is { } erasure)
        {
            return await ContinueErasureAsync(record, erasure, counts, usage, failed, cancellationToken).ConfigureAwait(false);
        }
        var update = message is null ? null : QueuedUpdate.TryRead(message.RootElement);
        var validated = update?.Validate(rules);
        if (update is null || validated is null)
        {
            await DeadLetterAsync(record, counts, failed, cancellationToken).ConfigureAwait(false);
            return true;
        }

        try
        {
            var result = await store.AppendAsync(validated, update.Source, update.ReceivedAt, usage, _budget.Token).ConfigureAwait(false);
            if (result.Outcome == AppendOutcome.Conflict)
            {
                counts.AddConflict();
                LogConflict(record, update, validated, result.Stored);
            }
            else if (result.Outcome == AppendOutcome.Gone)
            {
                // Erased while queued: refused like any late update (nothing stored), and never retried.
                Log("INFO", "queued update refused: the package was erased", record, null, null);
            }
            else
            {
                counts.AddApplied();
            }
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return await NotAppliedAsync(record, e, counts, failed, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> ContinueErasureAsync(SqsRecord record, QueuedErasure erasure, RetryCounts counts, RequestMetrics usage, List<string> failed,
        CancellationToken cancellationToken)
    {
        try
        {
            var round = await erasures!.RunAsync(erasure, _budget, usage).ConfigureAwait(false);
            if (round == ErasureRound.NoProgress)
            {
                Log("WARN", "erasure round deleted nothing in the time left; it will be retried", record, null, null);
                await FailAsync(record, counts, failed, cancellationToken).ConfigureAwait(false);
                return false;
            }
            counts.AddErasureRound();
            Log("INFO", round == ErasureRound.Complete ? "erasure complete" : "erasure continues in a new message", record, null, null);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return await NotAppliedAsync(record, e, counts, failed, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reports the message failed (backoff); false when storage is unavailable, so the batch stops calling it.</summary>
    private async Task<bool> NotAppliedAsync(SqsRecord record, Exception e, RetryCounts counts, List<string> failed, CancellationToken cancellationToken)
    {
        Log("WARN", "queued message not applied; it will be retried", record, e.GetType().Name, e.Message);
        await FailAsync(record, counts, failed, cancellationToken).ConfigureAwait(false);
        // Any other exception is this message's problem (a bug, an item DynamoDB refuses): the next one may still apply.
        return StorageFaults.Classify(e, _budget.Token) is null;
    }

    private async Task FailAsync(SqsRecord record, RetryCounts counts, List<string> failed, CancellationToken cancellationToken)
    {
        failed.Add(record.MessageId);
        counts.AddFailed();
        if (record.ReceiveCount >= settings.MaxReceives)
        {
            // SQS moves it to the DLQ at its next receive: counted now, the only moment we know of it.
            counts.AddDeadLettered();
            Log("ERROR", "queued update failed its last attempt; it goes to the dead-letter queue", record, null, null);
        }
        try
        {
            await queue.DelayAsync(record.ReceiptHandle, settings.BackoffAfter(record.ReceiveCount), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is QueueUnavailableException or OperationCanceledException)
        {
            // The queue's own visibility timeout brings it back instead.
            Log("WARN", "backoff not set", record, e.GetType().Name, e.Message);
        }
    }

    private async Task DeadLetterAsync(SqsRecord record, RetryCounts counts, List<string> failed, CancellationToken cancellationToken)
    {
        try
        {
            await queue.DeadLetterAsync(record.Body, cancellationToken).ConfigureAwait(false);
            counts.AddDeadLettered();
            Log("ERROR", "message is not a valid queued update; sent to the dead-letter queue", record, null, null);
        }
        catch (Exception e) when (e is QueueUnavailableException or OperationCanceledException)
        {
            Log("WARN", "dead-lettering failed; the message will be retried", record, e.GetType().Name, e.Message);
            await FailAsync(record, counts, failed, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Ids, the queued content's hash and the stored event's status and times only: the metadata of either may
    /// hold personal data and stays out of the logs.</summary>
    private void LogConflict(SqsRecord record, QueuedUpdate update, ValidatedEvent validated, TrackingEventResponse stored)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("level", "WARN");
            w.WriteString("kind", "RetryConflict");
            w.WriteString("message", "a queued update's event id is already stored with other content; not applied, not retried");
            w.WriteString("trackingId", update.TrackingId);
            w.WriteString("eventId", update.EventId);
            w.WriteString("client", update.Source);
            w.WriteString("receivedAt", update.ReceivedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("queuedContentHash", validated.ContentHash);
            w.WriteString("storedStatus", stored.Status);
            w.WriteString("storedTimestamp", stored.Timestamp);
            w.WriteString("storedReceivedAt", stored.ReceivedAt);
            w.WriteString("storedClient", stored.Source);
            w.WriteString("messageId", record.MessageId);
            w.WriteEndObject();
        }
        WriteLine(buffer);
    }

    private void Log(string level, string message, SqsRecord record, string? errorType, string? errorMessage)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("level", level);
            w.WriteString("service", RetryMetrics.ConsumerService);
            w.WriteString("message", message);
            w.WriteString("messageId", record.MessageId);
            w.WriteNumber("receiveCount", record.ReceiveCount);
            if (errorType is not null) w.WriteString("errorType", errorType);
            if (errorMessage is not null) w.WriteString("errorMessage", errorMessage);
            w.WriteEndObject();
        }
        WriteLine(buffer);
    }

    private void WriteLine(ArrayBufferWriter<byte> buffer)
    {
        lock (log)
        {
            log.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
            log.Flush();
        }
    }

    private static void WriteResponse(IBufferWriter<byte> output, List<string> failed)
    {
        using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        w.WriteStartArray("batchItemFailures");
        foreach (var id in failed)
        {
            w.WriteStartObject();
            w.WriteString("itemIdentifier", id);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public void Dispose() => _budget.Dispose();
}
