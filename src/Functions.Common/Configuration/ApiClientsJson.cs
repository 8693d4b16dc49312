using System.Text;
using System.Text.Json;
using Tracking.Contracts.Api;

namespace Tracking.Functions.Configuration;

/// <summary>
/// Reads API_CLIENTS, {"keyId": {"name": "acme", "role": "partner"}, ...}, with one Utf8JsonReader pass. It runs in
/// every cold start's init: System.Text.Json's serializer would first build its metadata for the dictionary and the
/// setting type, which cost ~1 ms of CPU there (bench/README.md, levers). Same rules as the serializer had: exact
/// (case-sensitive) member names, unknown members ignored, repeated key ids or members refused.
/// </summary>
internal static class ApiClientsJson
{
    private const string Shape = "a JSON object mapping API key ids to {\"name\", \"role\"}";

    public static List<ApiClient> Parse(string json)
    {
        var clients = new List<ApiClient>();
        var keyIds = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new ConfigurationException($"API_CLIENTS must be {Shape}");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var keyId = reader.GetString()!;
                if (!keyIds.Add(keyId)) throw new ConfigurationException($"API_CLIENTS: key id '{keyId}' appears twice");
                clients.Add(ReadClient(ref reader, keyId));
            }
            if (reader.Read()) throw new ConfigurationException($"API_CLIENTS must be {Shape}, and nothing after it");
        }
        catch (JsonException e)
        {
            throw new ConfigurationException("API_CLIENTS is not valid JSON: " + e.Message);
        }
        return clients;
    }

    private static ApiClient ReadClient(ref Utf8JsonReader reader, string keyId)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new ConfigurationException($"API_CLIENTS[{keyId}] must be an object {{\"name\", \"role\"}}");
        string? name = null, role = null;
        bool seenName = false, seenRole = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8)) name = ReadString(ref reader, keyId, "name", ref seenName);
            else if (reader.ValueTextEquals("role"u8)) role = ReadString(ref reader, keyId, "role", ref seenRole);
            else reader.Skip();
        }

        if (string.IsNullOrWhiteSpace(name)) throw new ConfigurationException($"API_CLIENTS[{keyId}].name is required");
        role ??= "";
        var permissions = ApiClient.PermissionsOf(role);
        if (permissions == Permissions.None) throw new ConfigurationException($"API_CLIENTS[{keyId}].role must be one of {Roles.AllowedList}, not '{role}'");
        return new ApiClient(keyId, name, role, permissions);
    }

    private static string? ReadString(ref Utf8JsonReader reader, string keyId, string member, ref bool seen)
    {
        if (seen) throw new ConfigurationException($"API_CLIENTS[{keyId}].{member} appears twice");
        seen = true;
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw new ConfigurationException($"API_CLIENTS[{keyId}].{member} must be a string"),
        };
    }
}
