using System.Text.Json;
using Tracking.Functions.Configuration;

namespace Tracking.Functions.Tests;

/// <summary>The roles of Definitions/api.json (what infra/ accepts for a client) are exactly the roles the functions grant.</summary>
public class RoleDefinitionTests
{
    private static readonly Dictionary<string, Permissions> ByName = new(StringComparer.Ordinal)
    {
        ["read"] = Permissions.Read,
        ["readAll"] = Permissions.ReadAll,
        ["write"] = Permissions.Write,
        ["admin"] = Permissions.Admin,
        ["privacy"] = Permissions.Privacy,
    };

    private static JsonElement Roles()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "src", "Contracts", "Definitions", "api.json");
            if (File.Exists(path)) return JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("roles").Clone();
        }
        throw new FileNotFoundException("src/Contracts/Definitions/api.json not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void EveryRoleInApiJsonGrantsThePermissionsItLists()
        => Assert.All(Roles().EnumerateObject(), role => Assert.Equal(
            role.Value.EnumerateArray().Aggregate(Permissions.None, (all, p) => all | ByName[p.GetString()!]),
            ApiClient.PermissionsOf(role.Name)));

    [Fact]
    public void TheDataProtectionRoleCanNeitherReadNorWrite()
        => Assert.Equal(Permissions.Privacy, ApiClient.PermissionsOf("privacy"));

    [Fact]
    public void OnlyReaderAndAdminReadEverything()
        => Assert.Equal(["admin", "reader"], Roles().EnumerateObject().Select(r => r.Name)
            .Where(r => ApiClient.PermissionsOf(r).HasFlag(Permissions.ReadAll)).Order(StringComparer.Ordinal));
}
