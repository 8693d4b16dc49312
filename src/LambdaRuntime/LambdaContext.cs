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

    /// <summary>Time left before the deadline; negative once it has passed. A deadline beyond TimeSpan's range (tests
    /// and benchmarks pass long.MaxValue for "no deadline") leaves <see cref="TimeSpan.MaxValue"/>, not an overflow.</summary>
    public TimeSpan RemainingTime
    {
        get
        {
            var left = DeadlineUnixMs - Clock.GetUtcNow().ToUnixTimeMilliseconds();
            return left >= LongestMilliseconds ? TimeSpan.MaxValue : TimeSpan.FromMilliseconds(left);
        }
    }

    private const long LongestMilliseconds = long.MaxValue / TimeSpan.TicksPerMillisecond;
}
