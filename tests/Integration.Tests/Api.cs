using System.Buffers;
using System.Text;
using System.Text.Json;
using Tracking.Contracts.Gateway;
using Tracking.Contracts.Json;
using Tracking.Functions.Configuration;
using Tracking.Functions.Http;
using Tracking.Functions.Storage;
using Tracking.Ingest;
using Tracking.LambdaRuntime;
using Tracking.Query;
using Env = Tracking.Contracts.Configuration.EnvironmentVariables;

namespace Tracking.Integration.Tests;

/// <summary>
/// Both functions, wired exactly as their Program.cs does, against the fixture's dynalite; requests are real API
/// Gateway proxy events (payload 1.0) serialized to bytes, responses the proxy JSON the function writes.
/// </summary>
public sealed class Api : IDisposable
{
    public const string PartnerKey = "key-partner";
    public const string ReaderKey = "key-reader";
    public const string OtherPartnerKey = "key-partner-2";

    private readonly ApiFunction _ingest;
    private readonly ApiFunction _query;
    private readonly AwsDynamoDb _db;

    public MemoryStream Metrics { get; } = new();

    public Api(DynaliteFixture fixture, TimeProvider? clock = null, string? retentionDays = null)
    {
        var env = new Dictionary<string, string?>
        {
            [Env.TableName] = DynaliteFixture.TableName,
            [Env.DynamoDbEndpoint] = fixture.Endpoint,
            [LambdaEnvironment.Region] = "us-west-2",
            [LambdaEnvironment.AccessKeyId] = "local",
            [LambdaEnvironment.SecretAccessKey] = "local",
            [Env.CursorSigningKey] = "integration-tests-cursor-key-0123456789abcdef",
            [Env.ApiClients] = $$$"""
                {"{{{PartnerKey}}}": {"name": "acme", "role": "partner"},
                 "{{{OtherPartnerKey}}}": {"name": "globex", "role": "partner"},
                 "{{{ReaderKey}}}": {"name": "support", "role": "reader"}}
                """,
            [Env.RetentionDays] = retentionDays,
            [Env.EventTypes] = "status_update,delivery_attempt,exception,customs",
        };
        var settings = FunctionSettings.FromEnvironment(name => env.GetValueOrDefault(name), clock);
        _db = AwsDynamoDb.Create(settings, name => env.GetValueOrDefault(name));
        _ingest = IngestFunction.Create(settings, _db, Metrics, TextWriter.Null);
        _query = QueryFunction.Create(settings, _db, Metrics, TextWriter.Null);
    }

    public Task<Reply> PostEventAsync(string trackingId, string json, string key = PartnerKey, string? stage = null)
        => SendAsync(_ingest, "POST", "/v1/tracking/{trackingId}/events", $"/v1/tracking/{trackingId}/events", new() { ["trackingId"] = trackingId }, null, json, key, stage: stage);

    public Task<Reply> PostBatchAsync(string json, string key = PartnerKey)
        => SendAsync(_ingest, "POST", "/v1/events", "/v1/events", null, null, json, key);

    public Task<Reply> GetStateAsync(string trackingId, string key = ReaderKey, Dictionary<string, string>? headers = null)
        => SendAsync(_query, "GET", "/v1/tracking/{trackingId}", $"/v1/tracking/{trackingId}", new() { ["trackingId"] = trackingId }, null, null, key, headers);

    public Task<Reply> GetEventAsync(string trackingId, string eventId, string key = ReaderKey)
        => SendAsync(_query, "GET", "/v1/tracking/{trackingId}/events/{eventId}", $"/v1/tracking/{trackingId}/events/{eventId}",
            new() { ["trackingId"] = trackingId, ["eventId"] = eventId }, null, null, key);

    public Task<Reply> GetHistoryAsync(string trackingId, Dictionary<string, string>? query = null, string key = ReaderKey)
        => SendAsync(_query, "GET", "/v1/tracking/{trackingId}/events", $"/v1/tracking/{trackingId}/events", new() { ["trackingId"] = trackingId }, query, null, key);

    public Task<Reply> GetLocationsAsync(string trackingId, Dictionary<string, string>? query = null, string key = ReaderKey)
        => SendAsync(_query, "GET", "/v1/tracking/{trackingId}/locations", $"/v1/tracking/{trackingId}/locations", new() { ["trackingId"] = trackingId }, query, null, key);

    public Task<Reply> SearchAsync(Dictionary<string, string> query, string key = ReaderKey)
        => SendAsync(_query, "GET", "/v1/packages", "/v1/packages", null, query, null, key);

    private static async Task<Reply> SendAsync(ApiFunction function, string method, string resource, string path,
        Dictionary<string, string>? pathParameters, Dictionary<string, string>? query, string? body, string keyId, Dictionary<string, string>? headers = null, string? stage = null)
    {
        var allHeaders = new Dictionary<string, string> { ["Content-Type"] = "application/json", ["x-api-key"] = "secret-" + keyId };
        if (headers is not null) foreach (var (k, v) in headers) allHeaders[k] = v;
        var request = new ApiGatewayProxyRequest
        {
            Resource = resource,
            Path = path,
            HttpMethod = method,
            Headers = allHeaders,
            MultiValueHeaders = allHeaders.ToDictionary(h => h.Key, h => new List<string> { h.Value }),
            QueryStringParameters = query,
            MultiValueQueryStringParameters = query?.ToDictionary(q => q.Key, q => new List<string> { q.Value }),
            PathParameters = pathParameters,
            Body = body,
            RequestContext = new ProxyRequestContext
            {
                RequestId = Guid.NewGuid().ToString(),
                Stage = stage ?? "test",
                Path = stage is null ? path : $"/{stage}{path}",
                ResourcePath = resource,
                HttpMethod = method,
                Identity = new RequestIdentity { ApiKeyId = keyId, SourceIp = "127.0.0.1" },
            },
        };
        var payload = JsonSerializer.SerializeToUtf8Bytes(request, ContractsJsonContext.Default.ApiGatewayProxyRequest);
        var output = new ArrayBufferWriter<byte>();
        var context = new LambdaContext { RequestId = Guid.NewGuid().ToString(), DeadlineUnixMs = DateTimeOffset.UtcNow.AddSeconds(30).ToUnixTimeMilliseconds() };
        await function.HandleAsync(payload, context, output, CancellationToken.None);
        var response = JsonSerializer.Deserialize(output.WrittenSpan, ContractsJsonContext.Default.ApiGatewayProxyResponse)!;
        return new Reply(response);
    }

    public void Dispose()
    {
        _ingest.Dispose();
        _query.Dispose();
        _db.Dispose();
        Metrics.Dispose();
    }

    /// <summary>The EMF lines written so far, parsed.</summary>
    public List<JsonElement> MetricLines()
    {
        var text = Encoding.UTF8.GetString(Metrics.ToArray());
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }
}

public sealed class Reply(ApiGatewayProxyResponse response)
{
    public int Status => response.StatusCode;
    public string Body => response.Body ?? "";
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();
    public string? Header(string name)
        => response.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public override string ToString() => $"{Status} {Body}";
}
