using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tracking.Bench.Handlers;

/// <summary>bench/baseline/allocations.json: bytes allocated per operation per benchmark, as committed.</summary>
public sealed class AllocationBaseline
{
    public string Unit { get; set; } = "bytes per call: the minimum of 2000 exact per-call counts (GC.GetTotalAllocatedBytes(precise: true)) after warming up to the final JIT tier";
    public string Runtime { get; set; } = "";
    public string HowToUpdate { get; set; } = "bash bench/run-ci.sh --update-baseline (or dotnet run -c Release --project bench/Handlers.Benchmarks -- --ci --update-baseline), then commit this file with a note on why allocations changed";
    public SortedDictionary<string, long> Benchmarks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Bytes of growth tolerated, only for benchmarks whose allocations are not deterministic: the batch writes items
    /// concurrently and allocates per worker Parallel.ForEachAsync happens to start (its minimum moved by ~500 B
    /// between machines). Every other benchmark: zero. Kept across --update-baseline.
    /// </summary>
    public SortedDictionary<string, long> Tolerances { get; set; } = new(StringComparer.Ordinal);

    public static AllocationBaseline? Load(string path)
        => File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), BaselineJsonContext.Default.AllocationBaseline) : null;

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(this, BaselineJsonContext.Default.AllocationBaseline));
    }
}

/// <summary>One benchmark of a fresh run against the baseline.</summary>
public sealed record AllocationVerdict(string Benchmark, long? Baseline, long Measured, double MeanNs, string Verdict)
{
    public bool Fails => Verdict is "GREW" or "NEW" or "MISSING";
}

public static class AllocationCheck
{
    /// <summary>Growth of even one byte fails: allocations of this pipeline are deterministic (see the README's jitter note).</summary>
    public static List<AllocationVerdict> Compare(AllocationBaseline baseline, IReadOnlyDictionary<string, (long Bytes, double MeanNs)> measured)
    {
        var verdicts = new List<AllocationVerdict>();
        foreach (var (name, (bytes, mean)) in measured.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var tolerance = baseline.Tolerances.GetValueOrDefault(name);
            var verdict = baseline.Benchmarks.TryGetValue(name, out var expected)
                ? bytes > expected + tolerance ? "GREW" : bytes > expected ? "same (within tolerance)" : bytes < expected ? "shrank (update the baseline to keep it)" : "same"
                : "NEW";
            verdicts.Add(new AllocationVerdict(name, baseline.Benchmarks.TryGetValue(name, out var b) ? b : null, bytes, mean, verdict));
        }
        foreach (var name in baseline.Benchmarks.Keys.Where(k => !measured.ContainsKey(k)))
        {
            verdicts.Add(new AllocationVerdict(name, baseline.Benchmarks[name], 0, double.NaN, "MISSING"));
        }
        return verdicts;
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AllocationBaseline))]
public sealed partial class BaselineJsonContext : JsonSerializerContext;
