using System.ComponentModel;
using System.Diagnostics;
using Tracking.LocalStack.Hosting;

namespace Tracking.LocalStack.Runtime;

/// <summary>
/// Runs a function's process and keeps it running: restarts it after a crash (with backoff) or an intentional kill
/// (timeout, <see cref="RestartAsync"/>), forwards its output, and reports each start and exit to the instance.
/// </summary>
internal sealed class ProcessSupervisor(FunctionHostOptions options, string label, Func<ProcessStartInfo> startInfo, Action starting, Action exited)
    : IAsyncDisposable
{
    private static readonly TimeSpan CrashBackoffMin = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan CrashBackoffMax = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;
    private Process? _process;
    private volatile bool _intentionalKill;
    private TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _restarts;

    public int? ProcessId { get; private set; }

    /// <summary>Processes started after the first (crashes, timeouts, restarts).</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>Starts the first process; returns once it is started (not ready).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(SuperviseAsync, CancellationToken.None);
        return _started.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Kills the process and starts a fresh one; returns once it is started, not ready.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _started, next);
        Kill(intentional: true);
        await next.Task.WaitAsync(cancellationToken);
    }

    public void Kill(bool intentional)
    {
        _intentionalKill = intentional;
        if (_process is { } p) ChildProcesses.Kill(p);
    }

    private async Task SuperviseAsync()
    {
        var backoff = CrashBackoffMin;
        var first = true;
        while (!_stopping.IsCancellationRequested)
        {
            Process running;
            try
            {
                running = StartProcess(first);
            }
            catch (Exception e) when (e is Win32Exception or InvalidOperationException)
            {
                options.Output?.Invoke(label, $"cannot start {options.ExecutablePath}: {e.Message}");
                Volatile.Read(ref _started).TrySetException(e);
                return;
            }
            first = false;
            var startedAt = Stopwatch.GetTimestamp();
            await running.WaitForExitAsync(CancellationToken.None);
            var ranFor = Stopwatch.GetElapsedTime(startedAt);
            var exitCode = Settle(running);

            if (_stopping.IsCancellationRequested) return;
            var wasIntentional = _intentionalKill;
            _intentionalKill = false;
            if (wasIntentional) continue;

            // A function that dies at once every time must not spin the machine. Waiting first also keeps
            // Ctrl-C quiet: the terminal signals the children and us at the same moment.
            backoff = ranFor > TimeSpan.FromSeconds(2) ? CrashBackoffMin : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, CrashBackoffMax.Ticks));
            try { await Task.Delay(backoff, _stopping.Token); }
            catch (OperationCanceledException) { return; }
            options.Output?.Invoke(label, $"process exited with code {exitCode}; restarting");
            if (!options.RestartOnExit) return;
        }
    }

    private Process StartProcess(bool first)
    {
        var start = startInfo();
        starting();
        var p = new Process { StartInfo = start };
        var sink = options.Output;
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) sink?.Invoke(label, e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) sink?.Invoke(label, e.Data); };
        p.Start();
        ChildProcesses.Track(p);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _process = p;
        ProcessId = p.Id;
        if (!first) Interlocked.Increment(ref _restarts);
        Volatile.Read(ref _started).TrySetResult();
        return p;
    }

    /// <summary>Tells the instance the process is gone, then releases it; returns its exit code.</summary>
    private int Settle(Process exitedProcess)
    {
        exited();
        ChildProcesses.Untrack(exitedProcess);
        var exitCode = exitedProcess.ExitCode;
        exitedProcess.Dispose();
        _process = null;
        ProcessId = null;
        return exitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Kill(intentional: true);
        if (_loop is not null)
        {
            try { await _loop.WaitAsync(TimeSpan.FromSeconds(5)); }
            catch (TimeoutException) { }
        }
        _stopping.Dispose();
    }
}
