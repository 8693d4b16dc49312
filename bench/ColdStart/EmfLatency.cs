using System.Globalization;

namespace Tracking.Bench.ColdStart;

/// <summary>Reads "Latency" from the functions' CloudWatch EMF lines, the handler's own measurement of a request.</summary>
public static class EmfLatency
{
    private const string Key = "\"Latency\":";

    public static double? TryParse(string line)
    {
        if (!line.StartsWith("{\"_aws\"", StringComparison.Ordinal)) return null;
        var at = line.LastIndexOf(Key, StringComparison.Ordinal);
        if (at < 0) return null;
        var start = at + Key.Length;
        var end = start;
        while (end < line.Length && (char.IsAsciiDigit(line[end]) || line[end] is '.' or '-' or 'e' or 'E' or '+')) end++;
        return double.TryParse(line.AsSpan(start, end - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) ? ms : null;
    }
}
