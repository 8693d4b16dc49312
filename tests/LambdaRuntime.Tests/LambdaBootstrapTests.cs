using Tracking.LambdaRuntime.Tests.Fakes;
using Xunit;

namespace Tracking.LambdaRuntime.Tests;

public sealed class LambdaBootstrapTests : IDisposable
{
    private static readonly Func<string, string?> LambdaLikeEnvironment = TestData.Environment(("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001"));

    private readonly FakeRuntimeApi _api = new();
    private readonly FakeRuntimeApiHandler _transport;
    private readonly StringWriter _log = new();

    public LambdaBootstrapTests() => _transport = new FakeRuntimeApiHandler(_api);

    public void Dispose()
    {
        _transport.Dispose();
        _log.Dispose();
    }

    [Fact]
    public async Task InitFailurePostsInitErrorAndReturnsNonZero()
    {
        var exitCode = await LambdaBootstrap.RunAsync(
            _ => throw new InvalidOperationException("CURSOR_SIGNING_KEY is too short."), LambdaLikeEnvironment, _log, _transport, CancellationToken.None);

        var post = await _api.NextPostAsync();
        Assert.NotEqual(0, exitCode);
        Assert.Equal("/2018-06-01/runtime/init/error", post.Path);
        Assert.Equal("Runtime.InitError", post.ErrorTypeHeader);
        Assert.Equal("CURSOR_SIGNING_KEY is too short.", post.Json().GetProperty("errorMessage").GetString());
        Assert.Equal("InvalidOperationException", post.Json().GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task InitFailureNeverAsksForAnInvocation()
    {
        await LambdaBootstrap.RunAsync(
            _ => throw new InvalidOperationException("no table"), LambdaLikeEnvironment, _log, _transport, CancellationToken.None);

        Assert.Equal(0, _api.NextRequests);
    }

    [Fact]
    public async Task MissingRuntimeApiVariableGivesAClearErrorAndNonZeroExit()
    {
        var initialized = false;

        var exitCode = await LambdaBootstrap.RunAsync(
            _ =>
            {
                initialized = true;
                return ValueTask.FromResult<ILambdaHandler>(new EchoHandler());
            },
            TestData.Environment(), _log, _transport, CancellationToken.None);

        Assert.NotEqual(0, exitCode);
        Assert.False(initialized);
        Assert.Contains("AWS_LAMBDA_RUNTIME_API is not set", _log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingRuntimeApiVariableMakesThePublicEntryPointReturnNonZero()
    {
        var saved = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
        Environment.SetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API", null);
        try
        {
            var exitCode = await LambdaBootstrap.RunAsync(_ => ValueTask.FromResult<ILambdaHandler>(new EchoHandler()));

            Assert.Equal(LambdaBootstrap.ExitMisconfigured, exitCode);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API", saved);
        }
    }

    [Fact]
    public async Task InitializedHandlerServesInvocationsUntilCancelledThenReturnsZero()
    {
        _api.Enqueue(new FakeInvocation("req-1", TestData.Utf8("""{"n":1}""")));
        using var stop = new CancellationTokenSource();

        var run = LambdaBootstrap.RunAsync(_ => ValueTask.FromResult<ILambdaHandler>(new EchoHandler()), LambdaLikeEnvironment, _log, _transport, stop.Token);
        var post = await _api.NextPostAsync();
        await stop.CancelAsync();
        var exitCode = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("""{"n":1}""", post.BodyText);
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task RuntimeApiFailureAfterInitReturnsNonZero()
    {
        _api.NextFailure = System.Net.HttpStatusCode.InternalServerError;

        var exitCode = await LambdaBootstrap.RunAsync(
            _ => ValueTask.FromResult<ILambdaHandler>(new EchoHandler()), LambdaLikeEnvironment, _log, _transport, CancellationToken.None);

        Assert.Equal(LambdaBootstrap.ExitFailure, exitCode);
    }
}
