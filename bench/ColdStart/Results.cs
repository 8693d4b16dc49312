using System.Text.Json.Serialization;

namespace Tracking.Bench.ColdStart;

/// <summary>Everything one (function, build, transport) measured, in one run.</summary>
public sealed class TargetResult
{
    public required string Function { get; init; }
    public required string Build { get; init; }
    /// <summary>http, tls-default or tls-trimmed (<see cref="ColdStart.Transport"/>).</summary>
    public required string Transport { get; init; }
    /// <summary>What the function's process trusts: the file and directory OpenSSL loads; empty over plain HTTP.</summary>
    public required string TrustStore { get; init; }
    public required string Executable { get; init; }
    public required string Request { get; init; }
    public required int ColdRuns { get; init; }
    /// <summary>Process start → first GET /next (init done), ms.</summary>
    public required Percentiles ColdReadyMs { get; init; }
    /// <summary>Process start → the first invocation's response posted (init + first request with its DynamoDB calls), ms.</summary>
    public required Percentiles ColdFirstResponseMs { get; init; }
    /// <summary>First GET /next → first response posted: the first request's own cost in a cold process, ms.</summary>
    public required Percentiles ColdFirstInvokeMs { get; init; }
    /// <summary>CPU time of the function process (all threads) from its start to the first response, ms.</summary>
    public Percentiles? ColdCpuMs { get; init; }
    /// <summary>Every cold run in order (ready, first response, CPU), so runs can be pooled or compared later.</summary>
    public required ColdSamples ColdSamples { get; init; }
    public required int WarmInvocations { get; init; }
    /// <summary>Invocation queued → response posted, one process, sequential, ms.</summary>
    public required Percentiles WarmMs { get; init; }
    /// <summary>The function's own Latency metric (EMF line) over the same warm invocations: handler time, Runtime API excluded.</summary>
    public Percentiles? WarmHandlerMs { get; init; }
    /// <summary>VmHWM of the function process after the warm invocations.</summary>
    public long? PeakRssBytes { get; init; }
    /// <summary>AOT: the bootstrap. JIT: the publish folder (the shared framework not counted).</summary>
    public required long SizeBytes { get; init; }
}

public sealed record ColdSamples(IReadOnlyList<double> ReadyMs, IReadOnlyList<double> FirstResponseMs, IReadOnlyList<double> CpuMs);

public sealed class HarnessReport
{
    public required DateTimeOffset StartedAt { get; init; }
    public required double DurationSeconds { get; init; }
    public required string Machine { get; init; }
    public required string Mode { get; init; }
    /// <summary>/proc/loadavg before and after: other work on the machine shows in every number.</summary>
    public required string LoadAverageBefore { get; init; }
    public required string LoadAverageAfter { get; init; }
    public required List<TargetResult> Results { get; init; }
    /// <summary>"function/transport" → JIT p50 first response / AOT p50 first response.</summary>
    public required Dictionary<string, double> FirstResponseSpeedup { get; init; }
    public required string Markdown { get; init; }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HarnessReport))]
public sealed partial class HarnessJsonContext : JsonSerializerContext;
