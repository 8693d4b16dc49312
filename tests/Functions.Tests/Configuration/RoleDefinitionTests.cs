using Tracking.Functions.Configuration;

namespace Tracking.Functions.Tests;

/// <summary>The access rules the roles of openapi.json (x-tracking-roles) must keep: object-level access and the desk's narrow role.</summary>
public class RoleDefinitionTests
{
    private static readonly string[] AllRoles = ["partner", "reader", "admin", "privacy"];

    [Fact]
    public void TheDataProtectionRoleCanNeitherReadNorWrite()
        => Assert.Equal(Permissions.Privacy, ApiClient.PermissionsOf("privacy"));

    [Fact]
    public void OnlyReaderAndAdminReadEverything()
        => Assert.Equal(["admin", "reader"], AllRoles.Where(r => ApiClient.PermissionsOf(r).HasFlag(Permissions.ReadAll)).Order(StringComparer.Ordinal));

    [Fact]
    public void OnlyPrivacyAndAdminExportAndErase()
        => Assert.Equal(["admin", "privacy"], AllRoles.Where(r => ApiClient.PermissionsOf(r).HasFlag(Permissions.Privacy)).Order(StringComparer.Ordinal));
}
