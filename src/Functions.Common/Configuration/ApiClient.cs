using System.Text.Json;

namespace Tracking.Functions.Configuration;

public static class Roles
{
    public const string Partner = "partner";
    public const string Reader = "reader";
    public const string Admin = "admin";
    public const string Privacy = "privacy";
}

/// <summary>What a caller may do. Mirrors the "roles" table of Definitions/api.json (a test holds them together).</summary>
[Flags]
public enum Permissions
{
    None = 0,

    /// <summary>Read packages; without <see cref="ReadAll"/> only those the client contributed an event to.</summary>
    Read = 1,
    Write = 2,
    Admin = 4,

    /// <summary>Read every package, and search by status.</summary>
    ReadAll = 8,

    /// <summary>Export and erase a package (data-subject requests); neither reads through the normal routes nor writes events.</summary>
    Privacy = 16,
}

public sealed record ApiClient(string KeyId, string Name, string Role, Permissions Permissions)
{
    public static Permissions PermissionsOf(string role) => role switch
    {
        Roles.Partner => Permissions.Read | Permissions.Write,
        Roles.Reader => Permissions.Read | Permissions.ReadAll,
        Roles.Admin => Permissions.Read | Permissions.ReadAll | Permissions.Write | Permissions.Admin | Permissions.Privacy,
        Roles.Privacy => Permissions.Privacy,
        _ => Permissions.None,
    };

    /// <summary>Object-level access (OWASP API1): whether this client sees every package, or only its own.</summary>
    public bool ReadsEverything => (Permissions & Permissions.ReadAll) != 0;
}

/// <summary>API Gateway key id → client. Parsed once at init from API_CLIENTS; a bad entry fails init loudly.</summary>
public sealed class ApiClientRegistry
{
    private readonly Dictionary<string, ApiClient> _byKeyId;

    public ApiClientRegistry(IEnumerable<ApiClient> clients)
    {
        _byKeyId = new Dictionary<string, ApiClient>(StringComparer.Ordinal);
        foreach (var client in clients) _byKeyId[client.KeyId] = client;
    }

    public int Count => _byKeyId.Count;

    public ApiClient? Find(string? keyId) => keyId is not null && _byKeyId.TryGetValue(keyId, out var client) ? client : null;

    /// <summary>{"keyId": {"name": "acme", "role": "partner"}, ...}</summary>
    public static ApiClientRegistry Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) throw new ConfigurationException("API_CLIENTS is required: a JSON object mapping API key ids to {\"name\", \"role\"}");
        Dictionary<string, ApiClientSetting>? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(json, FunctionsJsonContext.Default.DictionaryStringApiClientSetting);
        }
        catch (JsonException e)
        {
            throw new ConfigurationException("API_CLIENTS is not valid JSON: " + e.Message);
        }
        if (parsed is null) throw new ConfigurationException("API_CLIENTS must be a JSON object");

        var clients = new List<ApiClient>(parsed.Count);
        foreach (var (keyId, setting) in parsed)
        {
            if (string.IsNullOrWhiteSpace(setting.Name)) throw new ConfigurationException($"API_CLIENTS[{keyId}].name is required");
            var role = setting.Role ?? "";
            var permissions = ApiClient.PermissionsOf(role);
            if (permissions == Permissions.None) throw new ConfigurationException($"API_CLIENTS[{keyId}].role must be partner, reader, admin or privacy, not '{role}'");
            clients.Add(new ApiClient(keyId, setting.Name, role, permissions));
        }
        return new ApiClientRegistry(clients);
    }
}

public sealed class ApiClientSetting
{
    public string? Name { get; set; }
    public string? Role { get; set; }
}

public sealed class ConfigurationException(string message) : Exception(message);
