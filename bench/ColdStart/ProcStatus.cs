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

    /// <summary>
    /// CPU time the process has used so far, in ms: the sum of each thread's time on a CPU (/proc/&lt;pid&gt;/task/*/schedstat,
    /// nanoseconds; /proc/&lt;pid&gt;/stat counts in 10 ms ticks, too coarse for a 20 ms cold start). Threads that have
    /// already exited are not counted; null when the process is gone or this is not Linux.
    /// </summary>
    public static double? CpuMilliseconds(int pid)
    {
        try
        {
            long nanoseconds = 0;
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                string text;
                try { text = File.ReadAllText(Path.Combine(task, "schedstat")); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; } // the thread just exited
                var first = text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal));
                nanoseconds += long.Parse(first, NumberStyles.Integer, CultureInfo.InvariantCulture);
            }
            return nanoseconds / 1e6;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
