using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Tracking.Contracts.Gateway;
using Tracking.Contracts.Json;

namespace Tracking.Functions.Http;

/// <summary>
/// Reads API Gateway proxy events keeping only the members the functions use. API Gateway repeats every header and
/// query parameter in multiValueHeaders / multiValueQueryStringParameters and sends a dozen requestContext strings we
/// never read; materialising them was most of a status lookup's allocations. Skipped members are still parsed (so a
/// malformed event still fails), just not stored. Same contract types, same source-generated metadata: the
/// modifier only drops properties, so it stays reflection-free.
/// </summary>
public static class ProxyEventReader
{
    private static readonly Dictionary<Type, HashSet<string>> Kept = new()
    {
        [typeof(ApiGatewayProxyRequest)] = ["resource", "path", "httpMethod", "headers", "queryStringParameters", "pathParameters", "requestContext", "body", "isBase64Encoded"],
        [typeof(ProxyRequestContext)] = ["requestId", "path", "identity"],
        [typeof(RequestIdentity)] = ["apiKeyId"],
    };

    private static readonly JsonSerializerOptions Options = new(ContractsJsonContext.Default.Options)
    {
        TypeInfoResolver = ContractsJsonContext.Default.WithAddedModifier(KeepOnlyUsedMembers),
    };

    public static readonly JsonTypeInfo<ApiGatewayProxyRequest> Request =
        (JsonTypeInfo<ApiGatewayProxyRequest>)Options.GetTypeInfo(typeof(ApiGatewayProxyRequest));

    public static ApiGatewayProxyRequest? Read(ReadOnlySpan<byte> payload) => JsonSerializer.Deserialize(payload, Request);

    /// <summary>The request headers any route reads. Browsers and SDKs send a dozen others; API Gateway adds more.</summary>
    public static readonly string[] UsedHeaders = ["content-type", "if-none-match", "prefer"];

    private static void KeepOnlyUsedMembers(JsonTypeInfo typeInfo)
    {
        if (!Kept.TryGetValue(typeInfo.Type, out var kept)) return;
        for (var i = typeInfo.Properties.Count - 1; i >= 0; i--)
        {
            var property = typeInfo.Properties[i];
            if (!kept.Contains(property.Name)) typeInfo.Properties.RemoveAt(i);
            else if (typeInfo.Type == typeof(ApiGatewayProxyRequest) && property.Name == "headers") property.CustomConverter = new UsedHeadersConverter();
        }
    }

    /// <summary>Reads the headers object keeping only <see cref="UsedHeaders"/> (names compared case-insensitively, as HTTP does).</summary>
    private sealed class UsedHeadersConverter : System.Text.Json.Serialization.JsonConverter<Dictionary<string, string>>
    {
        public override Dictionary<string, string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("headers must be an object");
            Dictionary<string, string>? headers = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string? name = null;
                foreach (var used in UsedHeaders)
                {
                    if (NameEquals(ref reader, used))
                    {
                        name = used;
                        break;
                    }
                }
                reader.Read();
                if (name is not null && reader.TokenType == JsonTokenType.String)
                {
                    (headers ??= new Dictionary<string, string>(2, StringComparer.OrdinalIgnoreCase))[name] = reader.GetString()!;
                }
                else
                {
                    reader.Skip();
                }
            }
            return headers ?? [];
        }

        private static bool NameEquals(ref Utf8JsonReader reader, string name)
        {
            if (reader.HasValueSequence || reader.ValueIsEscaped) return string.Equals(reader.GetString(), name, StringComparison.OrdinalIgnoreCase);
            var span = reader.ValueSpan;
            if (span.Length != name.Length) return false;
            for (var i = 0; i < span.Length; i++)
            {
                var c = span[i];
                if (c is >= (byte)'A' and <= (byte)'Z') c = (byte)(c | 0x20);
                if (c != name[i]) return false;
            }
            return true;
        }

        public override void Write(Utf8JsonWriter writer, Dictionary<string, string> value, JsonSerializerOptions options)
            => throw new NotSupportedException("the functions only read proxy events");
    }
}
