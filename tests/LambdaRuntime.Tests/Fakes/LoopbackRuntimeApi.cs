using System.Net;
using System.Net.Sockets;

namespace Tracking.LambdaRuntime.Tests.Fakes;

/// <summary>Serves <see cref="FakeRuntimeApi"/> over a real loopback HTTP socket, so the client's own SocketsHttpHandler is exercised.</summary>
internal sealed class LoopbackRuntimeApi : IDisposable
{
    private readonly FakeRuntimeApi _api;
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    public LoopbackRuntimeApi(FakeRuntimeApi api, bool chunkedEvents = false)
    {
        _api = api;
        ChunkedEvents = chunkedEvents;
        var port = FreeLoopbackPort();
        HostAndPort = $"127.0.0.1:{port}";
        _listener.Prefixes.Add($"http://{HostAndPort}/");
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    /// <summary>The value AWS_LAMBDA_RUNTIME_API would hold.</summary>
    public string HostAndPort { get; }

    /// <summary>Send /next bodies chunked, without Content-Length.</summary>
    public bool ChunkedEvents { get; }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        _acceptLoop.GetAwaiter().GetResult();
        _stop.Dispose();
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AcceptAsync()
    {
        var serving = new List<Task>();
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                break;
            }

            serving.Add(ServeAsync(context));
        }

        await Task.WhenAll(serving);
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            using var received = new MemoryStream();
            await request.InputStream.CopyToAsync(received, _stop.Token);

            var reply = await _api.HandleAsync(
                request.HttpMethod, request.Url!.AbsolutePath, request.Headers["Lambda-Runtime-Function-Error-Type"], request.ContentType, received.ToArray(), _stop.Token);

            response.StatusCode = (int)reply.Status;
            foreach (var (name, value) in reply.Headers)
            {
                response.AddHeader(name, value);
            }

            if (ChunkedEvents && request.HttpMethod == "GET")
            {
                response.SendChunked = true;
            }
            else
            {
                response.ContentLength64 = reply.Body.Length;
            }

            await response.OutputStream.WriteAsync(reply.Body, _stop.Token);
            response.Close();
        }
        catch (Exception error) when (error is OperationCanceledException or HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away (a cancelled /next) or the server is stopping.
            try
            {
                response.Abort();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
