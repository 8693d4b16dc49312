using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using Tracking.Bench.Handlers;
using Tracking.LocalStack;

if (args.Contains("--probe"))
{
    AllocationProbe.Print(AllocationProbe.Measure(), Console.Out);
    return 0;
}

// Without --ci this is plain BenchmarkDotNet (its own arguments, e.g. --filter '*GetState*', full default jobs).
if (!args.Contains("--ci"))
{
    BenchmarkSwitcher.FromAssembly(typeof(RouteBenchmarks).Assembly).Run(args);
    return 0;
}

var update = args.Contains("--update-baseline");
var repoRoot = RepoRoot.Find() ?? Environment.CurrentDirectory;
var baselinePath = Option("--baseline") ?? Path.Combine(repoRoot, "bench", "baseline", "allocations.json");
var artifacts = Path.GetFullPath(Option("--artifacts") ?? Path.Combine(repoRoot, "artifacts", "bench", "bdn"));

// The CI job: in-process (no second build of a generated project), a short run; timings are indicative only.
var job = Job.Default
    .WithToolchain(InProcessEmitToolchain.Instance)
    .WithLaunchCount(1)
    .WithWarmupCount(3)
    .WithIterationCount(5)
    .WithIterationTime(TimeInterval.FromMilliseconds(200))
    .WithId("ci");
var config = ManualConfig.CreateMinimumViable()
    .AddJob(job)
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumnProvider(DefaultColumnProviders.Instance)
    .AddLogger(ConsoleLogger.Default)
    .AddExporter(JsonExporter.Full, MarkdownExporter.GitHub)
    .WithArtifactsPath(artifacts)
    .WithOptions(ConfigOptions.DisableLogFile);

var summary = BenchmarkRunner.Run<RouteBenchmarks>(config);
if (summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success))
{
    Console.Error.WriteLine("benchmarks: a benchmark failed to run (see above)");
    return 1;
}

var timings = new Dictionary<string, (double MeanNs, long? BdnBytes)>(StringComparer.Ordinal);
foreach (var report in summary.Reports)
{
    timings[report.BenchmarkCase.Descriptor.WorkloadMethod.Name] =
        (report.ResultStatistics?.Mean ?? double.NaN, report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase));
}

// The checked figure: exact per-call counts (BDN's average jitters by a few bytes; see AllocationProbe).
var exact = AllocationProbe.Measure();
var measured = exact.ToDictionary(e => e.Benchmark, e => (e.MinBytes, timings.TryGetValue(e.Benchmark, out var t) ? t.MeanNs : double.NaN), StringComparer.Ordinal);

var runtime = $".NET {Environment.Version}";
if (update)
{
    var fresh = new AllocationBaseline { Runtime = runtime, Tolerances = AllocationBaseline.Load(baselinePath)?.Tolerances ?? new(StringComparer.Ordinal) };
    foreach (var (name, (bytes, _)) in measured) fresh.Benchmarks[name] = bytes;
    fresh.Save(baselinePath);
    Console.WriteLine($"allocation baseline written: {baselinePath}");
}

var baseline = AllocationBaseline.Load(baselinePath);
if (baseline is null)
{
    Console.Error.WriteLine($"no allocation baseline at {baselinePath}: create it with --update-baseline");
    return 1;
}

var verdicts = AllocationCheck.Compare(baseline, measured);
Console.WriteLine();
Console.WriteLine($"Allocations (exact bytes per call, minimum of {AllocationProbe.Calls}) vs {Path.GetRelativePath(repoRoot, baselinePath)} (growth fails; timings are reported, not asserted; {runtime}):");
Console.WriteLine();
Console.WriteLine("| benchmark | mean µs (BDN) | allocated B/op (BDN) | exact B/call min / max | baseline B/call | verdict |");
Console.WriteLine("|---|---:|---:|---:|---:|---|");
foreach (var v in verdicts)
{
    var bdn = timings.TryGetValue(v.Benchmark, out var t) && t.BdnBytes is { } b ? b.ToString(CultureInfo.InvariantCulture) : "-";
    var range = exact.FirstOrDefault(e => e.Benchmark == v.Benchmark) is { } e ? $"{e.MinBytes} / {e.MaxBytes}" : "-";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {v.Benchmark} | {v.MeanNs / 1000:0.00} | {bdn} | {range} | {(v.Baseline?.ToString(CultureInfo.InvariantCulture) ?? "-")} | {v.Verdict} |"));
}
if (baseline.Runtime != runtime) Console.WriteLine($"note: baseline recorded on {baseline.Runtime}, this run is {runtime}");

var failed = verdicts.Where(v => v.Fails).ToList();
if (failed.Count > 0)
{
    Console.Error.WriteLine();
    Console.Error.WriteLine($"allocation check FAILED for {string.Join(", ", failed.Select(f => $"{f.Benchmark} ({f.Verdict})"))}.");
    Console.Error.WriteLine($"If the growth is intended: {baseline.HowToUpdate}.");
    return 2;
}
Console.WriteLine("allocation check passed");
return 0;

string? Option(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
