using System.Text.Json;
using Tracking.Contracts.Api;
using Tracking.Contracts.Configuration;
using Tracking.LocalStack.Dynamo;
using Tracking.LocalStack.Gateway;
using Tracking.LocalStack.Json;
using Tracking.LocalStack.Net;
using Tracking.LocalStack.Runtime;

namespace Tracking.LocalStack.Hosting;

/// <summary>The whole local stack in one object: dynalite, the table, the functions and the API gateway.</summary>
public sealed class LocalStackHost : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly LocalStackOptions _options;
    private readonly TextWriter _log;
    private readonly Dictionary<string, FunctionHost> _functions = new(StringComparer.Ordinal);
    private DynaliteServer? _dynalite;
    private ApiGatewayEmulator? _gateway;
    private LocalRetryPath? _retry;

    private LocalStackHost(LocalStackOptions options, TextWriter log)
    {
        _options = options;
        _log = log;
        Clients = options.ClientsFile is null ? ApiClients.Defaults : ApiClients.Load(options.ClientsFile);
    }

    public Uri Url => _gateway?.Url ?? throw new InvalidOperationException("Not started.");
    public string DynamoDbEndpoint { get; private set; } = "";
    public string TableName => _options.TableName;
    public ApiClients Clients { get; }
    public IReadOnlyDictionary<string, FunctionHost> Functions => _functions;
    public LocalRetryPath Retry => _retry ?? throw new InvalidOperationException("Not started.");

    public static async Task<LocalStackHost> StartAsync(LocalStackOptions options, TextWriter log, CancellationToken cancellationToken = default)
    {
        var host = new LocalStackHost(options, log);
        try
        {
            await host.StartCoreAsync(cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        // A stale file from an earlier run must not tell a waiting script that this one is up.
        if (_options.ReadyFile is { } staleReadyFile) File.Delete(staleReadyFile);
        var api = ApiDefinition.LoadDefault();
        foreach (var name in _options.FunctionPaths.Keys)
        {
            if (!api.Functions.ContainsKey(name)) throw new UsageException($"Unknown option --{name} (openapi.json's x-tracking-functions has no '{name}').");
        }

        var repoRoot = _options.RepoRoot ?? RepoRoot.Find();
        var executables = api.Functions.ToDictionary(f => f.Key, f => ResolveExecutable(f.Key, f.Value, repoRoot));
        executables[LocalRetryPath.ConsumerFunction] = executables[ApiRoutes.IngestFunction]; // one zip, two functions, as on AWS

        // Fail on a taken port before starting anything.
        Ports.EnsureFree("API gateway", _options.Host, _options.Port);
        if (_options.SqsPort != 0) Ports.EnsureFree("SQS", _options.Host, _options.SqsPort);

        if (_options.DynamoDbEndpoint is { } endpoint)
        {
            DynamoDbEndpoint = endpoint;
        }
        else
        {
            if (repoRoot is null) throw new UsageException($"Cannot find the repository root ({RepoRoot.Marker}); pass --repo-root or --dynamodb-endpoint.");
            _dynalite = await DynaliteServer.StartAsync(repoRoot, _options.Host, _options.DynamoDbPort, _options.Quiet ? null : line => _log.WriteLine($"[dynalite] {line}"), cancellationToken);
            DynamoDbEndpoint = _dynalite.Endpoint;
        }

        using (var dynamo = TableProvisioner.CreateLocalClient(DynamoDbEndpoint))
        {
            await TableProvisioner.EnsureTableAsync(dynamo, TableDefinition.LoadDefault().ToCreateTableRequest(_options.TableName), cancellationToken);
        }

        _retry = await LocalRetryPath.StartAsync(_options.Host, _options.SqsPort, _options.Timeout, cancellationToken);

        foreach (var (name, executable) in executables)
        {
            var function = new FunctionHost(new FunctionHostOptions
            {
                Name = name,
                ExecutablePath = executable,
                Launcher = _options.Launcher,
                Environment = FunctionEnvironment(name),
                Instances = _options.Instances,
                Timeout = _options.Timeout,
                Host = LocalDefaults.Host,
                FunctionArn = $"arn:aws:lambda:{LocalDefaults.Region}:{LocalDefaults.AccountId}:function:{FunctionName(name)}",
                Output = _options.Quiet ? null : (label, line) => _log.WriteLine($"[{label}] {line}"),
            });
            _functions[name] = function;
            await function.StartAsync(cancellationToken);
        }

        try
        {
            await Task.WhenAll(_functions.Values.Select(f => f.WaitReadyAsync(cancellationToken))).WaitAsync(ReadyTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            var stuck = _functions.Values.SelectMany(f => f.Instances).Where(i => !i.Ready.IsCompleted).Select(i => i.Label);
            throw new InvalidOperationException($"Functions not ready after {ReadyTimeout.TotalSeconds:0} s: {string.Join(", ", stuck)}. See their output above.");
        }

        _retry.StartMapping(_functions[LocalRetryPath.ConsumerFunction], _options.Quiet ? null : line => _log.WriteLine($"[esm] {line}"));

        _gateway = new ApiGatewayEmulator(
            new ApiGatewayOptions
            {
                Host = _options.Host,
                Port = _options.Port,
                IntegrationTimeout = _options.Timeout,
                DocsFile = repoRoot is null ? null : Path.Combine(repoRoot, "artifacts", "docs", "api.html"),
            },
            new RouteTable(api),
            Clients,
            _functions);
        await _gateway.StartAsync(cancellationToken);

        if (_options.ReadyFile is { } readyFile) await WriteReadyFileAsync(readyFile, cancellationToken);
    }

    private string ResolveExecutable(string name, FunctionSpec spec, string? repoRoot)
    {
        if (_options.FunctionPaths.TryGetValue(name, out var given))
        {
            var full = Path.GetFullPath(given);
            return File.Exists(full) ? full : throw new FileNotFoundException($"--{name}: {full} does not exist.", full);
        }
        if (repoRoot is null) throw new UsageException($"Cannot find the repository root ({RepoRoot.Marker}); pass --repo-root or --{name} <path>.");
        var path = Path.Combine(repoRoot, "artifacts", "lambda", "linux-x64", spec.Artifact ?? name, "bootstrap");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} does not exist: build the functions first, or pass --{name} <path>.", path);
    }

    public static string FunctionName(string function) => $"tracking-{LocalDefaults.Stage}-{function}";

    /// <summary>What Lambda and our Pulumi program would set, pointed at the local DynamoDB.</summary>
    public Dictionary<string, string> FunctionEnvironment(string function)
        => LocalFunctionEnvironment.Build(FunctionName(function), _options.TableName, DynamoDbEndpoint, Clients.ToApiClientsJson(),
            LocalDefaults.Stage, _options.MemorySizeMb, $"local/[$LATEST]{Guid.NewGuid():N}", Retry.FunctionEnvironment().Concat(_options.Environment));

    public async Task WriteReadyFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var ready = new ReadyFile
        {
            Url = Url.ToString().TrimEnd('/'),
            DynamoDbEndpoint = DynamoDbEndpoint,
            Table = TableName,
            SqsEndpoint = Retry.Endpoint.Url.ToString().TrimEnd('/'),
            RetryQueueUrl = Retry.RetryQueueUrl,
            DeadLetterQueueUrl = Retry.DeadLetterQueueUrl,
            Keys = Clients.All.GroupBy(c => c.Role).ToDictionary(g => g.Key, g => g.First().Key),
        };
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Written whole then renamed, so a watcher never reads half a file.
        var temporary = full + ".tmp";
        await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(ready, LocalStackJsonContext.Default.ReadyFile), cancellationToken);
        File.Move(temporary, full, overwrite: true);
    }

    public void PrintBanner()
    {
        var url = Url.ToString().TrimEnd('/');
        _log.WriteLine();
        _log.WriteLine($"Local stack ready: {url}");
        _log.WriteLine($"  DynamoDB {DynamoDbEndpoint}, table {TableName}");
        _log.WriteLine($"  SQS {Retry.Endpoint.Url.ToString().TrimEnd('/')}: {Retry.RetryQueueUrl} (DLQ {Retry.DeadLetterQueueUrl}), consumed by function {LocalRetryPath.ConsumerFunction}");
        _log.WriteLine($"  Functions: {string.Join(", ", _functions.Values.Select(f => $"{f.Name} ({f.Options.ExecutablePath}, {f.Instances.Count} instance(s))"))}");
        _log.WriteLine("  API keys (header x-api-key):");
        foreach (var client in Clients.All) _log.WriteLine($"    {client.Key,-24} role {client.Role,-8} key id {client.KeyId}");
        var writer = Clients.All.FirstOrDefault(c => c.Role is "partner" or "admin") ?? Clients.All[0];
        var reader = Clients.All.FirstOrDefault(c => c.Role == "reader") ?? writer;
        _log.WriteLine("  Try:");
        _log.WriteLine($"    curl -i -X POST -H 'x-api-key: {writer.Key}' -H 'content-type: application/json' \\");
        _log.WriteLine($"      -d '{{\"status\":\"in_transit\",\"timestamp\":\"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\"}}' {url}/v1/tracking/PKG-1/events");
        _log.WriteLine($"    curl -i -H 'x-api-key: {reader.Key}' {url}/v1/tracking/PKG-1");
        _log.WriteLine("  Ctrl-C stops everything.");
        _log.Flush();
    }

    public async ValueTask DisposeAsync()
    {
        if (_options.ReadyFile is { } readyFile) File.Delete(readyFile);
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_retry is not null) await _retry.DisposeAsync();
        await Task.WhenAll(_functions.Values.Select(f => f.DisposeAsync().AsTask()));
        if (_dynalite is not null) await _dynalite.DisposeAsync();
    }
}
