using Xunit;

namespace Tracking.LambdaRuntime.Tests;

public sealed class RuntimeApiPathsTests
{
    [Fact]
    public void PathsFollowTheRuntimeApi20180601()
    {
        Assert.Equal("/2018-06-01/runtime/invocation/next", RuntimeApiPaths.InvocationNext);
        Assert.Equal("/2018-06-01/runtime/invocation/abc/response", RuntimeApiPaths.InvocationResponse("abc"));
        Assert.Equal("/2018-06-01/runtime/invocation/abc/error", RuntimeApiPaths.InvocationError("abc"));
        Assert.Equal("/2018-06-01/runtime/init/error", RuntimeApiPaths.InitError);
    }
}
