using Tracking.LocalStack.Runtime;

namespace Tracking.LocalStack.Tests;

public sealed class RuntimeApiRouterTests
{
    [Fact]
    public void GetNextAsksForTheNextEvent()
        => Assert.Equal((RuntimeApiCall.Next, null), RuntimeApiRouter.Match("GET", "/2018-06-01/runtime/invocation/next"));

    [Fact]
    public void PostInitErrorReportsAnInitFailure()
        => Assert.Equal((RuntimeApiCall.InitError, null), RuntimeApiRouter.Match("POST", "/2018-06-01/runtime/init/error"));

    [Fact]
    public void PostResponseCarriesTheRequestId()
        => Assert.Equal((RuntimeApiCall.Response, "abc-1"), RuntimeApiRouter.Match("POST", "/2018-06-01/runtime/invocation/abc-1/response"));

    [Fact]
    public void PostErrorCarriesTheRequestId()
        => Assert.Equal((RuntimeApiCall.Error, "abc-1"), RuntimeApiRouter.Match("POST", "/2018-06-01/runtime/invocation/abc-1/error"));

    [Theory]
    [InlineData("POST", "/2018-06-01/runtime/invocation/next")]
    [InlineData("GET", "/2018-06-01/runtime/invocation/abc-1/response")]
    [InlineData("POST", "/2018-06-01/runtime/invocation/abc-1")]
    [InlineData("POST", "/2019-01-01/runtime/init/error")]
    [InlineData("GET", "/")]
    public void AnythingElseIsNotFound(string method, string path)
        => Assert.Equal(RuntimeApiCall.NotFound, RuntimeApiRouter.Match(method, path).Call);
}
