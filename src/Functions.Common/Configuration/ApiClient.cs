using Tracking.Contracts.Api;

namespace Tracking.Functions.Configuration;

/// <summary>A caller: its role's permissions come from x-tracking-roles of openapi.json (generated <see cref="Roles"/>).</summary>
public sealed record ApiClient(string KeyId, string Name, string Role, Permissions Permissions)
{
    public static Permissions PermissionsOf(string role) => Roles.PermissionsOf(role);

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
        return new ApiClientRegistry(ApiClientsJson.Parse(json));
    }
}

public sealed class ConfigurationException(string message) : Exception(message);
