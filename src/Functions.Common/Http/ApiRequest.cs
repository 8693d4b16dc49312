using Tracking.Contracts.Api;
using Tracking.Contracts.Gateway;
using Tracking.Functions.Configuration;
using Tracking.Functions.Observability;
using Tracking.Functions.Resilience;

namespace Tracking.Functions.Http;

/// <summary>One authenticated, routed request as a route handler sees it.</summary>
public sealed class ApiRequest
{
    public required ApiGatewayProxyRequest Event { get; init; }
    public required ApiClient Client { get; init; }
    public required RequestMetrics Metrics { get; init; }
    public required DateTime ReceivedAt { get; init; }

    /// <summary>The storage time this invocation has left; its token is the one handlers receive.</summary>
    public required InvocationBudget Budget { get; init; }

    /// <summary>The request path as the client sent it, for problem "instance".</summary>
    public string? Path => Event.Path;

    /// <summary>
    /// What precedes the API's own paths in the URL the client called: "/prod" on the execute-api URL
    /// (requestContext.path carries the stage, path does not), "" behind a custom domain mapped at the root.
    /// Links we hand out (Location) must carry it.
    /// </summary>
    public string BasePath
    {
        get
        {
            var full = Event.RequestContext?.Path;
            var path = Event.Path;
            return full is not null && path is not null && full.Length > path.Length && full.EndsWith(path, StringComparison.Ordinal)
                ? full[..^path.Length]
                : "";
        }
    }
}

public delegate ValueTask RouteHandler(ApiRequest request, ResponseBuilder response, CancellationToken cancellationToken);

/// <summary>A method on a resource this function serves, with the permission it needs.</summary>
public sealed record Route(string Resource, string Method, Permissions Requires, RouteHandler Handler);
