using System.Buffers;
using System.Text.Json;
using Tracking.Contracts.Gateway;
using Tracking.Contracts.Json;
using Tracking.Contracts.Validation;
using Tracking.Functions.Http;
using Tracking.Functions.Observability;
using Tracking.Functions.Storage;
using Tracking.LambdaRuntime;
using Tracking.Query;

namespace Tracking.Functions.Tests.Fakes;

/// <summary>The query function as Lambda runs it, over an in-memory store the test fills through the store's own append.</summary>
internal sealed class QueryHarness : IDisposable
{
    private readonly ApiFunction _function;

    public InMemoryTrackingStore Store { get; } = new();

    public QueryHarness() => _function = QueryFunction.Create(IngestHarness.Settings(), Store, Stream.Null, TextWriter.Null);

    /// <summary>Stores an event received at <paramref name="receivedAt"/> (default: the harness's now).</summary>
    public void Append(ValidatedEvent e, DateTime? receivedAt = null)
        => Store.AppendAsync(e, "acme", receivedAt ?? IngestHarness.Now.UtcDateTime, new RequestMetrics(), CancellationToken.None).GetAwaiter().GetResult();

    public async Task<ApiGatewayProxyResponse> GetAsync(string resource, string path, Dictionary<string, string>? pathParameters = null,
        Dictionary<string, string>? query = null, Dictionary<string, string>? headers = null)
    {
        var output = new ArrayBufferWriter<byte>();
        var payload = Event(resource, path, pathParameters, query, headers);
        await _function.HandleAsync(payload, new LambdaContext { RequestId = "lambda-request-1" }, output, CancellationToken.None);
        return JsonSerializer.Deserialize(output.WrittenSpan, ContractsJsonContext.Default.ApiGatewayProxyResponse)!;
    }

    public Task<ApiGatewayProxyResponse> HistoryAsync(string trackingId, Dictionary<string, string>? query = null)
        => GetAsync(ApiRoutes.TrackingEvents, $"/v1/tracking/{trackingId}/events", new() { ["trackingId"] = trackingId }, query);

    public Task<ApiGatewayProxyResponse> SearchAsync(Dictionary<string, string> query)
        => GetAsync(ApiRoutes.Packages, "/v1/packages", query: query);

    private static byte[] Event(string resource, string path, Dictionary<string, string>? pathParameters, Dictionary<string, string>? query, Dictionary<string, string>? headers)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("resource", resource);
            w.WriteString("path", path);
            w.WriteString("httpMethod", "GET");
            WriteMap(w, "headers", headers);
            WriteMap(w, "queryStringParameters", query);
            WriteMap(w, "pathParameters", pathParameters);
            w.WriteStartObject("requestContext");
            w.WriteString("resourcePath", resource);
            w.WriteString("path", "/test" + path);
            w.WriteString("requestId", "api-request-1");
            w.WriteStartObject("identity");
            w.WriteString("apiKeyId", ProxyEvent.ReaderKey);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteNull("body");
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteMap(Utf8JsonWriter w, string name, Dictionary<string, string>? map)
    {
        if (map is null)
        {
            w.WriteNull(name);
            return;
        }
        w.WriteStartObject(name);
        foreach (var (key, value) in map) w.WriteString(key, value);
        w.WriteEndObject();
    }

    public void Dispose() => _function.Dispose();
}
