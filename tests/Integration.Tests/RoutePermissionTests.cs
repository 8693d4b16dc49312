using System.Text.Json;
using Tracking.Functions.Configuration;
using Tracking.Functions.Paging;
using Tracking.Functions.Storage;
using Tracking.Ingest;
using Tracking.Query;

namespace Tracking.Integration.Tests;

/// <summary>
/// The permission each route handler requires is the one Definitions/api.json states (the route's "permissions", or
/// "methodPermissions" for its method), so what is documented and deployed is what the functions enforce.
/// </summary>
public sealed class RoutePermissionTests
{
    private static readonly Dictionary<string, Permissions> ByName = new(StringComparer.Ordinal)
    {
        ["read"] = Permissions.Read, ["readAll"] = Permissions.ReadAll, ["write"] = Permissions.Write,
        ["admin"] = Permissions.Admin, ["privacy"] = Permissions.Privacy,
    };

    private static IEnumerable<Functions.Http.Route> AllRoutes()
    {
        var store = new InMemoryTrackingStore();
        var settings = FunctionSettings.FromEnvironment(name => name switch
        {
            "TABLE_NAME" => "t",
            "CURSOR_SIGNING_KEY" => "0123456789abcdef0123456789abcdef",
            "API_CLIENTS" => """{"k": {"name": "n", "role": "admin"}}""",
            _ => null,
        });
        var cursors = new CursorCodec(settings.CursorKey);
        return new IngestRoutes(store, settings.EventRules).All
            .Concat(new DataSubjectRoutes(new DataSubjectStores(store, store, store), cursors, settings.Privacy).All)
            .Concat(new QueryRoutes(store, cursors, settings.EventRules).All)
            .Concat(new AuditRoutes(store, cursors, settings.Privacy).All);
    }

    [Fact]
    public void EveryHandledRouteRequiresThePermissionApiJsonStates()
    {
        var root = Tracking.LocalStack.RepoRoot.Find()!;
        using var api = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "src", "Contracts", "Definitions", "api.json")));
        var byMethod = api.RootElement.GetProperty("methodPermissions");
        var routes = api.RootElement.GetProperty("routes").EnumerateArray().ToDictionary(r => r.GetProperty("resource").GetString()!);

        var handled = AllRoutes().ToList();

        Assert.Equal(routes.Values.Sum(r => r.GetProperty("methods").EnumerateObject().Count()), handled.Count);
        Assert.All(handled, route =>
        {
            var json = routes[route.Resource];
            var name = json.TryGetProperty("permissions", out var own) && own.TryGetProperty(route.Method, out var p) ? p.GetString()! : byMethod.GetProperty(route.Method).GetString()!;
            Assert.True(ByName[name] == route.Requires, $"{route.Method} {route.Resource}: api.json says {name}, the handler requires {route.Requires}");
        });
    }
}
