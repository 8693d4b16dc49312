using Tracking.LocalStack.Gateway;

namespace Tracking.LocalStack.Tests;

public sealed class RouteTableTests
{
    private readonly RouteTable _routes = new(ApiDefinition.LoadDefault());

    [Fact]
    public void ResourceWithParameterBindsThePathParameter()
    {
        var match = _routes.Match("GET", "/v1/tracking/PKG-1");

        Assert.NotNull(match);
        Assert.Equal("/v1/tracking/{trackingId}", match.Resource);
        Assert.Equal("query", match.Function);
        Assert.Equal(new Dictionary<string, string> { ["trackingId"] = "PKG-1" }, match.PathParameters);
    }

    [Fact]
    public void PathParameterIsUrlDecoded()
    {
        var match = _routes.Match("GET", "/v1/tracking/a%20b%2Fc/events");

        Assert.Equal("a b/c", match!.PathParameters!["trackingId"]);
        Assert.Equal("/v1/tracking/{trackingId}/events", match.Resource);
    }

    [Fact]
    public void EachListedMethodReachesItsOwnFunction()
    {
        Assert.Equal("ingest", _routes.Match("POST", "/v1/tracking/x/events")!.Function);
        Assert.Equal("query", _routes.Match("GET", "/v1/tracking/x/events")!.Function);
    }

    [Fact]
    public void UnlistedMethodReachesTheResourcesFallbackFunction()
    {
        var match = _routes.Match("DELETE", "/v1/events");

        Assert.Equal("/v1/events", match!.Resource);
        Assert.Equal("ingest", match.Function);
        Assert.Null(match.PathParameters);
    }

    [Fact]
    public void UnknownPathReachesTheCatchAllWithTheProxyParameter()
    {
        var match = _routes.Match("GET", "/v1/nothing/here");

        Assert.Equal("/{proxy+}", match!.Resource);
        Assert.Equal("query", match.Function);
        Assert.Equal("v1/nothing/here", match.PathParameters!["proxy"]);
    }

    [Fact]
    public void ResourcePathsAreCaseSensitive()
    {
        Assert.Equal("/{proxy+}", _routes.Match("GET", "/V1/packages")!.Resource);
    }

    [Fact]
    public void RootPathMatchesNoResource()
    {
        Assert.Null(_routes.Match("GET", "/"));
    }

    [Fact]
    public void LiteralSegmentBeatsParameterAtTheSameDepth()
    {
        var api = new ApiDefinition
        {
            Functions = new() { ["a"] = new FunctionSpec(), ["b"] = new FunctionSpec() },
            Routes =
            [
                new RouteSpec { Resource = "/items/{id}", Methods = new() { ["GET"] = "a" } },
                new RouteSpec { Resource = "/items/special", Methods = new() { ["GET"] = "b" } },
            ],
        };

        var match = new RouteTable(api).Match("GET", "/items/special");

        Assert.Equal("/items/special", match!.Resource);
        Assert.Equal("b", match.Function);
    }
}
