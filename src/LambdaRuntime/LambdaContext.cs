namespace Tracking.LambdaRuntime;

/// <summary>What Lambda says about the current invocation. Handler tests and benchmarks build one directly.</summary>
public sealed class LambdaContext
{
    public required string RequestId { get; init; }

    /// <summary>When Lambda stops the invocation, in Unix epoch milliseconds.</summary>
    public long DeadlineUnixMs { get; init; }

    public string? InvokedFunctionArn { get; init; }
    public string? TraceId { get; init; }
    public string? ClientContext { get; init; }
    public string? CognitoIdentity { get; init; }
    public string FunctionName { get; init; } = "";
    public string FunctionVersion { get; init; } = "";
    public int MemoryLimitMb { get; init; }

    /// <summary>The clock <see cref="RemainingTime"/> reads; replaceable so tests need no real waiting.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Time left before the deadline; negative once it has passed.</summary>
    public TimeSpan RemainingTime => TimeSpan.FromMilliseconds(DeadlineUnixMs - Clock.GetUtcNow().ToUnixTimeMilliseconds());
}
