using System.Text.Json;

namespace Tracking.Contracts.Tests;

/// <summary>
/// The route table and role model the functions run on are generated from openapi.json at build time
/// (tools/RouteGenerator); read here independently of the generator, the document must give the same answers.
/// </summary>
public class GeneratedRoutesTests
{
    private static readonly string[] Verbs = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    private static readonly JsonElement Api = Support.Definitions.Load("openapi.json").RootElement;

    private static IEnumerable<JsonProperty> Paths => Api.GetProperty("paths").EnumerateObject();

    [Fact]
    public void TheTableListsTheDocumentsPathsInTheDocumentsOrder()
        => Assert.Equal(Paths.Select(p => p.Name), ApiRoutes.All.Select(r => r.Resource));

    [Fact]
    public void EachPathHasTheDocumentsMethodsFunctionsAndPermissions()
    {
        foreach (var path in Paths)
        {
            var expected = path.Value.EnumerateObject().Where(m => Verbs.Contains(m.Name)).Select(m => (
                m.Name.ToUpperInvariant(),
                m.Value.GetProperty("x-tracking-function").GetString()!,
                m.Value.GetProperty("x-tracking-permission").GetString()!.ToLowerInvariant()));

            var actual = ApiRoutes.Find(path.Name)!.Methods.Select(m => (m.Method, m.Function, m.Requires.ToString().ToLowerInvariant()));

            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void EachPathHasTheDocumentsFallbackFunction()
        => Assert.All(Paths, path => Assert.Equal(path.Value.GetProperty("x-tracking-fallback-function").GetString(), ApiRoutes.Find(path.Name)!.FallbackFunction));

    [Fact]
    public void TheCatchAllIsTheDocumentsCatchAll()
    {
        var catchAll = Api.GetProperty("x-tracking-catch-all");

        Assert.Equal((catchAll.GetProperty("resource").GetString(), catchAll.GetProperty("function").GetString()), (ApiRoutes.CatchAll, ApiRoutes.CatchAllFunction));
    }

    [Fact]
    public void TheFunctionNamesAreTheDocumentsFunctions()
        => Assert.Equal(
            Api.GetProperty("x-tracking-functions").EnumerateObject().Select(f => f.Name),
            [ApiRoutes.IngestFunction, ApiRoutes.QueryFunction]);

    [Fact]
    public void EachRoleGrantsExactlyTheDocumentsPermissions()
    {
        foreach (var role in Api.GetProperty("x-tracking-roles").EnumerateObject())
        {
            var expected = role.Value.EnumerateArray().Select(p => Enum.Parse<Permissions>(p.GetString()!, ignoreCase: true)).Aggregate(Permissions.None, (a, b) => a | b);

            Assert.Equal(expected, Roles.PermissionsOf(role.Name));
        }
    }

    [Fact]
    public void ARoleTheDocumentDoesNotDefineGrantsNothing()
        => Assert.Equal(Permissions.None, Roles.PermissionsOf("superuser"));

    [Fact]
    public void TheAllowHeaderListsTheResourcesMethodsInDocumentOrder()
        => Assert.Equal("POST, GET", ApiRoutes.Find(ApiRoutes.TrackingEvents)!.Allow);

    [Fact]
    public void TheCatchAllIsNotARoute()
        => Assert.Null(ApiRoutes.Find(ApiRoutes.CatchAll));
}
