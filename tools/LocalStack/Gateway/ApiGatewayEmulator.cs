using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Tracking.Contracts.Gateway;
using Tracking.LocalStack.Json;
using Tracking.LocalStack.Net;
using Tracking.LocalStack.Runtime;

namespace Tracking.LocalStack.Gateway;

public sealed class ApiGatewayOptions
{
    public string Host { get; init; } = LocalDefaults.Host;

    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; init; } = LocalDefaults.GatewayPort;

    public string Stage { get; init; } = LocalDefaults.Stage;

    /// <summary>Integration timeout, queueing included: then the caller gets 504.</summary>
    public TimeSpan IntegrationTimeout { get; init; } = LocalDefaults.Timeout;

    /// <summary>API Gateway's request payload limit.</summary>
    public int MaxRequestBytes { get; init; } = 10 * 1024 * 1024;
}

/// <summary>
/// A REST API (Lambda proxy integration, payload 1.0) on loopback: API keys required on every method,
/// routes from api.json, events to the owning <see cref="FunctionHost"/>, proxy responses mapped back.
/// </summary>
public sealed class ApiGatewayEmulator(
    ApiGatewayOptions options,
    RouteTable routes,
    ApiClients clients,
    IReadOnlyDictionary<string, FunctionHost> functions) : IAsyncDisposable
{
    private WebApplication? _server;

    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (options.Port != 0) Ports.EnsureFree("API gateway", options.Host, options.Port);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(Ports.ResolveHost(options.Host), options.Port);
        });
        _server = builder.Build();
        _server.Run(HandleAsync);
        try
        {
            await _server.StartAsync(cancellationToken);
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            throw new PortInUseException("API gateway", options.Host, options.Port);
        }
        var address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Url = new Uri($"http://{options.Host}:{new Uri(address).Port}");
    }

    private async Task HandleAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers[GatewayResponses.RequestIdHeader] = requestId;

        var body = await HttpBodies.ReadAsync(context.Request, options.MaxRequestBytes);
        if (body is null)
        {
            await WriteErrorAsync(context, GatewayResponses.RequestTooLong);
            return;
        }

        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var rawPath = rawTarget.Split('?', 2)[0];
        var route = routes.Match(context.Request.Method, rawPath);
        if (route is null)
        {
            await WriteErrorAsync(context, GatewayResponses.MissingAuthenticationToken);
            return;
        }

        var client = clients.FindByKey(context.Request.Headers[GatewayResponses.ApiKeyHeader].ToString());
        if (client is null)
        {
            await WriteErrorAsync(context, GatewayResponses.Forbidden);
            return;
        }

        if (!functions.TryGetValue(route.Function, out var function))
        {
            await WriteErrorAsync(context, GatewayResponses.InternalServerError);
            return;
        }

        var proxyEvent = ProxyEventBuilder.Build(context, rawPath, route, client, body, requestId, options.Stage);
        var payload = JsonSerializer.SerializeToUtf8Bytes(proxyEvent, LocalStackJsonContext.Default.ApiGatewayProxyRequest);

        InvocationResult result;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted))
        {
            timeout.CancelAfter(options.IntegrationTimeout);
            try
            {
                result = await function.InvokeAsync(payload, timeout.Token);
            }
            catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
            {
                await WriteErrorAsync(context, GatewayResponses.Timeout);
                return;
            }
            catch (OperationCanceledException)
            {
                return; // the client went away
            }
        }

        switch (result.Status)
        {
            case InvocationStatus.Success:
                await WriteProxyResponseAsync(context, result.Payload);
                return;
            case InvocationStatus.Timeout:
                await WriteErrorAsync(context, GatewayResponses.Timeout);
                return;
            default:
                await WriteErrorAsync(context, GatewayResponses.InternalServerError);
                return;
        }
    }

    private static async Task WriteProxyResponseAsync(HttpContext context, byte[] payload)
    {
        ApiGatewayProxyResponse? proxy;
        byte[] body;
        try
        {
            proxy = JsonSerializer.Deserialize(payload, LocalStackJsonContext.Default.ApiGatewayProxyResponse);
            if (proxy is null || proxy.StatusCode is < 100 or > 599)
            {
                await WriteErrorAsync(context, GatewayResponses.InternalServerError);
                return;
            }
            body = proxy.Body is null ? [] : proxy.IsBase64Encoded ? Convert.FromBase64String(proxy.Body) : Encoding.UTF8.GetBytes(proxy.Body);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            // API Gateway: "Execution failed due to configuration error: Malformed Lambda proxy response".
            await WriteErrorAsync(context, GatewayResponses.InternalServerError);
            return;
        }

        var response = context.Response;
        response.StatusCode = proxy.StatusCode;
        var headers = response.Headers;
        if (proxy.MultiValueHeaders is not null)
        {
            foreach (var (name, values) in proxy.MultiValueHeaders)
            {
                if (IsHopByHop(name)) continue;
                headers.Append(name, values.ToArray());
            }
        }
        if (proxy.Headers is not null)
        {
            foreach (var (name, value) in proxy.Headers)
            {
                if (IsHopByHop(name) || proxy.MultiValueHeaders?.ContainsKey(name) == true) continue;
                headers[name] = value;
            }
        }
        if (!headers.ContainsKey("Content-Type")) headers.ContentType = "application/json";

        var noBody = HttpMethods.IsHead(context.Request.Method) || proxy.StatusCode is 204 or 304 || proxy.StatusCode < 200;
        if (noBody) return;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>API Gateway sets framing itself; a function cannot.</summary>
    private static bool IsHopByHop(string name)
        => name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
            || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
            || name.Equals("Connection", StringComparison.OrdinalIgnoreCase);

    private static Task WriteErrorAsync(HttpContext context, GatewayError error)
    {
        var response = context.Response;
        response.StatusCode = error.StatusCode;
        response.ContentType = "application/json";
        if (error.ErrorType is not null) response.Headers[GatewayResponses.ErrorTypeHeader] = error.ErrorType;
        var bytes = Encoding.UTF8.GetBytes(error.Body);
        response.ContentLength = bytes.Length;
        if (HttpMethods.IsHead(context.Request.Method)) return Task.CompletedTask;
        return response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is null) return;
        await _server.StopAsync(CancellationToken.None);
        await _server.DisposeAsync();
    }
}
