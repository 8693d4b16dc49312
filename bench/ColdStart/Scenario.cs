using System.Text.Json;
using Amazon.DynamoDBv2;
using Tracking.Contracts.Json;
using Tracking.Contracts.Validation;
using Tracking.Functions.Observability;
using Tracking.Functions.Storage.DynamoDb;

namespace Tracking.Bench.ColdStart;

/// <summary>What one function is asked to do in the harness: a fresh event for every ingest call, one seeded package to read.</summary>
public sealed class Scenario
{
    public const string SeededTrackingId = "BENCH-SEEDED-0001";

    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private int _sequence;

    public Scenario(string function) => Function = function;

    public string Function { get; }

    /// <summary>The status every response must have: a 201 proves the ingest call stored a new event (two DynamoDB writes).</summary>
    public int ExpectedStatus => Function == "ingest" ? 201 : 200;

    public string Describe => Function == "ingest"
        ? "POST /v1/tracking/{id}/events, a new event each time (PutItem + UpdateItem)"
        : $"GET /v1/tracking/{SeededTrackingId} (GetItem)";

    public byte[] NextPayload()
    {
        if (Function == "query") return GatewayEvents.Build("GET", $"/v1/tracking/{SeededTrackingId}", role: "reader");
        var n = Interlocked.Increment(ref _sequence);
        // A new package each time: the created path (conditional put + state update), never the cheaper duplicate.
        var trackingId = $"BENCH-{_runId}-{n:D6}";
        return GatewayEvents.Build("POST", $"/v1/tracking/{trackingId}/events", GatewayEvents.EventBody($"evt-{n}", DateTimeOffset.UtcNow.AddMinutes(-1)));
    }

    /// <summary>Writes the package the query function reads, exactly as the ingest function would store it.</summary>
    public static async Task SeedAsync(IAmazonDynamoDB dynamo, string table, CancellationToken cancellationToken)
    {
        var body = GatewayEvents.EventBody("seed-1", DateTimeOffset.UtcNow.AddHours(-1), status: "in_transit");
        var request = JsonSerializer.Deserialize(body, ContractsJsonContext.Default.TrackingEventRequest)!;
        var errors = new List<Tracking.Contracts.FieldError>();
        var validated = EventValidator.Validate(request, SeededTrackingId, EventRules.FromSetting(null, TimeProvider.System), errors)
                        ?? throw new InvalidOperationException("seed event is invalid: " + string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}")));
        // The client stays the caller's: the store only borrows it (AwsDynamoDb is not disposed here).
        var store = new DynamoDbWriteStore(new AwsDynamoDb(dynamo), table, static _ => null);
        await store.AppendAsync(validated, "bench-seed", DateTime.UtcNow, new RequestMetrics(), cancellationToken);
    }
}
