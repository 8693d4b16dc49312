using System.Globalization;
using System.Text;

namespace Tracking.Bench.ColdStart;

/// <summary>The one table the harness prints: function × build.</summary>
public static class MarkdownTable
{
    public static string Render(IReadOnlyList<TargetResult> results, IReadOnlyDictionary<string, double> speedups)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| function | build | runs | cold ready p50 / p90 / p99 ms | cold first response p50 / p90 / p99 ms | warm p50 / p90 / p99 ms (n) | warm handler p50 ms | peak RSS MB | size MB | first response JIT/AOT |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var speedup = r.Build == "aot" && speedups.TryGetValue(r.Function, out var s) ? F(s, "0.0") + "×" : "";
            var rss = r.PeakRssBytes is { } bytes ? F(bytes / 1048576.0, "0.0") : "n/a";
            var size = F(r.SizeBytes / 1048576.0, "0.00") + (r.Build == "jit" ? " (dlls)" : "");
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Function} | {r.Build.ToUpperInvariant()} | {r.ColdRuns} | {Triple(r.ColdReadyMs, "0.0")} | {Triple(r.ColdFirstResponseMs, "0.0")} | {Triple(r.WarmMs, "0.000")} ({r.WarmInvocations}) | {(r.WarmHandlerMs is { } h ? F(h.P50, "0.000") : "n/a")} | {rss} | {size} | {speedup} |");
        }
        return sb.ToString();
    }

    private static string Triple(Percentiles p, string format) => $"{F(p.P50, format)} / {F(p.P90, format)} / {F(p.P99, format)}";

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
