using System.Diagnostics;
using System.Text.Json;
using Tracking.Bench;
using Tracking.Bench.ColdStart;
using Tracking.LocalStack;
using Tracking.LocalStack.Dynamo;
using Tracking.LocalStack.Gateway;
using LocalFunctionEnvironment = Tracking.LocalStack.Hosting.LocalFunctionEnvironment;
using Tracking.LocalStack.Net;

var parsed = HarnessOptions.CreateCommand().Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors) Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine("Try --help.");
    return 64;
}
if (parsed.Action is not null) return parsed.Invoke(); // --help
var options = HarnessOptions.From(parsed);

var repoRoot = options.RepoRoot ?? RepoRoot.Find();
if (repoRoot is null)
{
    Console.Error.WriteLine($"cannot find the repository root ({RepoRoot.Marker}); pass --repo-root");
    return 64;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
var log = Console.Out;
var started = DateTimeOffset.UtcNow;
var clock = Stopwatch.StartNew();
var loadBefore = LoadAverage();

try
{
    // Resolve every target first: a missing build fails before anything starts.
    var targets = options.Functions.SelectMany(f => options.Builds.Select(b => Target.Resolve(f, b, options, repoRoot))).ToList();

    const string table = "tracking-bench";
    await using var dynalite = await DynaliteServer.StartAsync(repoRoot, LocalDefaults.Host, Ports.FindFree(), cancellationToken: cancel.Token);
    using (var dynamo = TableProvisioner.CreateLocalClient(dynalite.Endpoint))
    {
        await TableProvisioner.EnsureTableAsync(dynamo, TableDefinition.LoadDefault().ToCreateTableRequest(table), cancel.Token);
        await Scenario.SeedAsync(dynamo, table, cancel.Token);
    }
    log.WriteLine($"dynalite {dynalite.Endpoint}, table {table}; mode {(options.Quick ? "quick" : "full")}: AOT {options.AotRuns} / JIT {options.JitRuns} cold runs per transport ({string.Join(", ", options.Transports)}, interleaved), {options.Warm} warm (+{options.Warmup} unmeasured)");

    await using var tls = options.Transports.Any(t => t != Transport.Http) ? TlsSetup.Start(dynalite.Endpoint) : null;
    var transports = options.Transports.Select(name => name == Transport.Http
        ? new Transport(name, dynalite.Endpoint, "", new Dictionary<string, string>(), null)
        : tls!.Create(name, AmazonRootsPem(options, repoRoot))).ToList();
    foreach (var t in transports.Where(t => t.IsTls)) log.WriteLine($"{t.Name}: {t.Endpoint} (TLS proxy, test CA made now), trust store: {t.TrustStore}");

    var results = new List<TargetResult>();
    foreach (var target in targets)
    {
        var environments = transports.Select(t => (t, (IReadOnlyDictionary<string, string>)FunctionEnvironment(target.Function, table, options.Environment, t))).ToList();
        results.AddRange(await new TargetRunner(target, environments, options, log).RunAsync(cancel.Token));
    }

    var speedups = new Dictionary<string, double>(StringComparer.Ordinal);
    foreach (var function in options.Functions)
    {
        foreach (var transport in options.Transports)
        {
            var aot = results.FirstOrDefault(r => r.Function == function && r.Build == "aot" && r.Transport == transport);
            var jit = results.FirstOrDefault(r => r.Function == function && r.Build == "jit" && r.Transport == transport);
            if (aot is not null && jit is not null) speedups[MarkdownTable.SpeedupKey(function, transport)] = jit.ColdFirstResponseMs.P50 / aot.ColdFirstResponseMs.P50;
        }
    }

    var markdown = MarkdownTable.Render(results, speedups);
    log.WriteLine();
    log.WriteLine(markdown);
    log.WriteLine($"load average before/after: {loadBefore} / {LoadAverage()} ({Environment.ProcessorCount} cores): other work on the machine shows in every number.");

    var report = new HarnessReport
    {
        StartedAt = started,
        DurationSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
        Machine = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}",
        Mode = options.Quick ? "quick" : "full",
        LoadAverageBefore = loadBefore,
        LoadAverageAfter = LoadAverage(),
        Results = results,
        FirstResponseSpeedup = speedups,
        Markdown = markdown,
    };
    var jsonPath = Path.GetFullPath(options.JsonPath ?? Path.Combine(repoRoot, "artifacts", "bench", "coldstart.json"));
    Directory.CreateDirectory(Path.GetDirectoryName(jsonPath)!);
    await File.WriteAllBytesAsync(jsonPath, JsonSerializer.SerializeToUtf8Bytes(report, HarnessJsonContext.Default.HarnessReport), cancel.Token);
    if (options.MarkdownPath is { } md) await File.WriteAllTextAsync(md, markdown, cancel.Token);
    log.WriteLine($"wrote {jsonPath} ({clock.Elapsed.TotalSeconds:0} s)");
    return 0;
}
catch (Exception e) when (e is HarnessFailureException or FileNotFoundException or InvalidOperationException or TimeoutException or IOException)
{
    Console.Error.WriteLine($"coldstart: FAILED: {e.Message}");
    return 1;
}

static string LoadAverage()
{
    try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
    catch (IOException) { return "n/a"; }
}

// What Lambda and our Pulumi program would set (as tools/LocalStack does), pointed at the bench dynalite or its TLS proxy.
static Dictionary<string, string> FunctionEnvironment(string function, string table, IReadOnlyDictionary<string, string> extra, Transport transport)
    => LocalFunctionEnvironment.Build($"tracking-bench-{function}", table, transport.Endpoint, GatewayEvents.ApiClientsJson, "bench", 512, "bench/[$LATEST]0",
        transport.Environment.Concat(extra));

// The PEM the build packs beside each bootstrap: the trimmed transport loads exactly what the deployed function does.
static string AmazonRootsPem(HarnessOptions options, string repoRoot)
{
    var dir = options.AotDir ?? Path.Combine(repoRoot, "artifacts", "lambda", "linux-x64");
    var function = options.Functions[0];
    var artifact = ApiDefinition.LoadDefault().Functions[function].Artifact ?? function;
    return Path.GetFullPath(Path.Combine(dir, artifact, TlsSetup.AmazonRootsPem));
}
