using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Tracking.Contracts.Gateway;

namespace Tracking.LocalStack.Gateway;

/// <summary>Turns an HTTP request into the REST API Lambda proxy event (payload format 1.0) API Gateway would send.</summary>
public static class ProxyEventBuilder
{
    /// <param name="rawPath">The path as sent: REST APIs keep it percent-encoded in `path`, while path parameters arrive decoded.</param>
    public static ApiGatewayProxyRequest Build(HttpContext context, string rawPath, RouteMatch route, ApiClient client, byte[] body, string requestId, string stage)
    {
        var request = context.Request;
        var now = DateTimeOffset.UtcNow;
        var sourceIp = SourceIp(context.Connection.RemoteIpAddress);
        var userAgent = request.Headers.UserAgent.ToString();
        var (headers, multiValueHeaders) = Headers(request, sourceIp, context.Connection.LocalPort);
        var (query, multiValueQuery) = Query(request);
        var isBinary = body.Length > 0 && !IsText(request.ContentType);

        return new ApiGatewayProxyRequest
        {
            Resource = route.Resource,
            Path = rawPath,
            HttpMethod = request.Method,
            Headers = headers,
            MultiValueHeaders = multiValueHeaders,
            QueryStringParameters = query,
            MultiValueQueryStringParameters = multiValueQuery,
            PathParameters = route.PathParameters,
            StageVariables = null,
            RequestContext = new ProxyRequestContext
            {
                AccountId = LocalDefaults.AccountId,
                ApiId = LocalDefaults.ApiId,
                ResourceId = ResourceId(route.Resource),
                ResourcePath = route.Resource,
                HttpMethod = request.Method,
                // The local URL has no stage segment (like a custom domain mapped at the root), so the path the
                // client called is the resource path itself; on execute-api URLs this carries "/{stage}".
                Path = rawPath,
                Protocol = request.Protocol,
                Stage = stage,
                RequestId = requestId,
                ExtendedRequestId = requestId,
                RequestTime = now.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture),
                RequestTimeEpoch = now.ToUnixTimeMilliseconds(),
                DomainName = request.Host.Value,
                Identity = new RequestIdentity
                {
                    ApiKey = client.Key,
                    ApiKeyId = client.KeyId,
                    SourceIp = sourceIp,
                    UserAgent = userAgent.Length > 0 ? userAgent : null,
                },
            },
            Body = body.Length == 0 ? null : isBinary ? Convert.ToBase64String(body) : Encoding.UTF8.GetString(body),
            IsBase64Encoded = isBinary,
        };
    }

    /// <summary>API Gateway passes text through and base64-encodes only binary media types.</summary>
    public static bool IsText(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return true;
        var media = contentType.Split(';', 2)[0].Trim().ToLowerInvariant();
        return media.StartsWith("text/", StringComparison.Ordinal)
            || media is "application/json" or "application/xml" or "application/javascript" or "application/x-www-form-urlencoded"
                or "application/problem+json" or "application/geo+json" or "application/x-amz-json-1.0" or "application/x-amz-json-1.1"
            || media.EndsWith("+json", StringComparison.Ordinal)
            || media.EndsWith("+xml", StringComparison.Ordinal);
    }

    private static (Dictionary<string, string>?, Dictionary<string, List<string>>?) Headers(HttpRequest request, string sourceIp, int localPort)
    {
        var single = new Dictionary<string, string>(StringComparer.Ordinal);
        var multi = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Headers)
        {
            var list = new List<string>(values.Count);
            foreach (var value in values) list.Add(value ?? "");
            if (list.Count == 0) continue;
            multi[name] = list;
            single[name] = list[^1];
        }

        // API Gateway adds these in front of every integration.
        AddIfAbsent("X-Forwarded-For", sourceIp);
        AddIfAbsent("X-Forwarded-Port", localPort.ToString(CultureInfo.InvariantCulture));
        AddIfAbsent("X-Forwarded-Proto", request.Scheme);
        return single.Count == 0 ? (null, null) : (single, multi);

        void AddIfAbsent(string name, string value)
        {
            if (single.Keys.Any(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase))) return;
            single[name] = value;
            multi[name] = [value];
        }
    }

    private static (Dictionary<string, string>?, Dictionary<string, List<string>>?) Query(HttpRequest request)
    {
        if (request.Query.Count == 0) return (null, null);
        var single = new Dictionary<string, string>(StringComparer.Ordinal);
        var multi = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Query)
        {
            var list = new List<string>(values.Count);
            foreach (var value in values) list.Add(value ?? "");
            multi[name] = list;
            single[name] = list.Count > 0 ? list[^1] : "";
        }
        return (single, multi);
    }

    private static string SourceIp(IPAddress? address)
    {
        if (address is null) return "127.0.0.1";
        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }

    /// <summary>A stable short id per resource, like the ones API Gateway assigns.</summary>
    public static string ResourceId(string resource)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        var hash = 2166136261u;
        foreach (var c in resource) hash = unchecked((hash ^ c) * 16777619u);
        var id = new char[6];
        for (var i = 0; i < id.Length; i++)
        {
            id[i] = alphabet[(int)(hash % (uint)alphabet.Length)];
            hash /= (uint)alphabet.Length;
            if (hash == 0) hash = 2166136261u ^ (uint)i;
        }
        return new string(id);
    }
}
