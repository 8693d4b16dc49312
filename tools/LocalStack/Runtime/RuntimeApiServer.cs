using System.Globalization;
using System.Net;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Tracking.LambdaRuntime;
using Tracking.LocalStack.Net;

namespace Tracking.LocalStack.Runtime;

/// <summary>
/// The Runtime API endpoint of one execution environment: hands the process events from the function's queue and takes
/// back its answers. It holds the invocation in flight; the process supervisor tells it when the process is gone.
/// </summary>
internal sealed class RuntimeApiServer(FunctionHost host, FunctionHostOptions options, string label, Action nextRequested, Action<Invocation> timedOut)
    : IAsyncDisposable
{
    private static readonly byte[] Accepted = """{"status":"OK"}"""u8.ToArray();
    private static readonly byte[] InvalidRequestId = """{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}"""u8.ToArray();
    private static readonly byte[] NoResponse = """{"errorMessage":"Runtime asked for the next event without answering","errorType":"Runtime.NoResponse"}"""u8.ToArray();
    private static readonly byte[] TooLarge = """{"errorMessage":"Exceeded maximum allowed payload size (6291556 bytes).","errorType":"RequestEntityTooLarge"}"""u8.ToArray();
    private static readonly byte[] NotFound = """{"errorMessage":"Not found","errorType":"NotFound"}"""u8.ToArray();

    private WebApplication? _server;
    private volatile Invocation? _current;

    /// <summary>The /next request waiting for an event. A process asks one at a time, so a newer /next, or the
    /// process's exit, means a waiting one belongs to a dead process and must not take an event.</summary>
    private CancellationTokenSource? _pendingNext;

    /// <summary>The last /init/error document received, if any.</summary>
    public string? LastInitError { get; private set; }

    /// <summary>Listens on an ephemeral loopback port; returns host:port, the value of AWS_LAMBDA_RUNTIME_API.</summary>
    public async Task<string> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Parse(options.Host), 0);
        });
        _server = builder.Build();
        _server.Run(HandleAsync);
        await _server.StartAsync(cancellationToken);

        var address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return $"{options.Host}:{new Uri(address).Port}";
    }

    public bool IsCurrent(Invocation invocation) => _current == invocation;

    /// <summary>The process exited: a waiting /next must not take an event, and the event it was running fails.</summary>
    public void ProcessExited()
    {
        Interlocked.Exchange(ref _pendingNext, null)?.Cancel();
        _current?.TryComplete(InvocationStatus.ProcessExited, [], "Runtime.ExitError");
        _current = null;
    }

    private Task HandleAsync(HttpContext context)
    {
        var (call, requestId) = RuntimeApiRouter.Match(context.Request.Method, context.Request.Path.Value ?? "");
        return call switch
        {
            RuntimeApiCall.Next => NextAsync(context),
            RuntimeApiCall.InitError => InitErrorAsync(context),
            RuntimeApiCall.Response => CompleteAsync(context, requestId!, isError: false),
            RuntimeApiCall.Error => CompleteAsync(context, requestId!, isError: true),
            _ => HttpBodies.WriteJsonAsync(context, StatusCodes.Status404NotFound, NotFound),
        };
    }

    private async Task NextAsync(HttpContext context)
    {
        nextRequested();
        // Asking for the next event without answering the last one: Lambda fails that invocation.
        _current?.TryComplete(InvocationStatus.FunctionError, [.. NoResponse], "Runtime.NoResponse");
        _current = null;
        var invocation = await TakeEventAsync(context.RequestAborted);
        if (invocation is null) return;

        _current = invocation;
        StartTimeoutTimer(invocation);
        await DeliverAsync(context, invocation);
    }

    /// <summary>The next event for this process, or null when the process went away while waiting or the host is stopping.</summary>
    private async Task<Invocation?> TakeEventAsync(CancellationToken requestAborted)
    {
        Invocation invocation;
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        Interlocked.Exchange(ref _pendingNext, waiting)?.Cancel();
        try
        {
            do
            {
                invocation = await host.Queue.ReadAsync(waiting.Token);
            }
            while (!invocation.TryDispatch());
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            return null;
        }
        finally
        {
            Interlocked.CompareExchange(ref _pendingNext, null, waiting);
        }

        if (!waiting.IsCancellationRequested) return invocation;
        host.Requeue(invocation); // taken just as its process died: the next process gets it
        return null;
    }

    private void StartTimeoutTimer(Invocation invocation)
    {
        if (options.Timeout == Timeout.InfiniteTimeSpan) return;
        var timer = new CancellationTokenSource(options.Timeout);
        invocation.TimeoutTimer = timer;
        timer.Token.UnsafeRegister(static state =>
        {
            var (onTimeout, inv) = ((Action<Invocation>, Invocation))state!;
            if (inv.TryComplete(InvocationStatus.Timeout, [], "Sandbox.Timedout")) onTimeout(inv);
        }, (timedOut, invocation));
    }

    private async Task DeliverAsync(HttpContext context, Invocation invocation)
    {
        var deadline = DateTimeOffset.UtcNow.Add(options.Timeout == Timeout.InfiniteTimeSpan ? TimeSpan.FromDays(1) : options.Timeout).ToUnixTimeMilliseconds();
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = invocation.Payload.Length;
        var headers = response.Headers;
        headers[RuntimeApiHeaders.RequestId] = invocation.RequestId;
        headers[RuntimeApiHeaders.DeadlineMs] = deadline.ToString(CultureInfo.InvariantCulture);
        headers[RuntimeApiHeaders.InvokedFunctionArn] = options.FunctionArn;
        headers[RuntimeApiHeaders.TraceId] = invocation.TraceId;
        try
        {
            await response.Body.WriteAsync(invocation.Payload, context.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The process died mid-handoff, or closed the connection once it had the whole body (a write can fail
            // after delivery, so requeueing here could run an event twice); the supervisor settles a dead process's event.
        }
    }

    private async Task CompleteAsync(HttpContext context, string requestId, bool isError)
    {
        var invocation = _current;
        if (invocation is null || invocation.RequestId != requestId)
        {
            await HttpBodies.WriteJsonAsync(context, StatusCodes.Status400BadRequest, InvalidRequestId);
            return;
        }

        var body = await HttpBodies.ReadAsync(context.Request, FunctionHost.MaxPayloadBytes);
        _current = null;
        if (body is null)
        {
            invocation.TryComplete(InvocationStatus.ResponseTooLarge, [], "Function.ResponseSizeTooLarge");
            await HttpBodies.WriteJsonAsync(context, StatusCodes.Status413PayloadTooLarge, TooLarge);
            return;
        }

        if (isError)
        {
            var errorType = context.Request.Headers[RuntimeApiHeaders.FunctionErrorType].ToString();
            invocation.TryComplete(InvocationStatus.FunctionError, body, errorType.Length > 0 ? errorType : null);
        }
        else
        {
            invocation.TryComplete(InvocationStatus.Success, body);
        }
        await HttpBodies.WriteJsonAsync(context, StatusCodes.Status202Accepted, Accepted);
    }

    private async Task InitErrorAsync(HttpContext context)
    {
        var body = await HttpBodies.ReadAsync(context.Request, FunctionHost.MaxPayloadBytes) ?? [];
        LastInitError = Encoding.UTF8.GetString(body);
        options.Output?.Invoke(label, $"init error: {LastInitError}");
        await HttpBodies.WriteJsonAsync(context, StatusCodes.Status202Accepted, Accepted);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is null) return;
        await _server.StopAsync(CancellationToken.None);
        await _server.DisposeAsync();
    }
}
