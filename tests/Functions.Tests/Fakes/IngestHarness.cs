using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Tracking.Contracts.Gateway;
using Tracking.Contracts.Json;
using Tracking.Functions.Configuration;
using Tracking.Functions.Http;
using Tracking.Ingest;
using Tracking.LambdaRuntime;

namespace Tracking.Functions.Tests.Fakes;

/// <summary>The ingest function as Lambda runs it, wired to a fake table, a metrics stream and an error log.</summary>
internal sealed class IngestHarness : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public static readonly Dictionary<string, string?> Environment = new()
    {
        ["TABLE_NAME"] = "tracking-test",
        ["CURSOR_SIGNING_KEY"] = "0123456789abcdef0123456789abcdef",
        ["API_CLIENTS"] = $$$"""
            {"{{{ProxyEvent.PartnerKey}}}": {"name": "acme", "role": "partner"},
             "{{{ProxyEvent.ReaderKey}}}": {"name": "helpdesk", "role": "reader"},
             "{{{ProxyEvent.AdminKey}}}": {"name": "ops", "role": "admin"}}
            """,
        ["STAGE"] = "test",
        ["METRICS_NAMESPACE"] = "PackageTracking/Test",
    };

    private readonly ApiFunction _function;

    public FakeDynamoDb Db { get; } = new();
    public MemoryStream Metrics { get; } = new();
    public StringWriter ErrorLog { get; } = new();

    public IngestHarness()
    {
        var settings = FunctionSettings.FromEnvironment(name => Environment.GetValueOrDefault(name), new FakeTimeProvider(Now));
        _function = IngestFunction.Create(settings, Db, Metrics, ErrorLog);
    }

    public async Task<ApiGatewayProxyResponse> InvokeAsync(ProxyEvent proxyEvent)
    {
        var output = new ArrayBufferWriter<byte>();
        var context = new LambdaContext { RequestId = "lambda-request-1", TraceId = "Root=1-abc" };

        await _function.HandleAsync(proxyEvent.ToJson(), context, output, CancellationToken.None);

        return JsonSerializer.Deserialize(output.WrittenSpan, ContractsJsonContext.Default.ApiGatewayProxyResponse)!;
    }

    public static T Body<T>(ApiGatewayProxyResponse response, JsonTypeInfo<T> typeInfo)
        => JsonSerializer.Deserialize(response.Body!, typeInfo)!;

    public static ProblemDetails Problem(ApiGatewayProxyResponse response) => Body(response, ContractsJsonContext.Default.ProblemDetails);

    public static TrackingEventResponse Event(ApiGatewayProxyResponse response) => Body(response, ContractsJsonContext.Default.TrackingEventResponse);

    public static BatchResponse Batch(ApiGatewayProxyResponse response) => Body(response, ContractsJsonContext.Default.BatchResponse);

    /// <summary>The EMF lines written so far, parsed.</summary>
    public IReadOnlyList<JsonElement> MetricLines()
        => [.. Encoding.UTF8.GetString(Metrics.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];

    public void Dispose()
    {
        _function.Dispose();
        Metrics.Dispose();
        ErrorLog.Dispose();
    }
}
