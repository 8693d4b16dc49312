using System.Diagnostics;

namespace Tracking.LocalStack.Runtime;

/// <summary>
/// One execution environment: a function process (<see cref="ProcessSupervisor"/>) and the Runtime API endpoint only
/// it talks to (<see cref="RuntimeApiServer"/>). Events come from the owning <see cref="FunctionHost"/>'s queue.
/// </summary>
public sealed class FunctionInstance : IAsyncDisposable
{
    private readonly FunctionHostOptions _options;
    private readonly RuntimeApiServer _server;
    private readonly ProcessSupervisor _supervisor;
    private TaskCompletionSource<long> _ready = NewSignal();

    internal FunctionInstance(FunctionHost host, FunctionHostOptions options, int index)
    {
        _options = options;
        Index = index;
        Label = options.Instances > 1 ? $"{options.Name}#{index + 1}" : options.Name;
        _server = new RuntimeApiServer(host, options, Label, nextRequested: OnNextRequested, timedOut: KillForTimeout);
        _supervisor = new ProcessSupervisor(options, Label, () => FunctionProcessStart.Build(options, RuntimeApi), OnProcessStarting, _server.ProcessExited);
    }

    public int Index { get; }

    public string Label { get; }

    /// <summary>host:port, the value of AWS_LAMBDA_RUNTIME_API for this instance.</summary>
    public string RuntimeApi { get; private set; } = "";

    public int? ProcessId => _supervisor.ProcessId;

    /// <summary>Stopwatch timestamp taken just before the current process was started.</summary>
    public long ProcessStartedAt { get; private set; }

    /// <summary>Completes with the Stopwatch timestamp of the current process's first GET /next (init done).</summary>
    public Task<long> Ready => Volatile.Read(ref _ready).Task;

    /// <summary>Processes started after the first (crashes, timeouts, RestartAsync).</summary>
    public int Restarts => _supervisor.Restarts;

    /// <summary>The last /init/error document this instance received, if any.</summary>
    public string? LastInitError => _server.LastInitError;

    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        RuntimeApi = await _server.StartAsync(cancellationToken);
        await _supervisor.StartAsync(cancellationToken);
    }

    /// <summary>Kills the process and starts a fresh one (a cold start); returns once it is started, not ready.</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) => _supervisor.RestartAsync(cancellationToken);

    private void KillForTimeout(Invocation invocation)
    {
        if (!_server.IsCurrent(invocation)) return;
        _options.Output?.Invoke(Label, $"Task timed out after {_options.Timeout.TotalSeconds:0.00} seconds (request {invocation.RequestId}); restarting");
        _supervisor.Kill(intentional: true);
    }

    private void OnProcessStarting()
    {
        Volatile.Write(ref _ready, NewSignal());
        ProcessStartedAt = Stopwatch.GetTimestamp();
    }

    private void OnNextRequested() => Volatile.Read(ref _ready).TrySetResult(Stopwatch.GetTimestamp());

    private static TaskCompletionSource<long> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync()
    {
        await _supervisor.DisposeAsync();
        await _server.DisposeAsync();
    }
}
