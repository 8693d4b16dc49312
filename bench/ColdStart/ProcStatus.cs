using System.Globalization;

namespace Tracking.Bench.ColdStart;

/// <summary>Linux /proc/&lt;pid&gt;/status: the kernel's own memory accounting of a process.</summary>
public static class ProcStatus
{
    /// <summary>VmHWM, peak resident set size, in bytes; null when the process is gone or this is not Linux.</summary>
    public static long? PeakRssBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                var kb = line["VmHWM:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return long.Parse(kb, NumberStyles.Integer, CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }
}
