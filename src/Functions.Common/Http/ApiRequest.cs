using Tracking.Contracts.Gateway;
using Tracking.Functions.Configuration;
using Tracking.Functions.Observability;

namespace Tracking.Functions.Http;

/// <summary>One authenticated, routed request as a route handler sees it.</summary>
public sealed class ApiRequest
{
    public required ApiGatewayProxyRequest Event { get; init; }
    public required ApiClient Client { get; init; }
    public required RequestMetrics Metrics { get; init; }
    public required DateTime ReceivedAt { get; init; }

    /// <summary>The request path as the client sent it, for problem "instance".</summary>
    public string? Path => Event.Path;
}

public delegate ValueTask RouteHandler(ApiRequest request, ResponseBuilder response, CancellationToken cancellationToken);

/// <summary>A method on a resource this function serves, with the permission it needs.</summary>
public sealed record Route(string Resource, string Method, Permissions Requires, RouteHandler Handler);
