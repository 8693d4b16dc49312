using System.Diagnostics;
using System.Net.Http.Headers;
using Tracking.LocalStack;
using Tracking.LocalStack.Dynamo;
using Tracking.LocalStack.Faults;
using Tracking.LocalStack.Hosting;
using Tracking.LocalStack.Net;

namespace Tracking.EndToEnd.Tests;

/// <summary>
/// A local stack of its own for fault tests (the shared one must stay healthy): the real AOT executables, one
/// instance per function, a 6 s function timeout, its own retry queue, and DynamoDB reached through a fault proxy in
/// front of a dynalite this fixture started, so the tests may stop that dynalite (SIGSTOP) and kill function processes (SIGKILL).
/// </summary>
public sealed class FaultStack : IAsyncLifetime
{
    public const string Table = "tracking-e2e-faults";
    public static readonly TimeSpan FunctionTimeout = TimeSpan.FromSeconds(6);

    private DynaliteServer? _dynalite;
    private LocalStackHost? _host;

    public DynamoDbFaultProxy Proxy { get; private set; } = null!;
    public LocalStackHost Host => _host ?? throw new InvalidOperationException("not started");
    public int DynaliteProcessId => _dynalite?.ProcessId ?? throw new InvalidOperationException("not started");
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public async Task InitializeAsync()
    {
        var root = RepoRoot.Find() ?? throw new InvalidOperationException("repository root (PackageTracking.slnx) not found");
        var functions = Environment.GetEnvironmentVariable("E2E_FUNCTIONS_DIR") ?? Path.Combine(root, "artifacts", "lambda", "linux-x64");
        _dynalite = await DynaliteServer.StartAsync(root, LocalDefaults.Host, Ports.FindFree());
        Proxy = await DynamoDbFaultProxy.StartAsync(_dynalite.Endpoint);
        var options = LocalStackOptions.Parse([
            "--port", Ports.FindFree().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--dynamodb-endpoint", Proxy.Endpoint.ToString().TrimEnd('/'),
            "--table", Table,
            "--ingest", Path.Combine(functions, "ingest", "bootstrap"),
            "--query", Path.Combine(functions, "query", "bootstrap"),
            "--instances", "1",
            "--timeout", FunctionTimeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--sqs-port", "0",
            // A write the stalled table could not take is queued; the consumer's retry after 1 s (not 20) applies it.
            "--env", "RETRY_BACKOFF_SECONDS=1",
            "--repo-root", root,
            "--quiet",
        ]);
        _host = await LocalStackHost.StartAsync(options, TextWriter.Null);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_dynalite is not null) Signal("CONT", _dynalite.ProcessId);
        if (_host is not null) await _host.DisposeAsync();
        await Proxy.DisposeAsync();
        if (_dynalite is not null) await _dynalite.DisposeAsync();
    }

    public async Task<Reply> SendAsync(HttpMethod method, string path, string key, string? json = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(Host.Url, path));
        request.Headers.Add("x-api-key", key);
        if (json is not null) request.Content = new StringContent(json, new MediaTypeHeaderValue("application/json"));
        using var response = await Http.SendAsync(request);
        return new Reply((int)response.StatusCode, await response.Content.ReadAsStringAsync(),
            response.Content.Headers.ContentType?.MediaType, response.Headers, response.Content.Headers);
    }

    /// <summary>kill -STOP / -CONT of a process this fixture started (never by name).</summary>
    public static void Signal(string signal, int processId)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", processId.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }
}
