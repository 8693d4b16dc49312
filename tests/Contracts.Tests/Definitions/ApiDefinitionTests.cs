using System.Text.Json;

namespace Tracking.Contracts.Tests;

/// <summary>ApiRoutes (what the functions route on) and Definitions/api.json (what API Gateway is built from) must agree.</summary>
public class ApiDefinitionTests
{
    private static readonly JsonElement Api = Support.Definitions.Load("api.json").RootElement;

    private static Dictionary<string, JsonElement> RoutesByResource()
        => Api.GetProperty("routes").EnumerateArray().ToDictionary(r => r.GetProperty("resource").GetString()!);

    [Fact]
    public void BothListTheSameResourcesInTheSameOrder()
        => Assert.Equal(
            ApiRoutes.All.Select(r => r.Resource),
            Api.GetProperty("routes").EnumerateArray().Select(r => r.GetProperty("resource").GetString()));

    [Fact]
    public void EachResourceHasTheSameMethodsServedByTheSameFunction()
    {
        var json = RoutesByResource();

        Assert.All(ApiRoutes.All, route => Assert.Equal(
            route.Methods.Select(m => (m.Method, m.Function)).Order(),
            json[route.Resource].GetProperty("methods").EnumerateObject().Select(p => (p.Name, p.Value.GetString()!)).Order()));
    }

    [Fact]
    public void EachResourceHasTheSameFallbackFunction()
    {
        var json = RoutesByResource();

        Assert.All(ApiRoutes.All, route => Assert.Equal(route.FallbackFunction, json[route.Resource].GetProperty("fallbackFunction").GetString()));
    }

    [Fact]
    public void TheCatchAllIsTheSame()
    {
        var catchAll = Api.GetProperty("catchAll");

        Assert.Equal((ApiRoutes.CatchAll, ApiRoutes.CatchAllFunction), (catchAll.GetProperty("resource").GetString(), catchAll.GetProperty("function").GetString()));
    }

    [Fact]
    public void EveryFunctionNamedByARouteIsDefined()
    {
        var functions = Api.GetProperty("functions").EnumerateObject().Select(f => f.Name).ToHashSet();

        Assert.Subset(functions, ApiRoutes.All.SelectMany(r => r.Methods.Select(m => m.Function).Append(r.FallbackFunction)).Append(ApiRoutes.CatchAllFunction).ToHashSet());
    }

    [Fact]
    public void TheCodesFunctionNamesAreTheDefinitionsFunctionNames()
        => Assert.Equal(
            new[] { ApiRoutes.IngestFunction, ApiRoutes.QueryFunction }.Order(StringComparer.Ordinal),
            Api.GetProperty("functions").EnumerateObject().Select(f => f.Name).Order(StringComparer.Ordinal));

    [Fact]
    public void TheAllowHeaderListsTheResourcesMethods()
        => Assert.Equal("POST, GET", ApiRoutes.Find(ApiRoutes.TrackingEvents)!.Allow);

    [Fact]
    public void AnUnknownResourceFindsNoRoute()
        => Assert.Null(ApiRoutes.Find(ApiRoutes.CatchAll));
}
