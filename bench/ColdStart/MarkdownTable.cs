using System.Globalization;
using System.Text;

namespace Tracking.Bench.ColdStart;

/// <summary>The one table the harness prints: function × build × transport.</summary>
public static class MarkdownTable
{
    public static string Render(IReadOnlyList<TargetResult> results, IReadOnlyDictionary<string, double> speedups)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| function | build | transport | runs | cold ready p50 / p90 ms | cold first response p50 / p90 / p99 ms | CPU to first response p50 / p90 ms | warm p50 / p90 / p99 ms (n) | warm handler p50 ms | peak RSS MB | size MB | first response JIT/AOT |");
        sb.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var speedup = r.Build == "aot" && speedups.TryGetValue(SpeedupKey(r.Function, r.Transport), out var s) ? F(s, "0.0") + "×" : "";
            var rss = r.PeakRssBytes is { } bytes ? F(bytes / 1048576.0, "0.0") : "n/a";
            var size = F(r.SizeBytes / 1048576.0, "0.00") + (r.Build == "jit" ? " (dlls)" : "");
            var cpu = r.ColdCpuMs is { } c ? $"{F(c.P50, "0.0")} / {F(c.P90, "0.0")}" : "n/a";
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Function} | {r.Build.ToUpperInvariant()} | {r.Transport} | {r.ColdRuns} | {F(r.ColdReadyMs.P50, "0.0")} / {F(r.ColdReadyMs.P90, "0.0")} | {Triple(r.ColdFirstResponseMs, "0.0")} | {cpu} | {Triple(r.WarmMs, "0.000")} ({r.WarmInvocations}) | {(r.WarmHandlerMs is { } h ? F(h.P50, "0.000") : "n/a")} | {rss} | {size} | {speedup} |");
        }
        return sb.ToString();
    }

    public static string SpeedupKey(string function, string transport) => $"{function}/{transport}";

    private static string Triple(Percentiles p, string format) => $"{F(p.P50, format)} / {F(p.P90, format)} / {F(p.P99, format)}";

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
