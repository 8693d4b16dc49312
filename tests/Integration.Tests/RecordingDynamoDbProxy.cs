using System.Collections.Concurrent;
using System.Net;
using Tracking.LocalStack;
using Tracking.LocalStack.Net;

namespace Tracking.Integration.Tests;

/// <summary>Stands between an SDK client and dynalite: forwards every call unchanged and records its operation (the
/// X-Amz-Target header, e.g. "DynamoDB_20120810.GetItem"), so a test can see which calls a component made.</summary>
internal sealed class RecordingDynamoDbProxy : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _forward = new();
    private readonly ConcurrentQueue<string> _operations = new();
    private readonly Uri _target;
    private readonly Task _loop;

    public RecordingDynamoDbProxy(string targetEndpoint)
    {
        _target = new Uri(targetEndpoint);
        Endpoint = $"http://{LocalDefaults.Host}:{Ports.FindFree()}/";
        _listener.Prefixes.Add(Endpoint);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Endpoint { get; }

    /// <summary>The operation names seen so far, without the API version prefix ("GetItem").</summary>
    public IReadOnlyList<string> Operations => [.. _operations];

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            await ForwardAsync(context);
        }
    }

    private async Task ForwardAsync(HttpListenerContext context)
    {
        var target = context.Request.Headers["X-Amz-Target"] ?? "";
        _operations.Enqueue(target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..]);

        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), new Uri(_target, context.Request.RawUrl))
        {
            Content = new ByteArrayContent(body.ToArray()),
        };
        foreach (var name in context.Request.Headers.AllKeys)
        {
            if (name is null or "Host" or "Content-Length") continue;
            if (!request.Headers.TryAddWithoutValidation(name, context.Request.Headers[name]))
            {
                request.Content.Headers.TryAddWithoutValidation(name, context.Request.Headers[name]);
            }
        }

        using var response = await _forward.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
        _forward.Dispose();
    }
}
