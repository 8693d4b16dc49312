using System.Net;
using Tracking.LambdaRuntime.Tests.Fakes;
using Xunit;

namespace Tracking.LambdaRuntime.Tests;

/// <summary>The client against an in-process fake Runtime API.</summary>
public sealed class LambdaRuntimeClientTests : IDisposable
{
    private readonly FakeRuntimeApi _api = new();
    private readonly FakeRuntimeApiHandler _transport;
    private readonly LambdaRuntimeClient _client;

    public LambdaRuntimeClientTests()
    {
        _transport = new FakeRuntimeApiHandler(_api);
        var environment = TestData.Environment(
            ("AWS_LAMBDA_FUNCTION_NAME", "tracking-query"),
            ("AWS_LAMBDA_FUNCTION_VERSION", "7"),
            ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512"));
        _client = new LambdaRuntimeClient("127.0.0.1:9001", _transport, environment, TextWriter.Null);
    }

    public void Dispose()
    {
        _client.Dispose();
        _transport.Dispose();
        Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", null);
    }

    [Fact]
    public async Task NextThenResponseRoundTripCarriesThePayloadAndRequestId()
    {
        _api.Enqueue(new FakeInvocation("req-1", TestData.Utf8("""{"trackingId":"PKG-1"}""")));

        var handled = await _client.InvokeOnceAsync(new EchoHandler(), CancellationToken.None);

        var post = await _api.NextPostAsync();
        Assert.True(handled);
        Assert.Equal("/2018-06-01/runtime/invocation/req-1/response", post.Path);
        Assert.Equal("""{"trackingId":"PKG-1"}""", post.BodyText);
        Assert.Equal("application/json", post.ContentType);
    }

    [Fact]
    public async Task ContextFieldsAreParsedFromTheInvocationHeaders()
    {
        _api.Enqueue(new FakeInvocation("req-2", TestData.Utf8("{}"))
        {
            DeadlineUnixMs = 1_800_000_000_123,
            InvokedFunctionArn = "arn:aws:lambda:us-west-2:123456789012:function:tracking-query:live",
            TraceId = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
            ClientContext = """{"client":{"app_title":"courier"}}""",
            CognitoIdentity = """{"cognitoIdentityId":"us-west-2:abc"}""",
        });
        var handler = new EchoHandler();

        await _client.InvokeOnceAsync(handler, CancellationToken.None);

        var context = Assert.Single(handler.Contexts);
        Assert.Equal("req-2", context.RequestId);
        Assert.Equal(1_800_000_000_123, context.DeadlineUnixMs);
        Assert.Equal("arn:aws:lambda:us-west-2:123456789012:function:tracking-query:live", context.InvokedFunctionArn);
        Assert.Equal("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", context.TraceId);
        Assert.Equal("""{"client":{"app_title":"courier"}}""", context.ClientContext);
        Assert.Equal("""{"cognitoIdentityId":"us-west-2:abc"}""", context.CognitoIdentity);
    }

    [Fact]
    public async Task ContextCarriesFunctionNameVersionAndMemoryFromTheEnvironment()
    {
        _api.Enqueue(new FakeInvocation("req-3", TestData.Utf8("{}")));
        var handler = new EchoHandler();

        await _client.InvokeOnceAsync(handler, CancellationToken.None);

        var context = Assert.Single(handler.Contexts);
        Assert.Equal("tracking-query", context.FunctionName);
        Assert.Equal("7", context.FunctionVersion);
        Assert.Equal(512, context.MemoryLimitMb);
    }

    [Fact]
    public async Task ContextWithoutOptionalHeadersHasNullFields()
    {
        _api.Enqueue(new FakeInvocation("req-4", TestData.Utf8("{}")));
        var handler = new EchoHandler();

        await _client.InvokeOnceAsync(handler, CancellationToken.None);

        var context = Assert.Single(handler.Contexts);
        Assert.Null(context.InvokedFunctionArn);
        Assert.Null(context.TraceId);
        Assert.Null(context.ClientContext);
        Assert.Null(context.CognitoIdentity);
    }

    [Fact]
    public async Task TraceIdVariableIsSetPerInvocationAndReplacedOnTheNext()
    {
        _api.Enqueue(new FakeInvocation("req-a", TestData.Utf8("{}")) { TraceId = "Root=1-aaaaaaaa-000000000000000000000001" });
        _api.Enqueue(new FakeInvocation("req-b", TestData.Utf8("{}")) { TraceId = "Root=1-bbbbbbbb-000000000000000000000002" });
        var handler = new EchoHandler();

        await _client.InvokeOnceAsync(handler, CancellationToken.None);
        await _client.InvokeOnceAsync(handler, CancellationToken.None);

        Assert.Equal(["Root=1-aaaaaaaa-000000000000000000000001", "Root=1-bbbbbbbb-000000000000000000000002"], handler.TraceIdVariables);
    }

    [Fact]
    public async Task TraceIdVariableIsClearedWhenTheNextInvocationHasNone()
    {
        _api.Enqueue(new FakeInvocation("req-a", TestData.Utf8("{}")) { TraceId = "Root=1-aaaaaaaa-000000000000000000000001" });
        _api.Enqueue(new FakeInvocation("req-b", TestData.Utf8("{}")));
        var handler = new EchoHandler();

        await _client.InvokeOnceAsync(handler, CancellationToken.None);
        await _client.InvokeOnceAsync(handler, CancellationToken.None);

        Assert.Equal(["Root=1-aaaaaaaa-000000000000000000000001", null], handler.TraceIdVariables);
    }

    [Fact]
    public async Task HandlerExceptionPostsErrorWithMessageTypeStackTraceAndErrorTypeHeader()
    {
        _api.Enqueue(new FakeInvocation("req-5", TestData.Utf8(EchoHandler.FailingEvent)));

        var handled = await _client.InvokeOnceAsync(new EchoHandler(), CancellationToken.None);

        var post = await _api.NextPostAsync();
        var error = post.Json();
        Assert.True(handled);
        Assert.Equal("/2018-06-01/runtime/invocation/req-5/error", post.Path);
        Assert.Equal("Runtime.Unhandled", post.ErrorTypeHeader);
        Assert.Equal("The tracking table is missing.", error.GetProperty("errorMessage").GetString());
        Assert.Equal("InvalidOperationException", error.GetProperty("errorType").GetString());
        Assert.Contains(error.GetProperty("stackTrace").EnumerateArray(), line => line.GetString()!.Contains(nameof(EchoHandler), StringComparison.Ordinal));
    }

    [Fact]
    public async Task LoopContinuesWithTheNextInvocationAfterAHandlerException()
    {
        _api.Enqueue(new FakeInvocation("req-fail", TestData.Utf8(EchoHandler.FailingEvent)));
        _api.Enqueue(new FakeInvocation("req-ok", TestData.Utf8("""{"ok":true}""")));
        using var stop = new CancellationTokenSource();

        var run = _client.RunAsync(new EchoHandler(), stop.Token);
        var first = await _api.NextPostAsync();
        var second = await _api.NextPostAsync();
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("/2018-06-01/runtime/invocation/req-fail/error", first.Path);
        Assert.Equal("/2018-06-01/runtime/invocation/req-ok/response", second.Path);
        Assert.Equal("""{"ok":true}""", second.BodyText);
    }

    [Fact]
    public async Task OneMegabyteResponseBodyIsExactlyWhatTheHandlerWrote()
    {
        var written = TestData.Bytes(1024 * 1024, seed: 1);
        _api.Enqueue(new FakeInvocation("req-big", TestData.Utf8("{}")));

        await _client.InvokeOnceAsync(new FixedResponseHandler(written), CancellationToken.None);

        var post = await _api.NextPostAsync();
        Assert.Equal(written, post.Body);
    }

    [Fact]
    public async Task SmallerResponseAfterALargerOneCarriesOnlyItsOwnBytes()
    {
        _api.Enqueue(new FakeInvocation("req-large", TestData.Utf8("{}")));
        _api.Enqueue(new FakeInvocation("req-small", TestData.Utf8("{}")));
        var small = TestData.Bytes(100, seed: 3);

        await _client.InvokeOnceAsync(new FixedResponseHandler(TestData.Bytes(200_000, seed: 2)), CancellationToken.None);
        await _client.InvokeOnceAsync(new FixedResponseHandler(small), CancellationToken.None);

        await _api.NextPostAsync();
        var second = await _api.NextPostAsync();
        Assert.Equal(small, second.Body);
    }

    [Fact]
    public async Task LargerEventAfterASmallerOneReachesTheHandlerWhole()
    {
        var large = TestData.Bytes(1024 * 1024, seed: 4);
        _api.Enqueue(new FakeInvocation("req-small", TestData.Utf8("{}")));
        _api.Enqueue(new FakeInvocation("req-large", large));
        var handler = new EchoHandler();

        await _client.InvokeOnceAsync(handler, CancellationToken.None);
        await _client.InvokeOnceAsync(handler, CancellationToken.None);

        await _api.NextPostAsync();
        var echoed = await _api.NextPostAsync();
        Assert.Equal(large, echoed.Body);
    }

    [Fact]
    public async Task EmptyEventReachesTheHandlerAsAnEmptyPayload()
    {
        _api.Enqueue(new FakeInvocation("req-empty", []));

        await _client.InvokeOnceAsync(new EchoHandler(), CancellationToken.None);

        var post = await _api.NextPostAsync();
        Assert.Equal("/2018-06-01/runtime/invocation/req-empty/response", post.Path);
        Assert.Empty(post.Body);
    }

    [Fact]
    public async Task RefusedResponseIsReportedAsAnInvocationError()
    {
        _api.ResponseStatus = HttpStatusCode.RequestEntityTooLarge;
        _api.Enqueue(new FakeInvocation("req-huge", TestData.Utf8("{}")));

        var handled = await _client.InvokeOnceAsync(new EchoHandler(), CancellationToken.None);

        var response = await _api.NextPostAsync();
        var error = await _api.NextPostAsync();
        Assert.True(handled);
        Assert.Equal("/2018-06-01/runtime/invocation/req-huge/response", response.Path);
        Assert.Equal("/2018-06-01/runtime/invocation/req-huge/error", error.Path);
        Assert.Equal("Runtime.ResponseRejected", error.ErrorTypeHeader);
        Assert.Contains("413", error.Json().GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancellationStopsRunAsyncWhileWaitingForTheNextInvocation()
    {
        using var stop = new CancellationTokenSource();
        var run = _client.RunAsync(new EchoHandler(), stop.Token);

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(run.IsCompletedSuccessfully);
        Assert.False(_api.HasUnreadPosts);
    }

    [Fact]
    public async Task InvokeOnceReturnsFalseWhenAlreadyCancelled()
    {
        _api.Enqueue(new FakeInvocation("req-never", TestData.Utf8("{}")));

        var handled = await _client.InvokeOnceAsync(new EchoHandler(), new CancellationToken(canceled: true));

        Assert.False(handled);
        Assert.False(_api.HasUnreadPosts);
    }

    [Fact]
    public async Task ErrorStatusFromNextStopsRunAsyncWithRuntimeApiException()
    {
        _api.NextFailure = HttpStatusCode.InternalServerError;

        var failure = await Assert.ThrowsAsync<RuntimeApiException>(() => _client.RunAsync(new EchoHandler(), CancellationToken.None));

        Assert.Contains("500", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportInitErrorPostsTheErrorToInitError()
    {
        await _client.ReportInitErrorAsync(new InvalidOperationException("TABLE_NAME is not set."), CancellationToken.None);

        var post = await _api.NextPostAsync();
        Assert.Equal("/2018-06-01/runtime/init/error", post.Path);
        Assert.Equal("Runtime.InitError", post.ErrorTypeHeader);
        Assert.Equal("TABLE_NAME is not set.", post.Json().GetProperty("errorMessage").GetString());
    }

    [Fact]
    public void HostAndPortThatIsNotOneIsRejected()
    {
        using var transport = new FakeRuntimeApiHandler(_api);

        Assert.Throws<ArgumentException>(() => new LambdaRuntimeClient("127.0.0.1:9001/extra/path", transport));
    }
}
