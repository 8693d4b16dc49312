using System.Text.Json;
using Tracking.Contracts.Gateway;

namespace Tracking.Functions.Http;

/// <summary>
/// Reads API Gateway proxy events (payload 1.0) with one Utf8JsonReader pass, keeping only the members the functions
/// use. Why by hand: the serializer builds its metadata for the event types on first use, which in a cold process is
/// CPU spent before the first response (bench/README.md, levers); and API Gateway repeats every header and query
/// parameter in multiValueHeaders / multiValueQueryStringParameters and sends a dozen requestContext strings we never
/// read. Skipped members are still parsed, so a malformed event still fails. Same rules as the contracts' serializer
/// context: exact member names, a repeated member refused, a value of the wrong type refused.
/// </summary>
public static class ProxyEventReader
{
    /// <summary>The request headers any route reads. Browsers and SDKs send a dozen others; API Gateway adds more.</summary>
    public static readonly string[] UsedHeaders = ["content-type", "if-none-match", "prefer"];

    /// <summary>The event, or null for a JSON null; a JsonException for anything that is not a proxy event's JSON.</summary>
    public static ApiGatewayProxyRequest? Read(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload);
        if (!reader.Read()) throw new JsonException("the payload is empty");
        ApiGatewayProxyRequest? request = null;
        if (reader.TokenType != JsonTokenType.Null) request = ReadRequest(ref reader);
        if (reader.Read()) throw new JsonException("the payload continues after the event");
        return request;
    }

    private static ApiGatewayProxyRequest ReadRequest(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "the event");
        var request = new ApiGatewayProxyRequest();
        var seen = new Seen();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("resource"u8)) request.Resource = String(ref reader, ref seen, 0);
            else if (reader.ValueTextEquals("path"u8)) request.Path = String(ref reader, ref seen, 1);
            else if (reader.ValueTextEquals("httpMethod"u8)) request.HttpMethod = String(ref reader, ref seen, 2);
            else if (reader.ValueTextEquals("headers"u8)) request.Headers = Headers(ref reader, ref seen, 3);
            else if (reader.ValueTextEquals("queryStringParameters"u8)) request.QueryStringParameters = Map(ref reader, ref seen, 4);
            else if (reader.ValueTextEquals("pathParameters"u8)) request.PathParameters = Map(ref reader, ref seen, 5);
            else if (reader.ValueTextEquals("requestContext"u8)) request.RequestContext = Context(ref reader, ref seen, 6);
            else if (reader.ValueTextEquals("body"u8)) request.Body = String(ref reader, ref seen, 7);
            else if (reader.ValueTextEquals("isBase64Encoded"u8)) request.IsBase64Encoded = Boolean(ref reader, ref seen, 8);
            else reader.Skip();
        }
        return request;
    }

    private static ProxyRequestContext? Context(ref Utf8JsonReader reader, ref Seen parent, int member)
    {
        if (!ObjectOrNull(ref reader, ref parent, member, "requestContext")) return null;
        var context = new ProxyRequestContext();
        var seen = new Seen();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("requestId"u8)) context.RequestId = String(ref reader, ref seen, 0);
            else if (reader.ValueTextEquals("path"u8)) context.Path = String(ref reader, ref seen, 1);
            else if (reader.ValueTextEquals("identity"u8)) context.Identity = Identity(ref reader, ref seen, 2);
            else reader.Skip();
        }
        return context;
    }

    private static RequestIdentity? Identity(ref Utf8JsonReader reader, ref Seen parent, int member)
    {
        if (!ObjectOrNull(ref reader, ref parent, member, "requestContext.identity")) return null;
        var identity = new RequestIdentity();
        var seen = new Seen();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("apiKeyId"u8)) identity.ApiKeyId = String(ref reader, ref seen, 0);
            else reader.Skip();
        }
        return identity;
    }

    /// <summary>The headers object keeping only <see cref="UsedHeaders"/> (names compared case-insensitively, as HTTP does).</summary>
    private static Dictionary<string, string>? Headers(ref Utf8JsonReader reader, ref Seen parent, int member)
    {
        if (!ObjectOrNull(ref reader, ref parent, member, "headers")) return null;
        Dictionary<string, string>? headers = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string? name = null;
            foreach (var used in UsedHeaders)
            {
                if (NameEqualsIgnoringAsciiCase(ref reader, used))
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

    /// <summary>A string → string object (query or path parameters); a repeated name is refused.</summary>
    private static Dictionary<string, string>? Map(ref Utf8JsonReader reader, ref Seen parent, int member)
    {
        if (!ObjectOrNull(ref reader, ref parent, member, "a parameter map")) return null;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            var value = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString()!,
                JsonTokenType.Null => null!,
                _ => throw new JsonException($"parameter '{name}' must be a string"),
            };
            if (!map.TryAdd(name, value)) throw new JsonException($"parameter '{name}' appears twice");
        }
        return map;
    }

    private static string? String(ref Utf8JsonReader reader, ref Seen seen, int member)
    {
        seen.Once(ref reader, member);
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw new JsonException($"{reader.TokenType} where a string was expected"),
        };
    }

    private static bool Boolean(ref Utf8JsonReader reader, ref Seen seen, int member)
    {
        seen.Once(ref reader, member);
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => throw new JsonException($"{reader.TokenType} where true or false was expected"),
        };
    }

    /// <summary>Reads a member's value: true at the start of an object, false for null, a JsonException for anything else.</summary>
    private static bool ObjectOrNull(ref Utf8JsonReader reader, ref Seen parent, int member, string what)
    {
        parent.Once(ref reader, member);
        if (!reader.Read() || reader.TokenType == JsonTokenType.Null) return false;
        Expect(ref reader, JsonTokenType.StartObject, what);
        return true;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType != type) throw new JsonException($"{what} must be a JSON object, not {reader.TokenType}");
    }

    private static bool NameEqualsIgnoringAsciiCase(ref Utf8JsonReader reader, string name)
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

    /// <summary>Which members of one object were read: a repeated member is refused, as the serializer context does.</summary>
    private struct Seen
    {
        private int _bits;

        public void Once(ref Utf8JsonReader reader, int member)
        {
            var bit = 1 << member;
            if ((_bits & bit) != 0) throw new JsonException($"'{reader.GetString()}' appears twice");
            _bits |= bit;
        }
    }
}
