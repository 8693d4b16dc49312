using System.Net;
using System.Text;
using System.Threading.Channels;

namespace Tracking.LambdaRuntime.Tests.Fakes;

/// <summary>
/// The Runtime API's behaviour, independent of transport: /next waits for a queued invocation (a long poll, as in Lambda),
/// posts are recorded in arrival order. Served by <see cref="FakeRuntimeApiHandler"/> (in-process) or
/// <see cref="LoopbackRuntimeApi"/> (a real socket).
/// </summary>
internal sealed class FakeRuntimeApi
{
    /// <summary>Guards tests against hanging forever when the runtime never posts; not a timing assertion.</summary>
    private static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(30);

    private readonly Channel<FakeInvocation> _invocations = Channel.CreateUnbounded<FakeInvocation>();
    private readonly Channel<RecordedPost> _posts = Channel.CreateUnbounded<RecordedPost>();
    private int _nextRequests;

    /// <summary>What /response answers; Lambda answers 413 to a payload over its limit.</summary>
    public HttpStatusCode ResponseStatus { get; set; } = HttpStatusCode.Accepted;

    /// <summary>What /next answers when not 200.</summary>
    public HttpStatusCode? NextFailure { get; set; }

    public int NextRequests => Volatile.Read(ref _nextRequests);

    public void Enqueue(FakeInvocation invocation) => _invocations.Writer.TryWrite(invocation);

    public async Task<RecordedPost> NextPostAsync() => await _posts.Reader.ReadAsync().AsTask().WaitAsync(SafetyTimeout);

    public bool HasUnreadPosts => _posts.Reader.TryPeek(out _);

    public async Task<FakeReply> HandleAsync(string method, string path, string? errorTypeHeader, string? contentType, byte[] body, CancellationToken cancellationToken)
    {
        if (method == "GET" && path == "/2018-06-01/runtime/invocation/next")
        {
            Interlocked.Increment(ref _nextRequests);
            if (NextFailure is { } failure)
            {
                return new FakeReply(failure, [], Encoding.UTF8.GetBytes("""{"errorMessage":"broken","errorType":"Fake"}"""));
            }

            var invocation = await _invocations.Reader.ReadAsync(cancellationToken);
            return new FakeReply(HttpStatusCode.OK, HeadersOf(invocation), invocation.Event);
        }

        if (method == "POST" && path.StartsWith("/2018-06-01/runtime/", StringComparison.Ordinal))
        {
            _posts.Writer.TryWrite(new RecordedPost(path, errorTypeHeader, contentType, body));
            var status = path.EndsWith("/response", StringComparison.Ordinal) ? ResponseStatus : HttpStatusCode.Accepted;
            return new FakeReply(status, [], Encoding.UTF8.GetBytes("""{"status":"OK"}"""));
        }

        return new FakeReply(HttpStatusCode.NotFound, [], []);
    }

    private static List<KeyValuePair<string, string>> HeadersOf(FakeInvocation invocation)
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Lambda-Runtime-Aws-Request-Id", invocation.RequestId),
            new("Lambda-Runtime-Deadline-Ms", invocation.DeadlineUnixMs.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        AddIfSet(headers, "Lambda-Runtime-Invoked-Function-Arn", invocation.InvokedFunctionArn);
        AddIfSet(headers, "Lambda-Runtime-Trace-Id", invocation.TraceId);
        AddIfSet(headers, "Lambda-Runtime-Client-Context", invocation.ClientContext);
        AddIfSet(headers, "Lambda-Runtime-Cognito-Identity", invocation.CognitoIdentity);
        return headers;
    }

    private static void AddIfSet(List<KeyValuePair<string, string>> headers, string name, string? value)
    {
        if (value is not null)
        {
            headers.Add(new(name, value));
        }
    }
}
