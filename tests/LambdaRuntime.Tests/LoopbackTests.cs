using Tracking.LambdaRuntime.Tests.Fakes;
using Xunit;

namespace Tracking.LambdaRuntime.Tests;

/// <summary>The client's own SocketsHttpHandler against the fake Runtime API on a real loopback socket.</summary>
public sealed class LoopbackTests : IDisposable
{
    private readonly FakeRuntimeApi _api = new();
    private readonly LoopbackRuntimeApi _server;
    private readonly LambdaRuntimeClient _client;

    public LoopbackTests()
    {
        _server = new LoopbackRuntimeApi(_api);
        _client = new LambdaRuntimeClient(_server.HostAndPort);
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
        Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", null);
    }

    [Fact]
    public async Task RoundTripOverLoopbackCarriesThePayloadAndRequestId()
    {
        _api.Enqueue(new FakeInvocation("8476a536-e9f4-11e8-9739-2dfe598c3fcd", TestData.Utf8("""{"path":"/v1/tracking/PKG-1"}""")));

        await _client.InvokeOnceAsync(new EchoHandler(), CancellationToken.None);

        var post = await _api.NextPostAsync();
        Assert.Equal("/2018-06-01/runtime/invocation/8476a536-e9f4-11e8-9739-2dfe598c3fcd/response", post.Path);
        Assert.Equal("""{"path":"/v1/tracking/PKG-1"}""", post.BodyText);
        Assert.Equal("application/json", post.ContentType);
    }

    [Fact]
    public async Task OneMegabyteResponseOverLoopbackArrivesByteForByte()
    {
        var written = TestData.Bytes(1024 * 1024, seed: 5);
        _api.Enqueue(new FakeInvocation("req-big", TestData.Utf8("{}")));

        await _client.InvokeOnceAsync(new FixedResponseHandler(written), CancellationToken.None);

        var post = await _api.NextPostAsync();
        Assert.Equal(written, post.Body);
    }

    [Fact]
    public async Task HandlerExceptionOverLoopbackPostsErrorAndTheNextInvocationStillRuns()
    {
        _api.Enqueue(new FakeInvocation("req-fail", TestData.Utf8(EchoHandler.FailingEvent)) { TraceId = "Root=1-1" });
        _api.Enqueue(new FakeInvocation("req-ok", TestData.Utf8("[1,2,3]")) { TraceId = "Root=1-2" });
        var handler = new EchoHandler();
        using var stop = new CancellationTokenSource();

        var run = _client.RunAsync(handler, stop.Token);
        var error = await _api.NextPostAsync();
        var response = await _api.NextPostAsync();
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("/2018-06-01/runtime/invocation/req-fail/error", error.Path);
        Assert.Equal("Runtime.Unhandled", error.ErrorTypeHeader);
        Assert.Equal("InvalidOperationException", error.Json().GetProperty("errorType").GetString());
        Assert.Equal("[1,2,3]", response.BodyText);
        Assert.Equal(["Root=1-1", "Root=1-2"], handler.TraceIdVariables);
    }

    [Fact]
    public async Task CancellationStopsRunAsyncWhileALoopbackNextIsPending()
    {
        using var stop = new CancellationTokenSource();
        var run = _client.RunAsync(new EchoHandler(), stop.Token);
        while (_api.NextRequests == 0)
        {
            await Task.Yield();
        }

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(run.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task InitFailureOverLoopbackPostsInitErrorAndTheBootstrapExitsNonZero()
    {
        var saved = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
        Environment.SetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API", _server.HostAndPort);
        try
        {
            var exitCode = await LambdaBootstrap.RunAsync(_ => throw new InvalidOperationException("API_CLIENTS is not valid JSON."));

            var post = await _api.NextPostAsync();
            Assert.Equal(LambdaBootstrap.ExitFailure, exitCode);
            Assert.Equal("/2018-06-01/runtime/init/error", post.Path);
            Assert.Equal("API_CLIENTS is not valid JSON.", post.Json().GetProperty("errorMessage").GetString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API", saved);
        }
    }
}

/// <summary>Events sent chunked, without Content-Length: the client must read to the end instead.</summary>
public sealed class ChunkedLoopbackTests : IDisposable
{
    private readonly FakeRuntimeApi _api = new();
    private readonly LoopbackRuntimeApi _server;

    public ChunkedLoopbackTests() => _server = new LoopbackRuntimeApi(_api, chunkedEvents: true);

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task ChunkedEventLargerThanTheInitialBufferReachesTheHandlerWhole()
    {
        var large = TestData.Bytes(300_000, seed: 6);
        _api.Enqueue(new FakeInvocation("req-chunked", large));
        using var client = new LambdaRuntimeClient(_server.HostAndPort);

        await client.InvokeOnceAsync(new EchoHandler(), CancellationToken.None);

        var post = await _api.NextPostAsync();
        Assert.Equal(large, post.Body);
    }
}
