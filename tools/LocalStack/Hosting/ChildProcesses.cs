using System.Collections.Concurrent;
using System.Diagnostics;

namespace Tracking.LocalStack.Hosting;

/// <summary>
/// Every process this tool starts, so that any way out of it (Ctrl-C, SIGTERM, an unhandled exception) kills them:
/// the local stack must never leave a dynalite or a function behind.
/// </summary>
public static class ChildProcesses
{
    private static readonly ConcurrentDictionary<int, Process> Running = new();
    private static int _hooked;

    public static void Track(Process process)
    {
        HookProcessExit();
        Running[process.Id] = process;
    }

    public static void Untrack(Process process)
    {
        try { Running.TryRemove(process.Id, out _); }
        catch (InvalidOperationException) { /* never started */ }
    }

    public static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { /* already gone */ }
        catch (System.ComponentModel.Win32Exception) { /* already gone */ }
    }

    public static void KillAll()
    {
        foreach (var process in Running.Values) Kill(process);
    }

    private static void HookProcessExit()
    {
        if (Interlocked.Exchange(ref _hooked, 1) == 1) return;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => KillAll();
    }
}
