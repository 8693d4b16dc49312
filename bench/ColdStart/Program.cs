using System.Diagnostics;
using System.Text.Json;
using Tracking.Bench;
using Tracking.Bench.ColdStart;
using Tracking.LocalStack;
using Tracking.LocalStack.Dynamo;
using LocalFunctionEnvironment = Tracking.LocalStack.Hosting.LocalFunctionEnvironment;
using Tracking.LocalStack.Net;

HarnessOptions options;
try
{
    options = HarnessOptions.Parse(args);
}
catch (UsageException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(HarnessOptions.Usage);
    return 64;
}
if (options.Help)
{
    Console.WriteLine(HarnessOptions.Usage);
    return 0;
}

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
    log.WriteLine($"dynalite {dynalite.Endpoint}, table {table}; mode {(options.Quick ? "quick" : "full")}: AOT {options.AotRuns} / JIT {options.JitRuns} cold runs, {options.Warm} warm (+{options.Warmup} unmeasured)");

    var results = new List<TargetResult>();
    foreach (var target in targets)
    {
        var environment = FunctionEnvironment(target.Function, dynalite.Endpoint, table, options.Environment);
        results.Add(await new TargetRunner(target, new Scenario(target.Function), environment, options, log).RunAsync(cancel.Token));
    }

    var speedups = new Dictionary<string, double>(StringComparer.Ordinal);
    foreach (var function in options.Functions)
    {
        var aot = results.FirstOrDefault(r => r.Function == function && r.Build == "aot");
        var jit = results.FirstOrDefault(r => r.Function == function && r.Build == "jit");
        if (aot is not null && jit is not null) speedups[function] = jit.ColdFirstResponseMs.P50 / aot.ColdFirstResponseMs.P50;
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

// What Lambda and our Pulumi program would set (as tools/LocalStack does), pointed at the bench dynalite.
static Dictionary<string, string> FunctionEnvironment(string function, string endpoint, string table, IReadOnlyDictionary<string, string> extra)
    => LocalFunctionEnvironment.Build($"tracking-bench-{function}", table, endpoint, GatewayEvents.ApiClientsJson, "bench", 512, "bench/[$LATEST]0", extra);
