using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace Tracking.Bench.Handlers;

/// <summary>What one benchmark allocated per call, counted exactly over many calls.</summary>
public sealed record ExactAllocations(string Benchmark, int Calls, long MinBytes, long MaxBytes, SortedDictionary<long, int> Distinct);

/// <summary>
/// The allocation check's measurement: each benchmark method called 2,000 times (after a warm-up to the final JIT tier) outside
/// BenchmarkDotNet, each call counted exactly with GC.GetTotalAllocatedBytes(precise: true). The minimum is the
/// checked figure: it is stable run to run, while BDN's per-operation average drifts by a few bytes (background
/// allocations spread over the operations) and some calls legitimately vary (a clock-dependent timestamp length,
/// the batch's parallel writes).
/// </summary>
public static class AllocationProbe
{
    private static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(1);
    public const int Calls = 2000;

    public static List<ExactAllocations> Measure()
    {
        var bench = new RouteBenchmarks();
        bench.Setup();
        var results = new List<ExactAllocations>();
        try
        {
            foreach (var method in typeof(RouteBenchmarks).GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
            {
                var call = method.CreateDelegate<Func<ValueTask>>(bench);
                WarmUp(call);
                var counts = new SortedDictionary<long, int>();
                for (var i = 0; i < Calls; i++)
                {
                    var before = GC.GetTotalAllocatedBytes(precise: true);
                    // Completes synchronously (canned DynamoDB), so nothing is allocated by awaiting here.
                    var pending = call();
                    if (!pending.IsCompleted) pending.AsTask().GetAwaiter().GetResult();
                    var bytes = GC.GetTotalAllocatedBytes(precise: true) - before;
                    counts[bytes] = counts.GetValueOrDefault(bytes) + 1;
                }
                results.Add(new ExactAllocations(method.Name, Calls, counts.Keys.First(), counts.Keys.Last(), counts));
            }
        }
        finally
        {
            bench.Cleanup();
        }
        return results;
    }

    /// <summary>
    /// Until the code is at its final tier: .NET 10's tier-1 code (with PGO) stack-allocates objects that tier-0 code
    /// puts on the heap, so a half-warm process reports more bytes. A second of calls, a pause for the background
    /// compiler, then more calls.
    /// </summary>
    private static void WarmUp(Func<ValueTask> call)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (started.Elapsed < WarmupTime) call().AsTask().GetAwaiter().GetResult();
        Thread.Sleep(300);
        for (var i = 0; i < 500; i++) call().AsTask().GetAwaiter().GetResult();
    }

    public static void Print(IEnumerable<ExactAllocations> results, TextWriter output)
    {
        output.WriteLine("| benchmark | calls | distinct B/call (count) |");
        output.WriteLine("|---|---:|---|");
        foreach (var r in results) output.WriteLine($"| {r.Benchmark} | {r.Calls} | {string.Join(", ", r.Distinct.Select(c => $"{c.Key} ({c.Value})"))} |");
    }
}
