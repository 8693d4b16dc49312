using System.Buffers;
using System.Text;
using System.Text.Json;
using Tracking.Contracts.Gateway;
using Tracking.Contracts.Json;
using Tracking.Functions.Configuration;
using Tracking.Functions.Observability;
using Tracking.Functions.Storage;
using Tracking.Ingest;
using Tracking.Ingest.Retry;
using Tracking.LambdaRuntime;

namespace Tracking.Functions.Tests.Fakes;

/// <summary>The ingest executable's handler with the retry path on, fed SQS events as Lambda's event source mapping sends them.</summary>
internal sealed class ConsumerHarness : IDisposable
{
    public static readonly RetrySettings Retry = new()
    {
        QueueUrl = "https://sqs.us-west-2.amazonaws.com/123456789012/tracking-test-retry",
        DeadLetterQueueUrl = "https://sqs.us-west-2.amazonaws.com/123456789012/tracking-test-retry-dlq",
        MaxReceives = 5,
        BackoffBase = TimeSpan.FromSeconds(20),
    };

    private readonly IngestHandler _handler;
    private readonly TimeProvider _clock;

    public InMemoryTrackingStore Store { get; } = new();
    public FakeRetryQueueClient Queue { get; } = new();
    public MemoryStream Metrics { get; } = new();
    public StringWriter Log { get; } = new();

    /// <param name="store">What both paths write through; <see cref="Store"/> when null.</param>
    /// <param name="clock">The functions' and Lambda's clock: fixed at <see cref="IngestHarness.Now"/> unless a test needs real timers.</param>
    public ConsumerHarness(ITrackingWriteStore? store = null, TimeProvider? clock = null)
    {
        _clock = clock ?? new FakeTimeProvider(IngestHarness.Now);
        var settings = FunctionSettings.FromEnvironment(name => IngestHarness.Environment.GetValueOrDefault(name), _clock);
        // Export, erasure and audit always run on the in-memory store: only the write path is the test's to replace.
        _handler = IngestFunction.CreateHandler(settings, store ?? Store, Metrics, Retry, Queue, Log, new DataSubjectStores(Store, Store, Store));
    }

    /// <summary>The package's state as the query side reads it.</summary>
    public PackageStateResponse? State(string trackingId) => Store.GetStateAsync(trackingId, new RequestMetrics(), CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>A queued update as the ingest path writes it.</summary>
    public static string Message(string trackingId = "PKG-1", string eventId = "scan-1", string status = "in_transit", string timestamp = "2026-11-24T08:00:00Z")
        => $$$"""{"v":1,"trackingId":"{{{trackingId}}}","eventId":"{{{eventId}}}","source":"acme","receivedAt":"2026-11-24T11:59:00.000Z","update":{"status":"{{{status}}}","timestamp":"{{{timestamp}}}","eventId":"{{{eventId}}}"}}""";

    /// <summary>Invokes with one record per body (message ids m0, m1, ...) and returns the failed message ids.</summary>
    public Task<List<string>> ConsumeAsync(int receiveCount, params string[] bodies) => ConsumeAsync(receiveCount, TimeSpan.FromSeconds(30), bodies);

    /// <param name="deadline">Time left before Lambda's deadline when the invocation starts.</param>
    public async Task<List<string>> ConsumeAsync(int receiveCount, TimeSpan deadline, params string[] bodies)
    {
        var records = bodies.Select((body, i) => new Dictionary<string, object>
        {
            ["messageId"] = $"m{i}",
            ["receiptHandle"] = $"handle-{i}",
            ["body"] = body,
            ["attributes"] = new Dictionary<string, string> { ["ApproximateReceiveCount"] = receiveCount.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["messageAttributes"] = new Dictionary<string, string>(),
            ["eventSource"] = "aws:sqs",
            ["eventSourceARN"] = "arn:aws:sqs:us-west-2:123456789012:tracking-test-retry",
            ["awsRegion"] = "us-west-2",
        });
        var payload = JsonSerializer.SerializeToUtf8Bytes(new { Records = records });
        var output = new ArrayBufferWriter<byte>();
        await _handler.HandleAsync(payload, Context("lambda-request-1", deadline), output, CancellationToken.None);
        using var response = JsonDocument.Parse(output.WrittenMemory);
        return [.. response.RootElement.GetProperty("batchItemFailures").EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString()!)];
    }

    /// <summary>An API Gateway event through the same handler.</summary>
    public async Task<ApiGatewayProxyResponse> InvokeApiAsync(ProxyEvent proxyEvent, TimeSpan? deadline = null)
    {
        var output = new ArrayBufferWriter<byte>();
        await _handler.HandleAsync(proxyEvent.ToJson(), Context("lambda-request-2", deadline ?? TimeSpan.FromSeconds(29)), output, CancellationToken.None);
        return JsonSerializer.Deserialize(output.WrittenSpan, ContractsJsonContext.Default.ApiGatewayProxyResponse)!;
    }

    /// <summary>Feeds everything the API queued to the consumer, as the event source mapping would; returns the failed ids.</summary>
    public async Task<List<string>> ConsumeQueuedAsync()
    {
        var bodies = Queue.Enqueued.ToArray();
        Queue.Enqueued.Clear();
        return await ConsumeAsync(1, bodies);
    }

    private LambdaContext Context(string requestId, TimeSpan deadline)
        => new() { RequestId = requestId, DeadlineUnixMs = _clock.GetUtcNow().Add(deadline).ToUnixTimeMilliseconds(), Clock = _clock };

    /// <summary>The consumer's EMF line of the last invocation.</summary>
    public JsonElement LastMetrics()
        => JsonDocument.Parse(Encoding.UTF8.GetString(Metrics.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement;

    public void Dispose()
    {
        _handler.Dispose();
        Metrics.Dispose();
        Log.Dispose();
    }
}
