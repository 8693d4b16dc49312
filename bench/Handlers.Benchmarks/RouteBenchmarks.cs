using System.Buffers;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Tracking.Contracts.Json;
using Tracking.Functions.Configuration;
using Tracking.Functions.Http;
using Tracking.Functions.Storage.DynamoDb;
using Tracking.Ingest;
using Tracking.LambdaRuntime;
using Tracking.Query;

namespace Tracking.Bench.Handlers;

/// <summary>
/// Each route's whole pipeline without the network: API Gateway event bytes → ApiFunction.HandleAsync (parse, key,
/// route, role, validation, store call: DynamoDB request built, canned answer mapped) → proxy response bytes, plus the EMF line
/// (to Stream.Null). GlobalSetup checks every benchmark answers the status it claims to measure.
/// </summary>
[MemoryDiagnoser]
public class RouteBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private readonly LambdaContext _context = new() { RequestId = "11111111-2222-3333-4444-555555555555", DeadlineUnixMs = long.MaxValue, FunctionName = "bench" };
    private ApiFunction _ingest = null!;
    private ApiFunction _query = null!;
    private byte[] _postEvent = null!;
    private byte[] _postBatch = null!;
    private byte[] _postInvalid = null!;
    private byte[] _getState = null!;
    private byte[] _getStateNotModified = null!;
    private byte[] _getHistory = null!;
    private byte[] _getLocations = null!;
    private byte[] _searchPackages = null!;

    public const int BatchSize = 10;

    [GlobalSetup]
    public void Setup()
    {
        var environment = new Dictionary<string, string>
        {
            ["TABLE_NAME"] = CannedItems.Table,
            ["CURSOR_SIGNING_KEY"] = "bench-cursor-signing-key-0123456789abcdef",
            ["API_CLIENTS"] = GatewayEvents.ApiClientsJson,
            ["STAGE"] = "bench",
            ["AWS_LAMBDA_FUNCTION_NAME"] = "bench",
        };
        var settings = FunctionSettings.FromEnvironment(name => environment.GetValueOrDefault(name));
        var db = new CannedDynamoDb();
        _ingest = IngestFunction.OnDynamoDb(settings, db, Stream.Null, TextWriter.Null);
        _query = QueryFunction.OnDynamoDb(settings, db, Stream.Null, TextWriter.Null);

        var id = CannedItems.TrackingId;
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        _postEvent = GatewayEvents.Build("POST", $"/v1/tracking/{id}/events", GatewayEvents.EventBody("evt-bench-1", at));
        var batch = string.Join(",", Enumerable.Range(0, BatchSize).Select(i => GatewayEvents.EventBody($"evt-batch-{i}", at.AddMinutes(i)).Insert(1, $"\"trackingId\":\"PKG-B{i:D3}\",")));
        _postBatch = GatewayEvents.Build("POST", "/v1/events", $$"""{"events":[{{batch}}]}""");
        _postInvalid = GatewayEvents.Build("POST", $"/v1/tracking/{id}/events", """{"status":"teleported","timestamp":"yesterday","location":{"lat":123,"lon":0}}""");
        _getState = GatewayEvents.Build("GET", $"/v1/tracking/{id}", role: "reader");
        _getHistory = GatewayEvents.Build("GET", $"/v1/tracking/{id}/events?limit=50", role: "reader");
        _getLocations = GatewayEvents.Build("GET", $"/v1/tracking/{id}/locations", role: "reader");
        _searchPackages = GatewayEvents.Build("GET", "/v1/packages?status=in_transit&limit=50", role: "reader");

        var etag = Invoke(_query, _getState, 200).Headers!["etag"];
        _getStateNotModified = GatewayEvents.Build("GET", $"/v1/tracking/{id}", role: "reader", headers: new Dictionary<string, string> { ["If-None-Match"] = etag });

        Invoke(_ingest, _postEvent, 201);
        Invoke(_ingest, _postBatch, 200);
        Invoke(_ingest, _postInvalid, 400);
        Invoke(_query, _getStateNotModified, 304);
        Invoke(_query, _getHistory, 200);
        Invoke(_query, _getLocations, 200);
        Invoke(_query, _searchPackages, 200);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ingest.Dispose();
        _query.Dispose();
    }

    [Benchmark] public ValueTask PostEvent() => Handle(_ingest, _postEvent);

    [Benchmark] public ValueTask PostBatch10() => Handle(_ingest, _postBatch);

    [Benchmark] public ValueTask PostInvalidBody400() => Handle(_ingest, _postInvalid);

    [Benchmark] public ValueTask GetState() => Handle(_query, _getState);

    [Benchmark] public ValueTask GetStateNotModified304() => Handle(_query, _getStateNotModified);

    [Benchmark] public ValueTask GetHistory50() => Handle(_query, _getHistory);

    [Benchmark] public ValueTask GetLocations50() => Handle(_query, _getLocations);

    [Benchmark] public ValueTask SearchPackages50() => Handle(_query, _searchPackages);

    private ValueTask Handle(ApiFunction function, byte[] payload)
    {
        _output.ResetWrittenCount();
        return function.HandleAsync(payload, _context, _output, CancellationToken.None);
    }

    private Tracking.Contracts.Gateway.ApiGatewayProxyResponse Invoke(ApiFunction function, byte[] payload, int expectedStatus)
    {
        Handle(function, payload).AsTask().GetAwaiter().GetResult();
        var response = JsonSerializer.Deserialize(_output.WrittenSpan, ContractsJsonContext.Default.ApiGatewayProxyResponse)!;
        if (response.StatusCode != expectedStatus)
        {
            throw new InvalidOperationException($"benchmark setup: expected {expectedStatus}, got {response.StatusCode}: {Encoding.UTF8.GetString(_output.WrittenSpan)}");
        }
        return response;
    }
}
