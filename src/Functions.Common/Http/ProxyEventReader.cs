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

    private static void KeepOnlyUsedMembers(JsonTypeInfo typeInfo)
    {
        if (!Kept.TryGetValue(typeInfo.Type, out var kept)) return;
        for (var i = typeInfo.Properties.Count - 1; i >= 0; i--)
        {
            if (!kept.Contains(typeInfo.Properties[i].Name)) typeInfo.Properties.RemoveAt(i);
        }
    }
}
