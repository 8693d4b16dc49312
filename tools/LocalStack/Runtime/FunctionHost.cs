using System.Threading.Channels;

namespace Tracking.LocalStack.Runtime;

/// <summary>
/// A Lambda function run locally: N instances of a real executable, each with its own Runtime API endpoint,
/// pulling events from one queue (so invocations wait when every instance is busy, as with reserved concurrency).
/// </summary>
public sealed class FunctionHost : IAsyncDisposable
{
    private readonly Channel<Invocation> _queue = Channel.CreateUnbounded<Invocation>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = false });
    private readonly List<FunctionInstance> _instances = [];

    /// <summary>Lambda's limit for a synchronous invocation's payload, request and response alike.</summary>
    public const int MaxPayloadBytes = 6 * 1024 * 1024;

    public FunctionHost(FunctionHostOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Instances, 1);
        Options = options;
    }

    public FunctionHostOptions Options { get; }

    public string Name => Options.Name;

    public IReadOnlyList<FunctionInstance> Instances => _instances;

    internal ChannelReader<Invocation> Queue => _queue.Reader;

    /// <summary>Puts back an event that was taken for a process that died before receiving it.</summary>
    internal void Requeue(Invocation invocation)
    {
        if (invocation.TryReturnToQueue() && !_queue.Writer.TryWrite(invocation))
        {
            invocation.TryComplete(InvocationStatus.ProcessExited, [], "Runtime.ExitError");
        }
    }

    /// <summary>Starts every instance's Runtime API endpoint and process; does not wait for init (see <see cref="WaitReadyAsync"/>).</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < Options.Instances; i++)
        {
            var instance = new FunctionInstance(this, Options, i);
            _instances.Add(instance);
            await instance.StartAsync(cancellationToken);
        }
    }

    /// <summary>Completes when every instance has asked for its first event.</summary>
    public Task WaitReadyAsync(CancellationToken cancellationToken = default)
        => Task.WhenAll(_instances.Select(i => i.Ready)).WaitAsync(cancellationToken);

    /// <summary>Invokes the function synchronously (RequestResponse). Cancelling gives up waiting; it does not stop a running handler.</summary>
    public Task<InvocationResult> InvokeAsync(byte[] payload, CancellationToken cancellationToken = default)
        => InvokeAsync(payload, traceId: null, cancellationToken);

    public async Task<InvocationResult> InvokeAsync(byte[] payload, string? traceId, CancellationToken cancellationToken = default)
    {
        var invocation = new Invocation(Guid.NewGuid().ToString(), payload, traceId ?? NewTraceId());
        if (payload.Length > MaxPayloadBytes)
        {
            invocation.TryComplete(InvocationStatus.RequestTooLarge, [], "RequestEntityTooLargeException");
            return await invocation.Completion;
        }

        using var registration = cancellationToken.Register(static (state, token) => ((Invocation)state!).Abandon(token), invocation);
        if (!_queue.Writer.TryWrite(invocation)) invocation.TryComplete(InvocationStatus.ProcessExited, [], "Runtime.Stopped");
        return await invocation.Completion;
    }

    /// <summary>An X-Ray style trace header, as Lambda passes in Lambda-Runtime-Trace-Id.</summary>
    public static string NewTraceId()
    {
        var epoch = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        var random = Guid.NewGuid().ToString("N")[..24];
        return $"Root=1-{epoch}-{random};Parent={Guid.NewGuid().ToString("N")[..16]};Sampled=0";
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_instances.Select(i => i.DisposeAsync().AsTask()));
        while (_queue.Reader.TryRead(out var pending)) pending.TryComplete(InvocationStatus.ProcessExited, [], "Runtime.Stopped");
    }
}
