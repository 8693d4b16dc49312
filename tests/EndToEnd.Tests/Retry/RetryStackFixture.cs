using System.Globalization;
using System.Net.Http.Headers;
using Amazon.Runtime;
using Amazon.SQS;
using Tracking.LocalStack;
using Tracking.LocalStack.Dynamo;
using Tracking.LocalStack.Faults;
using Tracking.LocalStack.Hosting;
using Tracking.LocalStack.Net;

namespace Tracking.EndToEnd.Tests.Retry;

#pragma warning disable CA1001 // xunit disposes fixtures through IAsyncLifetime.DisposeAsync
/// <summary>
/// The local stack with the real AOT executables, its DynamoDB (dynalite) behind the fault proxy, and a 1 s retry
/// backoff, so outages and dead letters happen fast (<see cref="MaxReceives"/>: what the DLQ test lowers redrive to).
/// </summary>
public sealed class RetryStackFixture : IAsyncLifetime
{
    public const int MaxReceives = 2;
    private DynaliteServer? _dynalite;
    private LocalStackHost? _host;
    private StreamWriter? _log;

    public DynamoDbFaultProxy Proxy { get; private set; } = null!;
    public LocalStackHost Host => _host!;
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };
    public AmazonSQSClient Sqs { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var root = RepoRoot.Find() ?? throw new InvalidOperationException("repository root (PackageTracking.slnx) not found");
        var functions = Environment.GetEnvironmentVariable("E2E_FUNCTIONS_DIR") ?? Path.Combine(root, "artifacts", "lambda", "linux-x64");
        _dynalite = await DynaliteServer.StartAsync(root, LocalDefaults.Host, Ports.FindFree());
        Proxy = await DynamoDbFaultProxy.StartAsync(_dynalite.Endpoint);
        var options = LocalStackOptions.Parse([
            "--port", Ports.FindFree().ToString(CultureInfo.InvariantCulture),
            "--dynamodb-endpoint", Proxy.Endpoint.ToString().TrimEnd('/'),
            "--sqs-port", "0",
            "--table", "tracking-e2e-retry",
            "--ingest", Path.Combine(functions, "ingest", "bootstrap"),
            "--query", Path.Combine(functions, "query", "bootstrap"),
            "--instances", "2",
            "--env", "RETRY_BACKOFF_SECONDS=1",
            "--repo-root", root,
        ]);
        // The functions' output goes to a log beside the test results (E2E_RETRY_LOG overrides), for failures to be read.
        _log = File.CreateText(Environment.GetEnvironmentVariable("E2E_RETRY_LOG") ?? Path.Combine(AppContext.BaseDirectory, "retry-stack.log"));
        _log.AutoFlush = true;
        _host = await LocalStackHost.StartAsync(options, TextWriter.Synchronized(_log));
        Sqs = new AmazonSQSClient(new BasicAWSCredentials(LocalDefaults.AccessKeyId, LocalDefaults.SecretAccessKey),
            new AmazonSQSConfig { ServiceURL = _host.Retry.Endpoint.Url.ToString(), AuthenticationRegion = LocalDefaults.Region });
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        Sqs?.Dispose();
        if (_host is not null) await _host.DisposeAsync();
        await Proxy.DisposeAsync();
        if (_dynalite is not null) await _dynalite.DisposeAsync();
        if (_log is not null) await _log.DisposeAsync();
    }

    public async Task<Reply> SendAsync(HttpMethod method, string path, string key, string? json = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(Host.Url, path));
        request.Headers.Add("x-api-key", key);
        if (json is not null) request.Content = new StringContent(json, new MediaTypeHeaderValue("application/json"));
        configure?.Invoke(request);
        using var response = await Http.SendAsync(request);
        return new Reply((int)response.StatusCode, await response.Content.ReadAsStringAsync(),
            response.Content.Headers.ContentType?.MediaType, response.Headers, response.Content.Headers);
    }

    /// <summary>DynamoDB down: every call of every function has its connection reset (unavailable at once).</summary>
    public void TakeDynamoDbDown() => Proxy.Inject(null, Fault.Reset, times: int.MaxValue);

    /// <summary>DynamoDB back: calls pass through again.</summary>
    public void RestoreDynamoDb() => Proxy.Clear();

    /// <summary>Polls until <paramref name="done"/> holds, or fails after <paramref name="patience"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> done, TimeSpan patience, string what)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what}: not within {patience.TotalSeconds:0} s");
            await Task.Delay(100);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RetryStackCollection : ICollectionFixture<RetryStackFixture>
{
    public const string Name = "local stack with a retry queue and a fault proxy";
}
#pragma warning restore CA1001
