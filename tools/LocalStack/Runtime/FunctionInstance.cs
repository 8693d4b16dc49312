using System.Diagnostics;
using System.Net;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Tracking.Contracts.Configuration;
using Tracking.LocalStack.Hosting;

namespace Tracking.LocalStack.Runtime;

/// <summary>
/// One execution environment: a function process and the Runtime API endpoint only it talks to.
/// Events come from the owning <see cref="FunctionHost"/>'s queue.
/// </summary>
public sealed class FunctionInstance : IAsyncDisposable
{
    private static readonly byte[] Accepted = """{"status":"OK"}"""u8.ToArray();
    private static readonly TimeSpan CrashBackoffMin = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan CrashBackoffMax = TimeSpan.FromSeconds(5);

    private readonly FunctionHost _host;
    private readonly FunctionHostOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _server;
    private Process? _process;
    private Task? _supervisor;
    private volatile Invocation? _current;

    /// <summary>The /next request waiting for an event. A process asks one at a time, so a newer /next, or the
    /// process's exit, means a waiting one belongs to a dead process and must not take an event.</summary>
    private CancellationTokenSource? _pendingNext;
    private volatile bool _intentionalKill;
    private TaskCompletionSource<long> _ready = NewSignal();
    private TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _restarts;

    internal FunctionInstance(FunctionHost host, FunctionHostOptions options, int index)
    {
        _host = host;
        _options = options;
        Index = index;
        Label = options.Instances > 1 ? $"{options.Name}#{index + 1}" : options.Name;
    }

    public int Index { get; }

    public string Label { get; }

    /// <summary>host:port, the value of AWS_LAMBDA_RUNTIME_API for this instance.</summary>
    public string RuntimeApi { get; private set; } = "";

    public int? ProcessId { get; private set; }

    /// <summary>Stopwatch timestamp taken just before the current process was started.</summary>
    public long ProcessStartedAt { get; private set; }

    /// <summary>Completes with the Stopwatch timestamp of the current process's first GET /next (init done).</summary>
    public Task<long> Ready => Volatile.Read(ref _ready).Task;

    /// <summary>Processes started after the first (crashes, timeouts, RestartAsync).</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>The last /init/error document this instance received, if any.</summary>
    public string? LastInitError { get; private set; }

    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Parse(_options.Host), 0);
        });
        _server = builder.Build();
        _server.Run(HandleAsync);
        await _server.StartAsync(cancellationToken);

        var address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        RuntimeApi = $"{_options.Host}:{new Uri(address).Port}";
        _supervisor = Task.Run(SuperviseAsync, CancellationToken.None);
        await _started.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Kills the process and starts a fresh one (a cold start); returns once it is started, not ready.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _started, next);
        Kill(intentional: true);
        await next.Task.WaitAsync(cancellationToken);
    }

    internal void KillForTimeout(Invocation invocation)
    {
        if (_current != invocation) return;
        _options.Output?.Invoke(Label, $"Task timed out after {_options.Timeout.TotalSeconds:0.00} seconds (request {invocation.RequestId}); restarting");
        Kill(intentional: true);
    }

    private void Kill(bool intentional)
    {
        _intentionalKill = intentional;
        if (_process is { } p) ChildProcesses.Kill(p);
    }

    private async Task SuperviseAsync()
    {
        var backoff = CrashBackoffMin;
        var first = true;
        while (!_stopping.IsCancellationRequested)
        {
            Process running;
            try
            {
                running = StartProcess(first);
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                _options.Output?.Invoke(Label, $"cannot start {_options.ExecutablePath}: {e.Message}");
                Volatile.Read(ref _started).TrySetException(e);
                return;
            }
            first = false;
            var startedAt = Stopwatch.GetTimestamp();
            await running.WaitForExitAsync(CancellationToken.None);
            var ranFor = Stopwatch.GetElapsedTime(startedAt);

            Interlocked.Exchange(ref _pendingNext, null)?.Cancel();
            _current?.TryComplete(InvocationStatus.ProcessExited, [], "Runtime.ExitError");
            _current = null;
            ChildProcesses.Untrack(running);
            var exitCode = running.ExitCode;
            running.Dispose();
            _process = null;
            ProcessId = null;

            if (_stopping.IsCancellationRequested) return;
            var wasIntentional = _intentionalKill;
            _intentionalKill = false;
            if (wasIntentional) continue;

            // A function that dies at once every time must not spin the machine. Waiting first also keeps
            // Ctrl-C quiet: the terminal signals the children and us at the same moment.
            backoff = ranFor > TimeSpan.FromSeconds(2) ? CrashBackoffMin : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, CrashBackoffMax.Ticks));
            try { await Task.Delay(backoff, _stopping.Token); }
            catch (OperationCanceledException) { return; }
            _options.Output?.Invoke(Label, $"process exited with code {exitCode}; restarting");
            if (!_options.RestartOnExit) return;
        }
    }

    private Process StartProcess(bool first)
    {
        var start = BuildStartInfo();
        Volatile.Write(ref _ready, NewSignal());
        ProcessStartedAt = Stopwatch.GetTimestamp();
        var p = new Process { StartInfo = start };
        var label = Label;
        var sink = _options.Output;
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) sink?.Invoke(label, e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) sink?.Invoke(label, e.Data); };
        p.Start();
        ChildProcesses.Track(p);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _process = p;
        ProcessId = p.Id;
        if (!first) Interlocked.Increment(ref _restarts);
        Volatile.Read(ref _started).TrySetResult();
        return p;
    }

    private ProcessStartInfo BuildStartInfo()
    {
        var command = new List<string>(_options.Launcher);
        var executable = Path.GetFullPath(_options.ExecutablePath);
        if (executable.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) command.Add("dotnet");
        command.Add(executable);

        var start = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            WorkingDirectory = Path.GetDirectoryName(executable)!,
        };
        foreach (var arg in command.Skip(1)) start.ArgumentList.Add(arg);

        // Lambda hands the runtime a small, known environment, not the developer's shell: keep only what a process needs to start.
        var inherited = start.Environment.Where(kv => IsInherited(kv.Key)).ToList();
        start.Environment.Clear();
        foreach (var (key, value) in inherited) start.Environment[key] = value;
        start.Environment["TZ"] = ":UTC";
        start.Environment["LAMBDA_TASK_ROOT"] = start.WorkingDirectory;
        start.Environment["_HANDLER"] = "bootstrap";
        foreach (var (key, value) in _options.Environment) start.Environment[key] = value;
        start.Environment[EnvironmentVariables.RuntimeApi] = RuntimeApi;
        return start;
    }

    private static bool IsInherited(string name)
        => name is "PATH" or "HOME" or "LANG" or "TMPDIR" or "LD_LIBRARY_PATH" or "SSL_CERT_FILE" or "SSL_CERT_DIR"
            || name.StartsWith("DOTNET_", StringComparison.Ordinal)
            || name.StartsWith("QEMU_", StringComparison.Ordinal);

    private Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith(RuntimeApiProtocol.Prefix, StringComparison.Ordinal)) return NotFoundAsync(context);
        var rest = path.AsSpan(RuntimeApiProtocol.Prefix.Length);

        if (rest.SequenceEqual(RuntimeApiProtocol.NextPath) && HttpMethods.IsGet(context.Request.Method)) return NextAsync(context);
        if (!HttpMethods.IsPost(context.Request.Method)) return NotFoundAsync(context);
        if (rest.SequenceEqual(RuntimeApiProtocol.InitErrorPath)) return InitErrorAsync(context);
        if (rest.StartsWith(RuntimeApiProtocol.InvocationPrefix))
        {
            var tail = rest[RuntimeApiProtocol.InvocationPrefix.Length..];
            if (tail.EndsWith(RuntimeApiProtocol.ResponseSuffix))
                return CompleteAsync(context, tail[..^RuntimeApiProtocol.ResponseSuffix.Length].ToString(), isError: false);
            if (tail.EndsWith(RuntimeApiProtocol.ErrorSuffix))
                return CompleteAsync(context, tail[..^RuntimeApiProtocol.ErrorSuffix.Length].ToString(), isError: true);
        }
        return NotFoundAsync(context);
    }

    private async Task NextAsync(HttpContext context)
    {
        Volatile.Read(ref _ready).TrySetResult(Stopwatch.GetTimestamp());
        // Asking for the next event without answering the last one: Lambda fails that invocation.
        _current?.TryComplete(InvocationStatus.FunctionError, """{"errorMessage":"Runtime asked for the next event without answering","errorType":"Runtime.NoResponse"}"""u8.ToArray(), "Runtime.NoResponse");
        _current = null;
        Invocation invocation;
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        Interlocked.Exchange(ref _pendingNext, waiting)?.Cancel();
        try
        {
            do
            {
                invocation = await _host.Queue.ReadAsync(waiting.Token);
            }
            while (!invocation.TryDispatch());
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            return; // the process went away while waiting, or the host is stopping
        }
        finally
        {
            Interlocked.CompareExchange(ref _pendingNext, null, waiting);
        }

        if (waiting.IsCancellationRequested)
        {
            _host.Requeue(invocation); // taken just as its process died: the next process gets it
            return;
        }

        _current = invocation;
        if (_options.Timeout != Timeout.InfiniteTimeSpan)
        {
            var timer = new CancellationTokenSource(_options.Timeout);
            invocation.TimeoutTimer = timer;
            timer.Token.UnsafeRegister(static state =>
            {
                var (instance, inv) = ((FunctionInstance, Invocation))state!;
                if (inv.TryComplete(InvocationStatus.Timeout, [], "Sandbox.Timedout")) instance.KillForTimeout(inv);
            }, (this, invocation));
        }

        var deadline = DateTimeOffset.UtcNow.Add(_options.Timeout == Timeout.InfiniteTimeSpan ? TimeSpan.FromDays(1) : _options.Timeout).ToUnixTimeMilliseconds();
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = invocation.Payload.Length;
        var headers = response.Headers;
        headers[RuntimeApiProtocol.RequestIdHeader] = invocation.RequestId;
        headers[RuntimeApiProtocol.DeadlineHeader] = deadline.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers[RuntimeApiProtocol.FunctionArnHeader] = _options.FunctionArn;
        headers[RuntimeApiProtocol.TraceIdHeader] = invocation.TraceId;
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
            await WriteJsonAsync(context, StatusCodes.Status400BadRequest, """{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}"""u8.ToArray());
            return;
        }

        var body = await ReadBodyAsync(context.Request, RuntimeApiProtocol.MaxPayloadBytes);
        if (body is null)
        {
            _current = null;
            invocation.TryComplete(InvocationStatus.ResponseTooLarge, [], "Function.ResponseSizeTooLarge");
            await WriteJsonAsync(context, StatusCodes.Status413PayloadTooLarge, """{"errorMessage":"Exceeded maximum allowed payload size (6291556 bytes).","errorType":"RequestEntityTooLarge"}"""u8.ToArray());
            return;
        }

        _current = null;
        if (isError)
        {
            var errorType = context.Request.Headers[RuntimeApiProtocol.FunctionErrorTypeHeader].ToString();
            invocation.TryComplete(InvocationStatus.FunctionError, body, errorType.Length > 0 ? errorType : null);
        }
        else
        {
            invocation.TryComplete(InvocationStatus.Success, body);
        }
        await WriteJsonAsync(context, StatusCodes.Status202Accepted, Accepted);
    }

    private async Task InitErrorAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context.Request, RuntimeApiProtocol.MaxPayloadBytes) ?? [];
        LastInitError = Encoding.UTF8.GetString(body);
        _options.Output?.Invoke(Label, $"init error: {LastInitError}");
        await WriteJsonAsync(context, StatusCodes.Status202Accepted, Accepted);
    }

    /// <summary>The whole body, or null when it is longer than the limit.</summary>
    internal static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit)
    {
        if (request.ContentLength is { } declared)
        {
            if (declared > limit) return null;
            var exact = new byte[declared];
            await request.Body.ReadExactlyAsync(exact, request.HttpContext.RequestAborted);
            return exact;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static Task NotFoundAsync(HttpContext context)
        => WriteJsonAsync(context, StatusCodes.Status404NotFound, """{"errorMessage":"Not found","errorType":"NotFound"}"""u8.ToArray());

    private static Task WriteJsonAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private static TaskCompletionSource<long> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Kill(intentional: true);
        if (_supervisor is not null)
        {
            try { await _supervisor.WaitAsync(TimeSpan.FromSeconds(5)); }
            catch (TimeoutException) { }
        }
        if (_server is not null)
        {
            await _server.StopAsync(CancellationToken.None);
            await _server.DisposeAsync();
        }
        _stopping.Dispose();
    }
}
