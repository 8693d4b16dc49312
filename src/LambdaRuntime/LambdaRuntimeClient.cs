using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Tracking.LambdaRuntime;

/// <summary>
/// Speaks the Lambda Runtime API: fetches invocations, runs the handler, posts its response or error.
/// One invocation at a time: the event and response buffers are reused across invocations.
/// </summary>
public sealed class LambdaRuntimeClient : IDisposable
{
    private const int InitialBufferBytes = 16 * 1024;
    private const string JsonContentType = "application/json";

    private readonly HttpClient _http;
    private readonly Uri _baseUri;
    private readonly Uri _nextUri;
    private readonly TextWriter _log;
    private readonly string _functionName;
    private readonly string _functionVersion;
    private readonly int _memoryLimitMb;
    private readonly ArrayBufferWriter<byte> _response = new(InitialBufferBytes);
    private byte[] _event = new byte[InitialBufferBytes];

    /// <param name="runtimeApiHostAndPort">The value of AWS_LAMBDA_RUNTIME_API, e.g. "127.0.0.1:9001".</param>
    /// <param name="handler">The HTTP transport; by default a bare <see cref="SocketsHttpHandler"/>. Not disposed by this client.</param>
    public LambdaRuntimeClient(string runtimeApiHostAndPort, HttpMessageHandler? handler = null)
        : this(runtimeApiHostAndPort, handler, Environment.GetEnvironmentVariable, Console.Error)
    {
    }

    internal LambdaRuntimeClient(string runtimeApiHostAndPort, HttpMessageHandler? handler, Func<string, string?> readEnvironment, TextWriter log)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runtimeApiHostAndPort);
        if (!Uri.TryCreate("http://" + runtimeApiHostAndPort, UriKind.Absolute, out var baseUri) || baseUri.AbsolutePath != "/")
        {
            throw new ArgumentException($"'{runtimeApiHostAndPort}' is not a host:port for the Lambda Runtime API.", nameof(runtimeApiHostAndPort));
        }

        _baseUri = baseUri;
        _nextUri = new Uri(baseUri, RuntimeApiPaths.InvocationNext);
        _log = log;
        _functionName = readEnvironment(LambdaEnvironment.FunctionName) ?? "";
        _functionVersion = readEnvironment(LambdaEnvironment.FunctionVersion) ?? "";
        _memoryLimitMb = int.TryParse(readEnvironment(LambdaEnvironment.FunctionMemorySize), NumberStyles.None, CultureInfo.InvariantCulture, out var memory) ? memory : 0;

        _http = handler is null ? new HttpClient(CreateDefaultHandler(), disposeHandler: true) : new HttpClient(handler, disposeHandler: false);

        // /next is a long poll, and Lambda freezes the sandbox in the middle of it between invocations: any timeout would fire on thaw.
        _http.Timeout = Timeout.InfiniteTimeSpan;
    }

    /// <summary>
    /// One round: GET /next, run the handler, POST /response (or /error when the handler throws or the response is refused).
    /// Returns false only when <paramref name="cancellationToken"/> stopped the wait for the next invocation.
    /// Throws when the Runtime API itself fails (unreachable, error status on /next): the process should then exit.
    /// </summary>
    public async Task<bool> InvokeOnceAsync(ILambdaHandler handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);

        LambdaContext context;
        int eventLength;
        try
        {
            (context, eventLength) = await ReceiveNextAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        // SDKs (X-Ray, AWS SDK) read the trace header from the environment; a stale one would tie calls to the previous invocation.
        Environment.SetEnvironmentVariable(LambdaEnvironment.TraceId, context.TraceId);

        _response.ResetWrittenCount();
        try
        {
            await handler.HandleAsync(_event.AsMemory(0, eventLength), context, _response, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            RuntimeLog.Failure(_log, context.RequestId, "handler failed", error);
            await TryPostInvocationErrorAsync(context.RequestId, RuntimeErrorTypes.Unhandled, error).ConfigureAwait(false);
            return true;
        }

        await PostResponseAsync(context.RequestId).ConfigureAwait(false);
        return true;
    }

    /// <summary>Runs invocations until <paramref name="cancellationToken"/> is cancelled; then completes normally.</summary>
    public async Task RunAsync(ILambdaHandler handler, CancellationToken cancellationToken)
    {
        while (await InvokeOnceAsync(handler, cancellationToken).ConfigureAwait(false))
        {
        }
    }

    /// <summary>POST /init/error: tells Lambda the function could not start. Throws when the Runtime API does not accept it.</summary>
    public async Task ReportInitErrorAsync(Exception error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        await PostErrorAsync(RuntimeApiPaths.InitError, RuntimeErrorTypes.InitError, error, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    internal static SocketsHttpHandler CreateDefaultHandler() => new()
    {
        // The Runtime API is a plain HTTP/1.1 endpoint on the sandbox's loopback: nothing to look up, negotiate or remember.
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        ActivityHeadersPropagator = null,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        // Keep the one connection across long frozen gaps between invocations instead of reconnecting on thaw.
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
    };

    private async Task<(LambdaContext Context, int EventLength)> ReceiveNextAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _nextUri);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new RuntimeApiException($"GET {RuntimeApiPaths.InvocationNext} answered {(int)response.StatusCode}.");
        }

        var headers = response.Headers.NonValidated;
        var requestId = Header(headers, RuntimeApiHeaders.RequestId);
        if (string.IsNullOrEmpty(requestId))
        {
            throw new RuntimeApiException($"GET {RuntimeApiPaths.InvocationNext} answered without {RuntimeApiHeaders.RequestId}.");
        }

        _ = long.TryParse(Header(headers, RuntimeApiHeaders.DeadlineMs), NumberStyles.None, CultureInfo.InvariantCulture, out var deadline);
        var eventLength = await ReadEventAsync(response.Content, cancellationToken).ConfigureAwait(false);

        var context = new LambdaContext
        {
            RequestId = requestId,
            DeadlineUnixMs = deadline,
            InvokedFunctionArn = Header(headers, RuntimeApiHeaders.InvokedFunctionArn),
            TraceId = Header(headers, RuntimeApiHeaders.TraceId),
            ClientContext = Header(headers, RuntimeApiHeaders.ClientContext),
            CognitoIdentity = Header(headers, RuntimeApiHeaders.CognitoIdentity),
            FunctionName = _functionName,
            FunctionVersion = _functionVersion,
            MemoryLimitMb = _memoryLimitMb,
        };
        return (context, eventLength);
    }

    private static string? Header(HttpHeadersNonValidated headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.ToString() : null;

    /// <summary>Reads the event into the reusable buffer, growing it only for a bigger event than any before.</summary>
    private async Task<int> ReadEventAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            if (content.Headers.ContentLength is long declared)
            {
                if (declared > Array.MaxLength)
                {
                    throw new RuntimeApiException($"The invocation event is too large ({declared} bytes).");
                }

                var length = (int)declared;
                if (_event.Length < length)
                {
                    _event = new byte[length];
                }

                await stream.ReadExactlyAsync(_event.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                return length;
            }

            // No Content-Length (chunked): read to the end, doubling as needed.
            var total = 0;
            while (true)
            {
                if (total == _event.Length)
                {
                    Array.Resize(ref _event, checked(_event.Length * 2));
                }

                var read = await stream.ReadAsync(_event.AsMemory(total), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return total;
                }

                total += read;
            }
        }
    }

    private async Task PostResponseAsync(string requestId)
    {
        Exception failure;
        try
        {
            using var content = new ReadOnlyMemoryContent(_response.WrittenMemory);
            content.Headers.TryAddWithoutValidation("Content-Type", JsonContentType);
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_baseUri, RuntimeApiPaths.InvocationResponse(requestId))) { Content = content };

            // Not cancellable: a finished invocation's response must still go out when shutdown begins.
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, CancellationToken.None).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var detail = await response.Content.ReadAsStringAsync(CancellationToken.None).ConfigureAwait(false);
            failure = new RuntimeApiException(
                $"The Runtime API refused the {_response.WrittenCount}-byte response with {(int)response.StatusCode}: {detail}");
        }
        catch (HttpRequestException error)
        {
            failure = error;
        }

        RuntimeLog.Failure(_log, requestId, "posting the response failed", failure);
        await TryPostInvocationErrorAsync(requestId, RuntimeErrorTypes.ResponseRejected, failure).ConfigureAwait(false);
    }

    /// <summary>Best effort: a failure here is logged and the loop goes on; a dead Runtime API shows up at the next /next.</summary>
    private async Task TryPostInvocationErrorAsync(string requestId, string errorType, Exception error)
    {
        try
        {
            await PostErrorAsync(RuntimeApiPaths.InvocationError(requestId), errorType, error, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception postFailure) when (postFailure is HttpRequestException or RuntimeApiException)
        {
            RuntimeLog.Failure(_log, requestId, "posting the error failed", postFailure);
        }
    }

    private async Task PostErrorAsync(string path, string errorType, Exception error, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(RuntimeErrorReport.From(error), RuntimeJsonContext.Default.RuntimeErrorReport);
        using var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", JsonContentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_baseUri, path)) { Content = content };
        request.Headers.TryAddWithoutValidation(RuntimeApiHeaders.FunctionErrorType, errorType);

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new RuntimeApiException($"POST {path} answered {(int)response.StatusCode}.");
        }
    }
}
