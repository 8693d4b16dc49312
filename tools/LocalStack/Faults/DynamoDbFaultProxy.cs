using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tracking.LocalStack.Net;

namespace Tracking.LocalStack.Faults;

/// <summary>
/// An HTTP proxy between DynamoDB clients (the functions, the SDK) and dynalite that injects faults per test:
/// delays, withheld or dropped responses (the write applies, the caller never hears), DynamoDB's own error bodies,
/// connection resets. Rules match on the X-Amz-Target operation and a call count; with no rule, calls pass
/// through untouched. Every call is logged with what was done to it.
/// </summary>
public sealed class DynamoDbFaultProxy : IAsyncDisposable
{
    private const string TargetHeader = "X-Amz-Target";
    private static readonly string[] HopByHop = ["Host", "Connection", "Transfer-Encoding", "Keep-Alive", "Content-Length", "Expect"];

    private readonly HttpClient _upstream;
    private readonly Uri _target;
    private readonly ConcurrentQueue<FaultRule> _rules = new();
    private readonly ConcurrentQueue<ProxiedCall> _calls = new();
    private WebApplication? _server;

    private DynamoDbFaultProxy(Uri target)
    {
        _target = target;
        _upstream = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public Uri Endpoint { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Every call so far, in arrival order.</summary>
    public IReadOnlyList<ProxiedCall> Calls => [.. _calls];

    public static async Task<DynamoDbFaultProxy> StartAsync(string upstreamEndpoint, string host = LocalDefaults.Host)
    {
        var proxy = new DynamoDbFaultProxy(new Uri(upstreamEndpoint));
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(Ports.ResolveHost(host), 0);
        });
        proxy._server = builder.Build();
        proxy._server.Run(proxy.HandleAsync);
        await proxy._server.StartAsync();
        var address = proxy._server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        proxy.Endpoint = new Uri($"http://{host}:{new Uri(address).Port}");
        return proxy;
    }

    /// <summary>Faults calls of <paramref name="operation"/> (null: any) from its <paramref name="fromCall"/>th call on, <paramref name="times"/> times.</summary>
    public FaultRule Inject(string? operation, Fault fault, int fromCall = 1, int times = 1)
    {
        var rule = new FaultRule(operation, fault, fromCall, times);
        _rules.Enqueue(rule);
        return rule;
    }

    /// <summary>Removes every rule (calls already in flight keep theirs) and forgets the call log.</summary>
    public void Clear()
    {
        _rules.Clear();
        _calls.Clear();
    }

    public int CountOf(string operation) => _calls.Count(c => c.Operation == operation);

    private async Task HandleAsync(HttpContext context)
    {
        var target = context.Request.Headers[TargetHeader].ToString();
        var operation = target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var fault = Match(operation);
        _calls.Enqueue(new ProxiedCall(operation, fault, DateTimeOffset.UtcNow));

        switch (fault?.Kind)
        {
            case FaultKind.Reset:
                context.Abort();
                return;
            case FaultKind.Error:
                await WriteErrorAsync(context, fault);
                return;
            case FaultKind.Delay:
                await Task.Delay(fault.Duration, CancellationToken.None);
                break;
            case FaultKind.Hold:
                try
                {
                    await Task.Delay(fault.Duration, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return; // the caller died or gave up: the call never reaches DynamoDB
                }
                break;
        }

        using var response = await ForwardAsync(context.Request);
        var body = await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
        switch (fault?.Kind)
        {
            case FaultKind.Drop:
                context.Abort();
                return;
            case FaultKind.Withhold:
                await Task.Delay(fault.Duration, CancellationToken.None);
                break;
        }

        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(header.Key, StringComparer.OrdinalIgnoreCase)) context.Response.Headers[header.Key] = header.Value.ToArray();
        }
        try
        {
            await context.Response.Body.WriteAsync(body, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The caller gave up while the response was withheld: exactly the situation being simulated.
        }
    }

    private Fault? Match(string operation)
    {
        foreach (var rule in _rules)
        {
            if (rule.Matches(operation)) return rule.Fault;
        }
        return null;
    }

    private async Task<HttpResponseMessage> ForwardAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_target, request.Path.Value))
        {
            Content = new ByteArrayContent(buffer.ToArray()),
        };
        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name, StringComparer.OrdinalIgnoreCase)) continue;
            if (!message.Headers.TryAddWithoutValidation(name, values.ToArray())) message.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
        }
        return await _upstream.SendAsync(message, CancellationToken.None);
    }

    private static async Task WriteErrorAsync(HttpContext context, Fault fault)
    {
        context.Response.StatusCode = fault.Status;
        context.Response.ContentType = "application/x-amz-json-1.0";
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString("N");
        var body = $"{{\"__type\":\"{fault.ErrorType}\",\"message\":\"{fault.Message}\"}}";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body));
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        _upstream.Dispose();
    }
}

/// <summary>One call through the proxy: its operation and the fault injected (null: passed through).</summary>
public sealed record ProxiedCall(string Operation, Fault? Fault, DateTimeOffset At);
