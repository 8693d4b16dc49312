using System.Buffers;
using System.Text.Json;
using Tracking.Functions.Observability;

namespace Tracking.Ingest.Retry;

/// <summary>What one consumer invocation did, counted.</summary>
public sealed class RetryCounts
{
    private int _applied, _conflicts, _deadLettered, _failed, _erasureRounds;
    public int Messages { get; set; }
    public int Applied => _applied;
    public int Conflicts => _conflicts;
    public int DeadLettered => _deadLettered;
    public int Failed => _failed;
    public int ErasureRounds => _erasureRounds;

    public void AddApplied() => Interlocked.Increment(ref _applied);
    public void AddConflict() => Interlocked.Increment(ref _conflicts);
    public void AddDeadLettered() => Interlocked.Increment(ref _deadLettered);
    public void AddFailed() => Interlocked.Increment(ref _failed);
    public void AddErasureRound() => Interlocked.Increment(ref _erasureRounds);
}

/// <summary>
/// The retry path's CloudWatch EMF lines (by Service+Stage, like the API's): `UpdatesAccepted` from the ingest API when
/// it queues an update, and per consumer invocation `RetriesApplied`, `RetryConflicts`, `DeadLettered`, `RetryFailures`
/// and `ErasureRounds` (rounds of erasures continued from the queue).
/// </summary>
public sealed class RetryMetrics(string metricsNamespace, string stage, Stream output, TimeProvider clock)
{
    public const string ConsumerService = "retry";
    private static readonly string[] Dimensions = ["Service", "Stage"];
    private readonly Lock _gate = new();

    public void WriteAccepted(string service, int accepted, string? requestId)
        => Write(service, requestId, w => w.WriteNumber("UpdatesAccepted", accepted), [("UpdatesAccepted", "Count")]);

    public void WriteConsumed(RetryCounts counts, double latencyMs, double writeUnits, double readUnits, int dynamoDbCalls, decimal cost, string? requestId)
        => Write(ConsumerService, requestId, w =>
        {
            w.WriteNumber("Messages", counts.Messages);
            w.WriteNumber("RetriesApplied", counts.Applied);
            w.WriteNumber("RetryConflicts", counts.Conflicts);
            w.WriteNumber("DeadLettered", counts.DeadLettered);
            w.WriteNumber("RetryFailures", counts.Failed);
            w.WriteNumber("ErasureRounds", counts.ErasureRounds);
            w.WriteNumber("Latency", Math.Round(latencyMs, 3));
            w.WriteNumber("DynamoDbCalls", dynamoDbCalls);
            w.WriteNumber("ReadCapacityUnits", readUnits);
            w.WriteNumber("WriteCapacityUnits", writeUnits);
            w.WriteNumber("EstimatedCostUsd", cost);
        }, ConsumerMetrics);

    private static readonly (string, string)[] ConsumerMetrics =
    [
        ("Messages", "Count"), ("RetriesApplied", "Count"), ("RetryConflicts", "Count"), ("DeadLettered", "Count"), ("RetryFailures", "Count"), ("ErasureRounds", "Count"),
        ("Latency", "Milliseconds"), ("DynamoDbCalls", "Count"), ("ReadCapacityUnits", "Count"), ("WriteCapacityUnits", "Count"), ("EstimatedCostUsd", "None"),
    ];

    private void Write(string service, string? requestId, Action<Utf8JsonWriter> values, (string Name, string Unit)[] metrics)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("_aws");
            w.WriteNumber("Timestamp", clock.GetUtcNow().ToUnixTimeMilliseconds());
            w.WriteStartArray("CloudWatchMetrics");
            EmfDirective.Write(w, metricsNamespace, Dimensions, metrics);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteString("Service", service);
            w.WriteString("Stage", stage);
            values(w);
            if (requestId is not null) w.WriteString("requestId", requestId);
            w.WriteEndObject();
        }
        buffer.Write("\n"u8);
        lock (_gate)
        {
            output.Write(buffer.WrittenSpan);
            output.Flush();
        }
    }
}
