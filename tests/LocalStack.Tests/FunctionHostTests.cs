using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Tracking.LocalStack.Runtime;
using Tracking.LocalStack.Tests.Support;

namespace Tracking.LocalStack.Tests;

public sealed class FunctionHostTests
{
    private static byte[] Event(string behaviour) => Encoding.UTF8.GetBytes($$"""{"behaviour":"{{behaviour}}","n":42}""");

    /// <summary>The fake's echo: {"pid", "event", "env", "runtime"} inside a proxy response body.</summary>
    private static JsonElement Echo(InvocationResult result)
    {
        using var response = JsonDocument.Parse(result.Payload);
        return JsonDocument.Parse(response.RootElement.GetProperty("body").GetString()!).RootElement.Clone();
    }

    [Fact]
    public async Task InvocationDeliversThePayloadAndReturnsTheFunctionsResponse()
    {
        await using var host = await FakeFunction.StartAsync(FakeFunction.Options());

        var result = await host.InvokeAsync(Event("echo"));

        Assert.Equal(InvocationStatus.Success, result.Status);
        Assert.False(result.IsError);
        Assert.Equal(42, Echo(result).GetProperty("event").GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task FunctionReceivesRequestIdDeadlineArnAndTraceHeaders()
    {
        var options = FakeFunction.Options();
        await using var host = await FakeFunction.StartAsync(options);

        var result = await host.InvokeAsync(Event("echo"), "Root=1-abc;Sampled=0");

        var runtime = Echo(result).GetProperty("runtime");
        Assert.Equal(result.RequestId, runtime.GetProperty("requestId").GetString());
        Assert.Equal(options.FunctionArn, runtime.GetProperty("functionArn").GetString());
        Assert.Equal("Root=1-abc;Sampled=0", runtime.GetProperty("traceId").GetString());
        var deadline = long.Parse(runtime.GetProperty("deadlineMs").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(deadline, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.AddSeconds(11).ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task FunctionGetsItsEnvironmentAndItsOwnRuntimeApiAddress()
    {
        var options = FakeFunction.Options(environment: new() { ["FAKE_MARKER"] = "marker-value", ["AWS_LAMBDA_FUNCTION_NAME"] = "fn" });
        await using var host = await FakeFunction.StartAsync(options);

        var env = Echo(await host.InvokeAsync(Event("echo"))).GetProperty("env");

        Assert.Equal("marker-value", env.GetProperty("FAKE_MARKER").GetString());
        Assert.Equal(host.Instances[0].RuntimeApi, env.GetProperty("AWS_LAMBDA_RUNTIME_API").GetString());
    }

    [Fact]
    public async Task PostedErrorIsReportedAsFunctionError()
    {
        await using var host = await FakeFunction.StartAsync(FakeFunction.Options());

        var result = await host.InvokeAsync(Event("error"));

        Assert.Equal(InvocationStatus.FunctionError, result.Status);
        Assert.Equal("FakeError", result.ErrorType);
        Assert.Contains("boom", Encoding.UTF8.GetString(result.Payload), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvocationPastTheTimeoutTimesOutAndTheProcessIsReplaced()
    {
        await using var host = await FakeFunction.StartAsync(FakeFunction.Options(timeout: TimeSpan.FromSeconds(1)));
        var firstPid = host.Instances[0].ProcessId;

        var timedOut = await host.InvokeAsync(Event("hang"));
        var next = await host.InvokeAsync(Event("echo"));

        Assert.Equal(InvocationStatus.Timeout, timedOut.Status);
        Assert.Equal(InvocationStatus.Success, next.Status);
        Assert.NotEqual(firstPid, Echo(next).GetProperty("pid").GetInt32());
        Assert.Equal(1, host.Instances[0].Restarts);
    }

    [Fact]
    public async Task CrashedProcessFailsItsInvocationAndIsRestarted()
    {
        await using var host = await FakeFunction.StartAsync(FakeFunction.Options());
        var firstPid = host.Instances[0].ProcessId;

        var crashed = await host.InvokeAsync(Event("crash"));
        var next = await host.InvokeAsync(Event("echo"));

        Assert.Equal(InvocationStatus.ProcessExited, crashed.Status);
        Assert.Equal(InvocationStatus.Success, next.Status);
        Assert.NotEqual(firstPid, Echo(next).GetProperty("pid").GetInt32());
    }

    [Fact]
    public async Task ReadyCompletesWhenTheProcessAsksForItsFirstEvent()
    {
        await using var host = new FunctionHost(FakeFunction.Options());
        await host.StartAsync();
        var instance = host.Instances[0];

        var readyAt = await instance.Ready.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(readyAt > instance.ProcessStartedAt);
    }

    [Fact]
    public async Task RestartStartsAFreshProcessThatBecomesReadyAgain()
    {
        await using var host = await FakeFunction.StartAsync(FakeFunction.Options());
        var instance = host.Instances[0];
        var firstPid = instance.ProcessId;

        await instance.RestartAsync();
        await instance.Ready.WaitAsync(TimeSpan.FromSeconds(30));
        var result = await host.InvokeAsync(Event("echo"));

        Assert.NotEqual(firstPid, instance.ProcessId);
        Assert.Equal(instance.ProcessId, Echo(result).GetProperty("pid").GetInt32());
    }

    [Fact]
    public async Task EventSentRightAfterARestartReachesTheNewProcess()
    {
        await using var host = await FakeFunction.StartAsync(FakeFunction.Options());
        var instance = host.Instances[0];
        var results = new List<(InvocationStatus Status, int? Pid, int? EchoPid)>();

        for (var i = 0; i < 5; i++)
        {
            await instance.RestartAsync();
            var result = await host.InvokeAsync(Event("echo"));
            results.Add((result.Status, instance.ProcessId, result.Status == InvocationStatus.Success ? Echo(result).GetProperty("pid").GetInt32() : null));
        }

        Assert.All(results, r => Assert.Equal(InvocationStatus.Success, r.Status));
        Assert.All(results, r => Assert.Equal(r.Pid, r.EchoPid));
    }

    [Fact]
    public async Task InvocationTimestampsAreOrdered()
    {
        await using var host = await FakeFunction.StartAsync(FakeFunction.Options());

        var result = await host.InvokeAsync(Event("echo"));

        Assert.True(result.QueuedAt <= result.DispatchedAt);
        Assert.True(result.DispatchedAt <= result.CompletedAt);
        Assert.True(result.CompletedAt <= Stopwatch.GetTimestamp());
    }

    [Fact]
    public async Task InvocationsQueueWhileTheOnlyInstanceIsBusy()
    {
        await using var host = await FakeFunction.StartAsync(FakeFunction.Options());

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => host.InvokeAsync(Event("echo"))));

        Assert.All(results, r => Assert.Equal(InvocationStatus.Success, r.Status));
        Assert.Equal(5, results.Select(r => r.RequestId).Distinct().Count());
    }

    [Fact]
    public async Task EachInstanceRunsItsOwnProcessOnItsOwnPort()
    {
        await using var host = await FakeFunction.StartAsync(FakeFunction.Options(instances: 2));

        Assert.Equal(2, host.Instances.Count);
        Assert.NotEqual(host.Instances[0].RuntimeApi, host.Instances[1].RuntimeApi);
        Assert.NotEqual(host.Instances[0].ProcessId, host.Instances[1].ProcessId);
    }

    [Fact]
    public async Task PayloadOverSixMegabytesNeverReachesTheFunction()
    {
        await using var host = await FakeFunction.StartAsync(FakeFunction.Options());

        var result = await host.InvokeAsync(new byte[FunctionHost.MaxPayloadBytes + 1]);

        Assert.Equal(InvocationStatus.RequestTooLarge, result.Status);
        Assert.Equal(0, result.DispatchedAt);
    }

    [Fact]
    public async Task InitErrorIsRecorded()
    {
        var options = FakeFunction.Options(environment: new() { ["FAKE_INIT_ERROR"] = "1" }, restartOnExit: false);
        await using var host = new FunctionHost(options);
        await host.StartAsync();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (host.Instances[0].LastInitError is null && DateTime.UtcNow < deadline) await Task.Delay(20);

        Assert.Contains("FakeInitError", host.Instances[0].LastInitError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposingTheHostKillsItsProcesses()
    {
        var host = await FakeFunction.StartAsync(FakeFunction.Options());
        var process = Process.GetProcessById(host.Instances[0].ProcessId!.Value);

        await host.DisposeAsync();

        Assert.True(process.WaitForExit(5000));
    }
}
