using System.Diagnostics;
using System.Text.Json;
using Tracking.Contracts.Json;
using Tracking.LocalStack.Runtime;

namespace Tracking.Bench.ColdStart;

/// <summary>
/// Cold starts then warm invocations of one target through the local stack's Runtime API emulator.
/// Cold: the event is queued before the process starts, so the first GET /next gets it at once, as on Lambda.
/// </summary>
public sealed class TargetRunner(Target target, Scenario scenario, IReadOnlyDictionary<string, string> environment, HarnessOptions options, TextWriter log)
{
    private static readonly TimeSpan InvocationTimeout = TimeSpan.FromSeconds(30);
    private readonly Queue<string> _lastOutput = new();
    private readonly List<double> _handlerMs = [];
    private volatile bool _recordHandler;

    public async Task<TargetResult> RunAsync(CancellationToken cancellationToken)
    {
        await using var host = new FunctionHost(new FunctionHostOptions
        {
            Name = $"{target.Function}-{target.Build}",
            ExecutablePath = target.ExecutablePath,
            Environment = environment,
            Timeout = InvocationTimeout,
            RestartOnExit = false,
            Output = Remember,
        });

        var ready = new List<double>(target.ColdRuns);
        var firstResponse = new List<double>(target.ColdRuns);
        var firstInvoke = new List<double>(target.ColdRuns);
        await host.StartAsync(cancellationToken);
        var instance = host.Instances[0];
        for (var run = 0; run < target.ColdRuns; run++)
        {
            if (run > 0) await instance.RestartAsync(cancellationToken);
            var startedAt = instance.ProcessStartedAt;
            // The event is queued only once the new process asks for it: a GET /next still pending from the killed
            // process could otherwise take it (the emulator answers the new process's /next with Runtime.NoResponse).
            // The harness's own reaction time is then left out: first response = start→/next + dispatch→response,
            // which is what Lambda's already-queued event would see.
            var readyAt = await instance.Ready.WaitAsync(InvocationTimeout, cancellationToken);
            var result = Check(await host.InvokeAsync(scenario.NextPayload(), cancellationToken));
            var invoke = Ms(result.DispatchedAt, result.CompletedAt);
            ready.Add(Ms(startedAt, readyAt));
            firstInvoke.Add(invoke);
            firstResponse.Add(Ms(startedAt, readyAt) + invoke);
        }
        log.WriteLine($"  {target.Function}/{target.Build}: {target.ColdRuns} cold starts, first response p50 {Percentiles.Of(firstResponse).P50:0.0} ms");

        // Warm: the last cold process keeps going, as a Lambda sandbox does between invocations.
        for (var i = 0; i < options.Warmup; i++) Check(await host.InvokeAsync(scenario.NextPayload(), cancellationToken));
        var warm = new List<double>(options.Warm);
        lock (_handlerMs) _handlerMs.Clear();
        _recordHandler = true;
        for (var i = 0; i < options.Warm; i++)
        {
            var payload = scenario.NextPayload();
            var result = Check(await host.InvokeAsync(payload, cancellationToken));
            warm.Add(Ms(result.QueuedAt, result.CompletedAt));
        }
        _recordHandler = false;
        var peakRss = instance.ProcessId is { } pid ? ProcStatus.PeakRssBytes(pid) : null;
        log.WriteLine($"  {target.Function}/{target.Build}: {options.Warm} warm invocations, p50 {Percentiles.Of(warm).P50:0.000} ms");

        return new TargetResult
        {
            Function = target.Function,
            Build = target.Build,
            Executable = target.ExecutablePath,
            Request = scenario.Describe,
            ColdRuns = target.ColdRuns,
            ColdReadyMs = Percentiles.Of(ready),
            ColdFirstResponseMs = Percentiles.Of(firstResponse),
            ColdFirstInvokeMs = Percentiles.Of(firstInvoke),
            WarmInvocations = options.Warm,
            WarmMs = Percentiles.Of(warm),
            WarmHandlerMs = HandlerPercentiles(),
            PeakRssBytes = peakRss,
            SizeBytes = target.SizeBytes,
        };
    }

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    /// <summary>A number from a failed request measures nothing: every response must be the success the scenario expects.</summary>
    private InvocationResult Check(InvocationResult result)
    {
        if (result.Status != InvocationStatus.Success) Fail($"invocation {result.Status} ({result.ErrorType}): {Text(result.Payload)}");
        var response = JsonSerializer.Deserialize(result.Payload, ContractsJsonContext.Default.ApiGatewayProxyResponse);
        if (response?.StatusCode != scenario.ExpectedStatus)
        {
            Fail($"expected HTTP {scenario.ExpectedStatus}, got {response?.StatusCode}: {Text(result.Payload)}");
        }
        return result;
    }

    private void Fail(string message)
    {
        string output;
        lock (_lastOutput) output = string.Join(Environment.NewLine, _lastOutput);
        throw new HarnessFailureException($"{target.Function}/{target.Build}: {message}{Environment.NewLine}last function output:{Environment.NewLine}{output}");
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
}

public sealed class HarnessFailureException(string message) : Exception(message);
