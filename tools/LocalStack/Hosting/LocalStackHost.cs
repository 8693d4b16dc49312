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

    private readonly LocalStackOptions options;
    private readonly TextWriter log;
    private readonly Dictionary<string, FunctionHost> functions = new(StringComparer.Ordinal);
    private DynaliteServer? dynalite;
    private ApiGatewayEmulator? gateway;
    private RetryStack? retry;

    private LocalStackHost(LocalStackOptions options, TextWriter log)
    {
        this.options = options;
        this.log = log;
        Clients = options.ClientsFile is null ? ApiClients.Defaults : ApiClients.Load(options.ClientsFile);
    }

    public Uri Url => gateway?.Url ?? throw new InvalidOperationException("Not started.");
    public string DynamoDbEndpoint { get; private set; } = "";
    public string TableName => options.TableName;
    public ApiClients Clients { get; }
    public IReadOnlyDictionary<string, FunctionHost> Functions => functions;
    public RetryStack Retry => retry ?? throw new InvalidOperationException("Not started.");

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
        if (options.ReadyFile is { } staleReadyFile) File.Delete(staleReadyFile);
        var api = ApiDefinition.LoadDefault();
        foreach (var name in options.FunctionPaths.Keys)
        {
            if (!api.Functions.ContainsKey(name)) throw new UsageException($"Unknown option --{name} (api.json has no function '{name}').");
        }

        var repoRoot = options.RepoRoot ?? RepoRoot.Find();
        var executables = api.Functions.ToDictionary(f => f.Key, f => ResolveExecutable(f.Key, f.Value, repoRoot));
        executables[RetryStack.ConsumerFunction] = executables[ApiRoutes.IngestFunction]; // one zip, two functions, as on AWS

        // Fail on a taken port before starting anything.
        Ports.EnsureFree("API gateway", options.Host, options.Port);
        if (options.SqsPort != 0) Ports.EnsureFree("SQS", options.Host, options.SqsPort);

        if (options.DynamoDbEndpoint is { } endpoint)
        {
            DynamoDbEndpoint = endpoint;
        }
        else
        {
            if (repoRoot is null) throw new UsageException($"Cannot find the repository root ({RepoRoot.Marker}); pass --repo-root or --dynamodb-endpoint.");
            dynalite = await DynaliteServer.StartAsync(repoRoot, options.Host, options.DynamoDbPort, options.Quiet ? null : line => log.WriteLine($"[dynalite] {line}"), cancellationToken);
            DynamoDbEndpoint = dynalite.Endpoint;
        }

        using (var dynamo = TableProvisioner.CreateLocalClient(DynamoDbEndpoint))
        {
            await TableProvisioner.EnsureTableAsync(dynamo, TableDefinition.LoadDefault().ToCreateTableRequest(options.TableName), cancellationToken);
        }

        retry = await RetryStack.StartAsync(options.Host, options.SqsPort, options.Timeout, cancellationToken);

        foreach (var (name, executable) in executables)
        {
            var function = new FunctionHost(new FunctionHostOptions
            {
                Name = name,
                ExecutablePath = executable,
                Launcher = options.Launcher,
                Environment = FunctionEnvironment(name),
                Instances = options.Instances,
                Timeout = options.Timeout,
                Host = LocalDefaults.Host,
                FunctionArn = $"arn:aws:lambda:{LocalDefaults.Region}:{LocalDefaults.AccountId}:function:{FunctionName(name)}",
                Output = options.Quiet ? null : (label, line) => log.WriteLine($"[{label}] {line}"),
            });
            functions[name] = function;
            await function.StartAsync(cancellationToken);
        }

        try
        {
            await Task.WhenAll(functions.Values.Select(f => f.WaitReadyAsync(cancellationToken))).WaitAsync(ReadyTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            var stuck = functions.Values.SelectMany(f => f.Instances).Where(i => !i.Ready.IsCompleted).Select(i => i.Label);
            throw new InvalidOperationException($"Functions not ready after {ReadyTimeout.TotalSeconds:0} s: {string.Join(", ", stuck)}. See their output above.");
        }

        retry.StartMapping(functions[RetryStack.ConsumerFunction], options.Quiet ? null : line => log.WriteLine($"[esm] {line}"));

        gateway = new ApiGatewayEmulator(
            new ApiGatewayOptions { Host = options.Host, Port = options.Port, IntegrationTimeout = options.Timeout },
            new RouteTable(api),
            Clients,
            functions);
        await gateway.StartAsync(cancellationToken);

        if (options.ReadyFile is { } readyFile) await WriteReadyFileAsync(readyFile, cancellationToken);
    }

    private string ResolveExecutable(string name, FunctionSpec spec, string? repoRoot)
    {
        if (options.FunctionPaths.TryGetValue(name, out var given))
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
        => LocalFunctionEnvironment.Build(FunctionName(function), options.TableName, DynamoDbEndpoint, Clients.ToApiClientsJson(),
            LocalDefaults.Stage, options.MemorySizeMb, $"local/[$LATEST]{Guid.NewGuid():N}", Retry.FunctionEnvironment().Concat(options.Environment));

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
        log.WriteLine();
        log.WriteLine($"Local stack ready: {url}");
        log.WriteLine($"  DynamoDB {DynamoDbEndpoint}, table {TableName}");
        log.WriteLine($"  SQS {Retry.Endpoint.Url.ToString().TrimEnd('/')}: {Retry.RetryQueueUrl} (DLQ {Retry.DeadLetterQueueUrl}), consumed by function {RetryStack.ConsumerFunction}");
        log.WriteLine($"  Functions: {string.Join(", ", functions.Values.Select(f => $"{f.Name} ({f.Options.ExecutablePath}, {f.Instances.Count} instance(s))"))}");
        log.WriteLine("  API keys (header x-api-key):");
        foreach (var client in Clients.All) log.WriteLine($"    {client.Key,-24} role {client.Role,-8} key id {client.KeyId}");
        var writer = Clients.All.FirstOrDefault(c => c.Role is "partner" or "admin") ?? Clients.All[0];
        var reader = Clients.All.FirstOrDefault(c => c.Role == "reader") ?? writer;
        log.WriteLine("  Try:");
        log.WriteLine($"    curl -i -X POST -H 'x-api-key: {writer.Key}' -H 'content-type: application/json' \\");
        log.WriteLine($"      -d '{{\"status\":\"in_transit\",\"timestamp\":\"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\"}}' {url}/v1/tracking/PKG-1/events");
        log.WriteLine($"    curl -i -H 'x-api-key: {reader.Key}' {url}/v1/tracking/PKG-1");
        log.WriteLine("  Ctrl-C stops everything.");
        log.Flush();
    }

    public async ValueTask DisposeAsync()
    {
        if (options.ReadyFile is { } readyFile) File.Delete(readyFile);
        if (gateway is not null) await gateway.DisposeAsync();
        if (retry is not null) await retry.DisposeAsync();
        await Task.WhenAll(functions.Values.Select(f => f.DisposeAsync().AsTask()));
        if (dynalite is not null) await dynalite.DisposeAsync();
    }
}
