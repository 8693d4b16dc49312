using System.Net.Http.Headers;
using Tracking.EndToEnd.Tests.Support;
using Tracking.LocalStack;
using Tracking.LocalStack.Contract;
using Tracking.LocalStack.Gateway;
using Tracking.LocalStack.Hosting;
using Tracking.LocalStack.Net;

namespace Tracking.EndToEnd.Tests;

/// <summary>
/// The whole local stack as the README's first command starts it: dynalite, the table, the local API Gateway, and
/// the real Native AOT function executables (artifacts/lambda/linux-x64/*/bootstrap) speaking the Runtime API.
/// Set E2E_FUNCTIONS_DIR to test other builds (e.g. JIT .dll folders are not supported here: these are the shipped binaries).
/// </summary>
public sealed class LocalStackFixture : IAsyncLifetime
{
    public const string PartnerKey = "local-partner-key";
    public const string ReaderKey = "local-reader-key";
    public const string AdminKey = "local-admin-key";
    public const string PartnerBKey = "local-partner-b-key";
    public const string PrivacyKey = "local-privacy-key";

    private static readonly RouteTable Routes = new(ApiDefinition.LoadDefault());

    private LocalStackHost? _host;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };
    public Uri Url => _host?.Url ?? throw new InvalidOperationException("local stack not started");

    /// <summary>Every line the functions wrote to stdout and stderr during the suite.</summary>
    public FunctionOutput Output { get; } = new();

    /// <summary>Every coordinate and metadata value the suite sent.</summary>
    public SentValues Sent { get; } = new();

    public async Task InitializeAsync()
    {
        var root = RepoRoot.Find() ?? throw new InvalidOperationException("repository root (PackageTracking.slnx) not found");
        var functions = Environment.GetEnvironmentVariable("E2E_FUNCTIONS_DIR") ?? Path.Combine(root, "artifacts", "lambda", "linux-x64");
        var ingest = Path.Combine(functions, "ingest", "bootstrap");
        var query = Path.Combine(functions, "query", "bootstrap");
        foreach (var path in new[] { ingest, query })
        {
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"{path} is missing: build the functions first with scripts/build-lambdas.sh --rid linux-x64");
            }
        }

        var options = LocalStackOptions.Parse([
            "--port", Ports.FindFree().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--dynamodb-port", Ports.FindFree().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--sqs-port", "0",
            "--table", "tracking-e2e",
            "--ingest", ingest,
            "--query", query,
            "--instances", "2",
            "--repo-root", root,
        ]);
        // Not --quiet: the functions' output is kept for the log scan (LogScanTests).
        _host = await LocalStackHost.StartAsync(options, Output);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_host is not null) await _host.DisposeAsync();
    }

    public async Task<Reply> SendAsync(HttpMethod method, string path, string? key, string? json = null, Action<HttpRequestMessage>? configure = null)
    {
        Sent.Record(json);
        using var request = new HttpRequestMessage(method, new Uri(Url, path));
        if (key is not null) request.Headers.Add("x-api-key", key);
        if (json is not null) request.Content = new StringContent(json, new MediaTypeHeaderValue("application/json"));
        configure?.Invoke(request);
        using var response = await Http.SendAsync(request);
        var reply = new Reply((int)response.StatusCode, await response.Content.ReadAsStringAsync(),
            response.Content.Headers.ContentType?.MediaType, response.Headers, response.Content.Headers);
        VerifyContract(method.Method, request.RequestUri!.AbsolutePath, reply);
        return reply;
    }

    /// <summary>Every answer of the local stack is checked against openapi.json: breaking the contract fails the test.</summary>
    private static void VerifyContract(string method, string rawPath, Reply reply)
    {
        var headers = reply.Headers.Concat(reply.ContentHeaders)
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        var resource = Routes.Match(method, rawPath)?.Resource;
        var violations = ResponseContract.Repository.Check(method, resource, new ObservedResponse(reply.Status, reply.MediaType, headers, reply.Body));
        if (violations.Count > 0) throw new Xunit.Sdk.XunitException("The answer breaks src/Contracts/Definitions/openapi.json:\n" + string.Join('\n', violations) + "\n" + reply.Body);
    }
}

[CollectionDefinition(Name)]
public sealed class LocalStackCollection : ICollectionFixture<LocalStackFixture>
{
    public const string Name = "local stack";
}

public sealed record Reply(int Status, string Body, string? MediaType, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders)
{
    public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(Body).RootElement.Clone();

    public string? Header(string name)
        => Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
            : ContentHeaders.TryGetValues(name, out var content) ? string.Join(", ", content) : null;

    public override string ToString() => $"{Status} {Body}";
}
