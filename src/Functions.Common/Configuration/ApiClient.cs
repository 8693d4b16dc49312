using System.Text.Json;
using Tracking.Contracts.Api;

namespace Tracking.Functions.Configuration;

/// <summary>A caller: its role's permissions come from x-tracking-roles of openapi.json (generated <see cref="Roles"/>).</summary>
public sealed record ApiClient(string KeyId, string Name, string Role, Permissions Permissions)
{
    public static Permissions PermissionsOf(string role) => Roles.PermissionsOf(role);
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
            if (permissions == Permissions.None) throw new ConfigurationException($"API_CLIENTS[{keyId}].role must be one of {Roles.AllowedList}, not '{role}'");
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
