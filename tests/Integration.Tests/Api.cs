using System.Buffers;
using System.Text;
using System.Text.Json;
using Tracking.Contracts.Gateway;
using Tracking.Contracts.Json;
using Tracking.Functions.Configuration;
using Tracking.Functions.Http;
using Tracking.Functions.Storage.DynamoDb;
using Tracking.Ingest;
using Tracking.Ingest.Retry;
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
    public const string PrivacyKey = "key-privacy";

    private readonly ILambdaHandler _ingest;
    private readonly ApiFunction _query;
    private readonly AwsDynamoDb _db;

    public MemoryStream Metrics { get; } = new();

    /// <summary>How long each invocation has before Lambda's deadline (the deployed functions have 10 s).</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(30);

    /// <param name="endpoint">DynamoDB as the functions reach it: the fixture's dynalite, or a fault proxy in front of it.</param>
    /// <param name="retryQueue">The retry queue's environment (a local SQS endpoint): ingest is then wired as its
    /// Program.cs does with the queue, answering SQS events as the retry consumer; without it, as benchmarks wire it.</param>
    public Api(DynaliteFixture fixture, TimeProvider? clock = null, string? retentionDays = null, string? endpoint = null,
        IEnumerable<KeyValuePair<string, string>>? retryQueue = null)
    {
        var env = new Dictionary<string, string?>
        {
            [Env.TableName] = DynaliteFixture.TableName,
            [Env.DynamoDbEndpoint] = endpoint ?? fixture.Endpoint,
            [LambdaEnvironment.Region] = "us-west-2",
            [LambdaEnvironment.AccessKeyId] = "local",
            [LambdaEnvironment.SecretAccessKey] = "local",
            [Env.CursorSigningKey] = "integration-tests-cursor-key-0123456789abcdef",
            [Env.ApiClients] = $$$"""
                {"{{{PartnerKey}}}": {"name": "acme", "role": "partner"},
                 "{{{OtherPartnerKey}}}": {"name": "globex", "role": "partner"},
                 "{{{ReaderKey}}}": {"name": "support", "role": "reader"},
                 "{{{PrivacyKey}}}": {"name": "dpo", "role": "privacy"}}
                """,
            [Env.RetentionDays] = retentionDays,
            [Env.EventTypes] = "status_update,delivery_attempt,exception,customs",
        };
        foreach (var (name, value) in retryQueue ?? []) env[name] = value;
        var settings = FunctionSettings.FromEnvironment(name => env.GetValueOrDefault(name), clock);
        _db = AwsDynamoDb.Create(settings, name => env.GetValueOrDefault(name));
        _ingest = retryQueue is null ? IngestFunction.OnDynamoDb(settings, _db, Metrics, TextWriter.Null) : WithRetryQueue(settings, name => env.GetValueOrDefault(name));
        _query = QueryFunction.OnDynamoDb(settings, _db, Metrics, TextWriter.Null);
    }

    private IngestHandler WithRetryQueue(FunctionSettings settings, Func<string, string?> env)
    {
        var retry = RetrySettings.FromEnvironment(env);
        var queue = new AwsRetryQueueClient(retry, settings, env);
        var store = new DynamoDbWriteStore(_db, settings.TableName, settings.ExpiresAt);
        return IngestFunction.CreateHandler(settings, store, Metrics, retry, queue, TextWriter.Null, IngestFunction.DynamoDbSubjects(settings, _db));
    }

    public Task<Reply> PostEventAsync(string trackingId, string json, string key = PartnerKey, string? stage = null, Dictionary<string, string>? headers = null)
        => SendAsync(_ingest, "POST", "/v1/tracking/{trackingId}/events", $"/v1/tracking/{trackingId}/events", new() { ["trackingId"] = trackingId }, null, json, key, headers, stage);

    public Task<Reply> PostBatchAsync(string json, string key = PartnerKey, Dictionary<string, string>? headers = null)
        => SendAsync(_ingest, "POST", "/v1/events", "/v1/events", null, null, json, key, headers);

    /// <summary>Invokes ingest with any payload (an SQS event for the retry consumer) and returns what it answered.</summary>
    public async Task<byte[]> InvokeIngestAsync(byte[] payload)
    {
        var output = new ArrayBufferWriter<byte>();
        await _ingest.HandleAsync(payload, NewContext(), output, CancellationToken.None);
        return output.WrittenSpan.ToArray();
    }

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

    public Task<Reply> EraseAsync(string trackingId, string key = PrivacyKey)
        => SendAsync(_ingest, "DELETE", "/v1/tracking/{trackingId}", $"/v1/tracking/{trackingId}", new() { ["trackingId"] = trackingId }, null, null, key);

    public Task<Reply> ExportAsync(string trackingId, Dictionary<string, string>? query = null, string key = PrivacyKey)
        => SendAsync(_ingest, "GET", "/v1/tracking/{trackingId}/export", $"/v1/tracking/{trackingId}/export", new() { ["trackingId"] = trackingId }, query, null, key);

    public Task<Reply> AuditAsync(string trackingId, string key = PrivacyKey)
        => SendAsync(_query, "GET", "/v1/audit", "/v1/audit", null, new() { ["trackingId"] = trackingId }, null, key);

    private LambdaContext NewContext()
        => new() { RequestId = Guid.NewGuid().ToString(), DeadlineUnixMs = DateTimeOffset.UtcNow.Add(Deadline).ToUnixTimeMilliseconds() };

    private async Task<Reply> SendAsync(ILambdaHandler function, string method, string resource, string path,
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
        await function.HandleAsync(payload, NewContext(), output, CancellationToken.None);
        var response = JsonSerializer.Deserialize(output.WrittenSpan, ContractsJsonContext.Default.ApiGatewayProxyResponse)!;
        ContractCheck.Verify(method, resource, response);
        return new Reply(response);
    }

    public void Dispose()
    {
        (_ingest as IDisposable)?.Dispose();
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
