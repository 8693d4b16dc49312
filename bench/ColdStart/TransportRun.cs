using System.Diagnostics;
using System.Text.Json;
using Tracking.Contracts.Json;
using Tracking.LocalStack.Runtime;

namespace Tracking.Bench.ColdStart;

/// <summary>
/// One target (function × build) over one transport: its own Runtime API emulator and process, cold starts on demand
/// (the runner interleaves them with the other transports'), then warm invocations in the last cold process.
/// </summary>
public sealed class TransportRun(Target target, Transport transport, IReadOnlyDictionary<string, string> environment, HarnessOptions options, TextWriter log)
    : IAsyncDisposable
{
    private static readonly TimeSpan InvocationTimeout = TimeSpan.FromSeconds(30);
    private readonly Scenario _scenario = new(target.Function);
    private readonly Queue<string> _lastOutput = new();
    private readonly List<double> _handlerMs = [];
    private readonly List<double> _ready = [];
    private readonly List<double> _firstResponse = [];
    private readonly List<double> _firstInvoke = [];
    private readonly List<double> _cpu = [];
    private FunctionHost? _host;
    private volatile bool _recordHandler;

    public string Label => $"{target.Function}/{target.Build}/{transport.Name}";

    /// <summary>One fresh process: start → first GET /next (ready), + the first invocation (first response), and its CPU time by then.</summary>
    public async Task ColdStartAsync(CancellationToken cancellationToken)
    {
        var handshakesBefore = transport.Handshakes?.Invoke();
        if (_host is null)
        {
            _host = new FunctionHost(new FunctionHostOptions
            {
                Name = $"{target.Function}-{target.Build}-{transport.Name}",
                ExecutablePath = target.ExecutablePath,
                Environment = environment,
                Timeout = InvocationTimeout,
                RestartOnExit = false,
                Output = Remember,
            });
            await _host.StartAsync(cancellationToken);
        }
        else
        {
            await _host.Instances[0].RestartAsync(cancellationToken);
        }
        var instance = _host.Instances[0];
        var startedAt = instance.ProcessStartedAt;
        // The event is queued only once the new process asks for it: a GET /next still pending from the killed
        // process could otherwise take it (the emulator answers the new process's /next with Runtime.NoResponse).
        // The harness's own reaction time is then left out: first response = start→/next + dispatch→response,
        // which is what Lambda's already-queued event would see.
        var readyAt = await instance.Ready.WaitAsync(InvocationTimeout, cancellationToken);
        var result = Check(await _host.InvokeAsync(_scenario.NextPayload(), cancellationToken));
        var cpu = instance.ProcessId is { } pid ? ProcStatus.CpuMilliseconds(pid) : null;
        var invoke = Ms(result.DispatchedAt, result.CompletedAt);
        _ready.Add(Ms(startedAt, readyAt));
        _firstInvoke.Add(invoke);
        _firstResponse.Add(Ms(startedAt, readyAt) + invoke);
        if (cpu is { } ms) _cpu.Add(ms);
        if (transport.Handshakes is { } handshakes && handshakes() <= handshakesBefore)
        {
            Fail("answered without a TLS handshake at the proxy: DYNAMODB_ENDPOINT did not reach the function");
        }
    }

    /// <summary>Warm: the last cold process keeps going, as a Lambda sandbox does between invocations.</summary>
    public async Task<TargetResult> WarmAsync(CancellationToken cancellationToken)
    {
        var host = _host ?? throw new InvalidOperationException("no cold start ran");
        log.WriteLine($"  {Label}: {_firstResponse.Count} cold starts, first response p50 {Percentiles.Of(_firstResponse).P50:0.0} ms, CPU p50 {(_cpu.Count > 0 ? Percentiles.Of(_cpu).P50 : double.NaN):0.0} ms");
        for (var i = 0; i < options.Warmup; i++) Check(await host.InvokeAsync(_scenario.NextPayload(), cancellationToken));
        var warm = new List<double>(options.Warm);
        lock (_handlerMs) _handlerMs.Clear();
        _recordHandler = true;
        for (var i = 0; i < options.Warm; i++)
        {
            var result = Check(await host.InvokeAsync(_scenario.NextPayload(), cancellationToken));
            warm.Add(Ms(result.QueuedAt, result.CompletedAt));
        }
        _recordHandler = false;
        var peakRss = host.Instances[0].ProcessId is { } pid ? ProcStatus.PeakRssBytes(pid) : null;
        log.WriteLine($"  {Label}: {options.Warm} warm invocations, p50 {Percentiles.Of(warm).P50:0.000} ms");

        return new TargetResult
        {
            Function = target.Function,
            Build = target.Build,
            Transport = transport.Name,
            TrustStore = transport.TrustStore,
            Executable = target.ExecutablePath,
            Request = _scenario.Describe,
            ColdRuns = _firstResponse.Count,
            ColdReadyMs = Percentiles.Of(_ready),
            ColdFirstResponseMs = Percentiles.Of(_firstResponse),
            ColdFirstInvokeMs = Percentiles.Of(_firstInvoke),
            ColdCpuMs = _cpu.Count > 0 ? Percentiles.Of(_cpu) : null,
            ColdSamples = new ColdSamples([.. _ready.Select(Round)], [.. _firstResponse.Select(Round)], [.. _cpu.Select(Round)]),
            WarmInvocations = options.Warm,
            WarmMs = Percentiles.Of(warm),
            WarmHandlerMs = HandlerPercentiles(),
            PeakRssBytes = peakRss,
            SizeBytes = target.SizeBytes,
        };
    }

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    private static double Round(double ms) => Math.Round(ms, 3);

    /// <summary>A number from a failed request measures nothing: every response must be the success the scenario expects.</summary>
    private InvocationResult Check(InvocationResult result)
    {
        if (result.Status != InvocationStatus.Success) Fail($"invocation {result.Status} ({result.ErrorType}): {Text(result.Payload)}");
        var response = JsonSerializer.Deserialize(result.Payload, ContractsJsonContext.Default.ApiGatewayProxyResponse);
        if (response?.StatusCode != _scenario.ExpectedStatus)
        {
            Fail($"expected HTTP {_scenario.ExpectedStatus}, got {response?.StatusCode}: {Text(result.Payload)}");
        }
        return result;
    }

    private void Fail(string message)
    {
        string output;
        lock (_lastOutput) output = string.Join(Environment.NewLine, _lastOutput);
        throw new HarnessFailureException($"{Label}: {message}{Environment.NewLine}last function output:{Environment.NewLine}{output}");
    }

    private static string Text(byte[] payload) => System.Text.Encoding.UTF8.GetString(payload.AsSpan(0, Math.Min(payload.Length, 600)));

    private Percentiles? HandlerPercentiles()
    {
        lock (_handlerMs) return _handlerMs.Count > 0 ? Percentiles.Of(_handlerMs) : null;
    }

    private void Remember(string label, string line)
    {
        if (_recordHandler && EmfLatency.TryParse(line) is { } handler)
        {
            lock (_handlerMs) _handlerMs.Add(handler);
        }
        lock (_lastOutput)
        {
            _lastOutput.Enqueue(line);
            while (_lastOutput.Count > 20) _lastOutput.Dequeue();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}

public sealed class HarnessFailureException(string message) : Exception(message);
