using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Tracking.LocalStack.Net;

namespace Tracking.LocalStack.Sqs;

public sealed class SqsEndpointOptions
{
    public string Host { get; init; } = LocalDefaults.Host;

    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; init; } = LocalDefaults.SqsPort;

    public string AccessKeyId { get; init; } = LocalDefaults.AccessKeyId;
    public string SecretAccessKey { get; init; } = LocalDefaults.SecretAccessKey;
}

/// <summary>
/// An SQS-compatible endpoint on loopback speaking the JSON protocol the AWS SDKs use (POST /, X-Amz-Target:
/// AmazonSQS.&lt;Action&gt;, application/x-amz-json-1.0), SigV4-checked, over a <see cref="SqsBroker"/>.
/// </summary>
public sealed class SqsEndpoint(SqsEndpointOptions options, SqsBroker broker) : IAsyncDisposable
{
    public const string TargetPrefix = "AmazonSQS.";
    public const string ContentType = "application/x-amz-json-1.0";
    private const int MaxRequestBytes = 2 * 1024 * 1024;

    private readonly SqsMessageActions _messages = new(broker);
    private readonly SqsQueueActions _queues = new(broker);
    private readonly SigV4Verifier _signatures = new(options.AccessKeyId, options.SecretAccessKey);
    private WebApplication? _server;

    public Uri Url => broker.BaseUrl;

    public SqsBroker Broker => broker;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (options.Port != 0) Ports.EnsureFree("SQS", options.Host, options.Port);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
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
            throw new PortInUseException("SQS", options.Host, options.Port);
        }
        var address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        broker.BaseUrl = new Uri($"http://{options.Host}:{new Uri(address).Port}");
    }

    private async Task HandleAsync(HttpContext context)
    {
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        var output = new ArrayBufferWriter<byte>(512);
        try
        {
            if (!HttpMethods.IsPost(context.Request.Method)) throw SqsException.InvalidAction(context.Request.Method);
            var body = await ReadBodyAsync(context.Request) ?? throw SqsException.MalformedBody("The request is too large.");
            _signatures.Verify(context.Request, body);
            var target = context.Request.Headers["X-Amz-Target"].ToString();
            if (!target.StartsWith(TargetPrefix, StringComparison.Ordinal)) throw SqsException.InvalidAction(target);
            using var document = ParseBody(body);
            await using (var writer = new Utf8JsonWriter(output))
            {
                writer.WriteStartObject();
                await DispatchAsync(target[TargetPrefix.Length..], new SqsRequest(document.RootElement), writer, context.RequestAborted);
                writer.WriteEndObject();
            }
            context.Response.StatusCode = 200;
        }
        catch (SqsException e)
        {
            output.ResetWrittenCount();
            WriteError(context.Response, e, output);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // the client gave up a long poll
        }
        context.Response.ContentType = ContentType;
        context.Response.ContentLength = output.WrittenCount;
        await context.Response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted);
    }

    private Task DispatchAsync(string action, SqsRequest request, Utf8JsonWriter w, CancellationToken cancellationToken)
    {
        switch (action)
        {
            case "SendMessage": _messages.SendMessage(request, w); break;
            case "SendMessageBatch": _messages.SendMessageBatch(request, w); break;
            case "ReceiveMessage": return _messages.ReceiveMessageAsync(request, w, cancellationToken);
            case "DeleteMessage": _messages.DeleteMessage(request, w); break;
            case "DeleteMessageBatch": _messages.DeleteMessageBatch(request, w); break;
            case "ChangeMessageVisibility": _messages.ChangeMessageVisibility(request, w); break;
            case "GetQueueUrl": _queues.GetQueueUrl(request, w); break;
            case "ListQueues": _queues.ListQueues(request, w); break;
            case "GetQueueAttributes": _queues.GetQueueAttributes(request, w); break;
            case "SetQueueAttributes": _queues.SetQueueAttributes(request, w); break;
            case "PurgeQueue": _queues.PurgeQueue(request, w); break;
            default: throw SqsException.UnsupportedOperation(action);
        }
        return Task.CompletedTask;
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxRequestBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static JsonDocument ParseBody(byte[] body)
    {
        try
        {
            var document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
            if (document.RootElement.ValueKind == JsonValueKind.Object) return document;
            document.Dispose();
        }
        catch (JsonException)
        {
        }
        throw SqsException.MalformedBody("The request body is not a JSON object.");
    }

    private static void WriteError(HttpResponse response, SqsException error, ArrayBufferWriter<byte> output)
    {
        response.StatusCode = error.StatusCode;
        // awsQueryCompatible: the SDK reads the legacy code from this header when present.
        response.Headers["x-amzn-query-error"] = $"{error.QueryCode};{(error.StatusCode < 500 ? "Sender" : "Receiver")}";
        using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        w.WriteString("__type", "com.amazonaws.sqs#" + error.Type);
        w.WriteString("message", error.Message);
        w.WriteEndObject();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is null) return;
        await _server.StopAsync(CancellationToken.None);
        await _server.DisposeAsync();
    }
}
