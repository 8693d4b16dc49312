namespace Tracking.LocalStack.Faults;

public enum FaultKind
{
    /// <summary>Wait, then forward: a slow DynamoDB (the call applies even if the caller has given up meanwhile).</summary>
    Delay,

    /// <summary>Wait, then forward only if the caller is still there: a call that never reached DynamoDB because its
    /// sender died (a process killed between two writes).</summary>
    Hold,

    /// <summary>Forward (the call applies), then hold the response back for a while before sending it: a response
    /// slower than the caller's timeout.</summary>
    Withhold,

    /// <summary>Forward (the call applies), then close the connection without a response: a lost response.</summary>
    Drop,

    /// <summary>Answer with one of DynamoDB's own error bodies without forwarding: the call does not apply.</summary>
    Error,

    /// <summary>Close the connection without forwarding: the call does not apply and the caller sees a reset.</summary>
    Reset,
}

/// <summary>One fault the proxy can inject. Error bodies are DynamoDB's JSON 1.0 protocol errors, as the SDK parses them.</summary>
public sealed record Fault(FaultKind Kind, TimeSpan Duration = default, int Status = 0, string? ErrorType = null, string? Message = null)
{
    private const string Prefix = "com.amazonaws.dynamodb.v20120810#";

    public static Fault Delay(TimeSpan by) => new(FaultKind.Delay, by);

    public static Fault Withhold(TimeSpan hold) => new(FaultKind.Withhold, hold);

    public static Fault Hold(TimeSpan hold) => new(FaultKind.Hold, hold);

    public static readonly Fault Drop = new(FaultKind.Drop);

    public static readonly Fault Reset = new(FaultKind.Reset);

    public static readonly Fault Throttling = new(FaultKind.Error, Status: 400, ErrorType: Prefix + "ThrottlingException",
        Message: "Rate of requests exceeds the allowed throughput.");

    public static readonly Fault ProvisionedThroughputExceeded = new(FaultKind.Error, Status: 400, ErrorType: Prefix + "ProvisionedThroughputExceededException",
        Message: "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.");

    public static readonly Fault InternalServerError = new(FaultKind.Error, Status: 500, ErrorType: Prefix + "InternalServerError",
        Message: "Internal server error");

    public static readonly Fault ServiceUnavailable = new(FaultKind.Error, Status: 503, ErrorType: Prefix + "ServiceUnavailable",
        Message: "Service unavailable");

    public override string ToString() => Kind switch
    {
        FaultKind.Error => ErrorType![(ErrorType!.IndexOf('#', StringComparison.Ordinal) + 1)..] + " " + Status,
        FaultKind.Delay or FaultKind.Withhold or FaultKind.Hold => $"{Kind} {Duration.TotalSeconds:0.#} s",
        _ => Kind.ToString(),
    };
}

/// <summary>
/// When a fault applies: calls of one operation (the X-Amz-Target suffix: PutItem, UpdateItem, GetItem, Query; null
/// for any), counted from 1 per operation since the rule was added, from call <see cref="FromCall"/> for
/// <see cref="Times"/> calls.
/// </summary>
public sealed class FaultRule(string? operation, Fault fault, int fromCall = 1, int times = 1)
{
    private int _seen;
    private int _applied;

    public string? Operation { get; } = operation;
    public Fault Fault { get; } = fault;
    public int FromCall { get; } = fromCall;
    public int Times { get; } = times;

    /// <summary>How many calls this rule has faulted.</summary>
    public int Applied => Volatile.Read(ref _applied);

    internal bool Matches(string operation)
    {
        if (Operation is not null && Operation != operation) return false;
        var n = Interlocked.Increment(ref _seen);
        if (n < FromCall || n >= FromCall + (long)Times) return false;
        Interlocked.Increment(ref _applied);
        return true;
    }
}
