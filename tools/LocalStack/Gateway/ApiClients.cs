using System.Text.Json;
using Tracking.LocalStack.Json;

namespace Tracking.LocalStack.Gateway;

/// <summary>One API key as API Gateway knows it (value and id) and as the functions know it (name and role).</summary>
public sealed class ApiClient
{
    public string Key { get; set; } = "";
    public string KeyId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";
}

/// <summary>What API_CLIENTS holds per key id.</summary>
public sealed class ApiClientIdentity
{
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";
}

/// <summary>The API keys the gateway accepts. Defaults are the documented demo keys; --clients replaces them.</summary>
public sealed class ApiClients
{
    private readonly Dictionary<string, ApiClient> _byKey;

    public ApiClients(IEnumerable<ApiClient> clients)
    {
        All = clients.ToList();
        _byKey = All.ToDictionary(c => c.Key, StringComparer.Ordinal);
    }

    public IReadOnlyList<ApiClient> All { get; }

    public static ApiClients Defaults { get; } = new(
    [
        new ApiClient { Key = "local-partner-key", KeyId = "local-partner", Name = "local-partner", Role = "partner" },
        new ApiClient { Key = "local-reader-key", KeyId = "local-reader", Name = "local-reader", Role = "reader" },
        new ApiClient { Key = "local-admin-key", KeyId = "local-admin", Name = "local-admin", Role = "admin" },
    ]);

    /// <summary>A JSON array of {"key", "keyId", "name", "role"}.</summary>
    public static ApiClients Load(string path)
    {
        using var stream = File.OpenRead(path);
        var clients = JsonSerializer.Deserialize(stream, LocalStackJsonContext.Default.ListApiClient)
            ?? throw new InvalidDataException($"{path} is empty.");
        foreach (var client in clients)
        {
            if (client.Key.Length == 0 || client.KeyId.Length == 0 || client.Role.Length == 0)
                throw new InvalidDataException($"{path}: every client needs key, keyId and role.");
            if (client.Name.Length == 0) client.Name = client.KeyId;
        }
        return new ApiClients(clients);
    }

    public ApiClient? FindByKey(string? key) => key is not null && _byKey.TryGetValue(key, out var client) ? client : null;

    /// <summary>The API_CLIENTS value the functions read: {"keyId": {"name", "role"}}.</summary>
    public string ToApiClientsJson()
    {
        var map = All.ToDictionary(c => c.KeyId, c => new ApiClientIdentity { Name = c.Name, Role = c.Role });
        return JsonSerializer.Serialize(map, LocalStackJsonContext.Default.DictionaryStringApiClientIdentity);
    }
}
