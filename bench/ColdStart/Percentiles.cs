namespace Tracking.Bench.ColdStart;

/// <summary>p50/p90/p99 of a sample in milliseconds, nearest-rank (no interpolation: every value reported was measured).</summary>
public sealed record Percentiles(double P50, double P90, double P99, double Min, double Max, int Count)
{
    public static Percentiles Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("no samples", nameof(values));
        var sorted = values.Order().ToArray();
        return new Percentiles(Rank(sorted, 50), Rank(sorted, 90), Rank(sorted, 99), sorted[0], sorted[^1], sorted.Length);
    }

    private static double Rank(double[] sorted, double percentile)
    {
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
