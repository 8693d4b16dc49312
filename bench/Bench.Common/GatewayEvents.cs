using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tracking.Contracts.Json;
using Tracking.LocalStack.Gateway;

namespace Tracking.Bench;

/// <summary>
/// API Gateway REST proxy events (payload 1.0) built by the local stack's own gateway code from an HTTP request,
/// so the benchmarks and the cold-start harness feed the functions what they get behind API Gateway.
/// </summary>
public static class GatewayEvents
{
    public const string Stage = "bench";
    public const string Host = "api.bench.local";

    private static readonly RouteTable Routes = new(ApiDefinition.LoadDefault());

    /// <summary>The demo client with the given role (partner, reader, admin), as the local stack defines it.</summary>
    public static ApiClient Client(string role)
        => ApiClients.Defaults.All.First(c => c.Role == role);

    /// <summary>The API_CLIENTS value matching <see cref="ApiClients.Defaults"/>.</summary>
    public static string ApiClientsJson => ApiClients.Defaults.ToApiClientsJson();

    public static byte[] Build(string method, string pathAndQuery, string? jsonBody = null, string role = "partner",
        IReadOnlyDictionary<string, string>? headers = null, string? requestId = null)
    {
        var client = Client(role);
        var body = jsonBody is null ? [] : Encoding.UTF8.GetBytes(jsonBody);
        var context = new DefaultHttpContext();
        var request = context.Request;
        var queryAt = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        request.Method = method;
        request.Scheme = "https";
        request.Protocol = "HTTP/1.1";
        request.Host = new HostString(Host);
        request.Path = queryAt < 0 ? pathAndQuery : pathAndQuery[..queryAt];
        request.QueryString = queryAt < 0 ? QueryString.Empty : new QueryString(pathAndQuery[queryAt..]);
        request.Headers.Accept = "application/json";
        request.Headers.UserAgent = "bench/1.0";
        request.Headers["x-api-key"] = client.Key;
        if (jsonBody is not null)
        {
            request.Headers.ContentType = "application/json";
            request.ContentLength = body.Length;
        }
        if (headers is not null)
        {
            foreach (var (name, value) in headers) request.Headers[name] = value;
        }
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback;
        context.Connection.LocalPort = 443;

        var rawPath = queryAt < 0 ? pathAndQuery : pathAndQuery[..queryAt];
        var route = Routes.Match(method, rawPath)
                    ?? throw new ArgumentException($"no route in openapi.json for {method} {pathAndQuery}");
        var proxyEvent = ProxyEventBuilder.Build(context, rawPath, route, client, body, requestId ?? Guid.NewGuid().ToString(), Stage);
        return JsonSerializer.SerializeToUtf8Bytes(proxyEvent, ContractsJsonContext.Default.ApiGatewayProxyRequest);
    }

    /// <summary>A valid single-event body; eventId fixed so a repeat is a duplicate, not a new event.</summary>
    public static string EventBody(string eventId, DateTimeOffset timestamp, string status = "in_transit", double lat = 47.6062, double lon = -122.3321)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        return $$$"""{"status":"{{{status}}}","timestamp":"{{{timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", invariant)}}}","location":{"lat":{{{lat.ToString(invariant)}}},"lon":{{{lon.ToString(invariant)}}}},"eventType":"status_update","eventId":"{{{eventId}}}","metadata":{"hub":"SEA-1","attempt":1,"signed":false}}""";
    }
}
