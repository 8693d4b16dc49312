using Tracking.LambdaRuntime;

namespace Tracking.Functions.Resilience;

/// <summary>
/// The time one invocation may spend on storage: from now until the Lambda deadline, less a reserve for what must
/// happen after storage gives up (a 503 or a fallback such as an enqueue, the proxy response, the EMF line). Its
/// <see cref="Token"/> is what every storage call is given, so the SDK's timeouts and retries end when the budget
/// does, and the answer is a 503 with Retry-After instead of a Lambda timeout (which API Gateway turns into a 504
/// with no metric line). One instance per function, reset per invocation: no allocation on the warm path.
/// </summary>
public sealed class InvocationBudget : IDisposable
{
    /// <summary>Kept back from the deadline: the response, the metric line, and one short fallback call.</summary>
    public static readonly TimeSpan Reserve = TimeSpan.FromMilliseconds(700);

    /// <summary>API Gateway stops waiting after 29 s; without a deadline (tests, tools) nothing waits longer than this.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(28);

    private readonly TimeProvider _clock;
    private CancellationTokenSource _source;
    private CancellationTokenRegistration _runtime;
    private long _started;
    private TimeSpan _length;

    public InvocationBudget(TimeProvider clock)
    {
        _clock = clock;
        _source = new CancellationTokenSource(Timeout.InfiniteTimeSpan, clock);
    }

    /// <summary>Cancelled when the budget is spent or the runtime shuts down.</summary>
    public CancellationToken Token => _source.Token;

    public bool IsSpent => _source.IsCancellationRequested;

    /// <summary>Storage time left; zero once spent.</summary>
    public TimeSpan Remaining => IsSpent ? TimeSpan.Zero : Max(TimeSpan.Zero, _length - _clock.GetElapsedTime(_started));

    /// <summary>Starts the budget of one invocation; <paramref name="runtime"/> is the runtime's shutdown token.</summary>
    public void Start(LambdaContext context, CancellationToken runtime)
    {
        _runtime.Dispose();
        if (!_source.TryReset())
        {
            _source.Dispose();
            _source = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _clock);
        }
        _started = _clock.GetTimestamp();
        var untilDeadline = context.DeadlineUnixMs > 0 ? context.RemainingTime - Reserve : Longest;
        _length = Max(TimeSpan.Zero, untilDeadline < Longest ? untilDeadline : Longest);
        if (_length == TimeSpan.Zero) _source.Cancel();
        else _source.CancelAfter(_length);
        _runtime = runtime.CanBeCanceled ? runtime.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _source) : default;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public void Dispose()
    {
        _runtime.Dispose();
        _source.Dispose();
    }
}
