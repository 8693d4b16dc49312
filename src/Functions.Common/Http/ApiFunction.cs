using System.Buffers;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Tracking.Contracts;
using Tracking.Contracts.Api;
using Tracking.Contracts.Gateway;
using Tracking.Functions.Configuration;
using Tracking.Functions.Observability;
using Tracking.LambdaRuntime;

namespace Tracking.Functions.Http;

/// <summary>
/// The request pipeline both functions share: proxy event in → key → route → method → role → handler → proxy
/// response out, plus one metrics/access-log line. Anything a client sends ends in a 4xx here; only our own
/// faults (or DynamoDB's) become 5xx, and those are logged with the request id.
/// </summary>
public sealed class ApiFunction : ILambdaHandler, IDisposable
{
    private readonly string _service;
    private readonly FunctionSettings _settings;
    private readonly Dictionary<string, Route[]> _routes;
    private readonly MetricsWriter _metricsWriter;
    private readonly TextWriter _errorLog;
    private readonly ResponseBuilder _response = new();
    private readonly ProxyEnvelope _envelope = new();
    private readonly RequestMetrics _metrics = new();

    public ApiFunction(string service, FunctionSettings settings, IEnumerable<Route> routes, MetricsWriter metricsWriter, TextWriter? errorLog = null)
    {
        _service = service;
        _settings = settings;
        _metricsWriter = metricsWriter;
        _errorLog = errorLog ?? Console.Error;
        _routes = routes.GroupBy(r => r.Resource, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    public async ValueTask HandleAsync(ReadOnlyMemory<byte> payload, LambdaContext context, IBufferWriter<byte> response, CancellationToken cancellationToken)
    {
        var started = _settings.Clock.GetTimestamp();
        // Not from API Gateway if this fails to parse: let it throw, the runtime reports the invocation as an error.
        var request = ProxyEventReader.Read(payload.Span)
                      ?? throw new InvalidDataException("the invocation payload is not an API Gateway proxy event");

        _response.Reset();
        _metrics.Reset();
        _response.RequestId = request.RequestContext?.RequestId;
        var definition = ApiRoutes.Find(request.Resource);
        var routeName = RouteName(request, definition);
        var client = _settings.Clients.Find(request.RequestContext?.Identity?.ApiKeyId);

        if (client is null)
        {
            _response.Forbidden();
        }
        else
        {
            await DispatchAsync(request, definition, client, context, routeName, cancellationToken).ConfigureAwait(false);
        }

        _envelope.Write(_response, response);

        var elapsedMs = _settings.Clock.GetElapsedTime(started).TotalMilliseconds;
        var cost = _settings.Prices.Estimate(elapsedMs, _settings.MemoryMb, _metrics.ReadUnits, _metrics.WriteUnits);
        _metricsWriter.Write(new RequestRecord(routeName, _response.StatusCode, elapsedMs, _metrics, cost,
            context.RequestId, request.RequestContext?.RequestId, client?.Name, context.TraceId));
    }

    private async ValueTask DispatchAsync(ApiGatewayProxyRequest request, RouteDefinition? definition, ApiClient client, LambdaContext context,
        string routeName, CancellationToken cancellationToken)
    {
        if (definition is null || !_routes.TryGetValue(definition.Resource, out var methods))
        {
            _response.Problem(ProblemTypes.RouteNotFound, $"no route matches {request.HttpMethod} {request.Path}", instance: request.Path);
            return;
        }

        Route? route = null;
        foreach (var candidate in methods)
        {
            if (string.Equals(candidate.Method, request.HttpMethod, StringComparison.Ordinal))
            {
                route = candidate;
                break;
            }
        }
        if (route is null)
        {
            _response.Problem(ProblemTypes.MethodNotAllowed, $"{request.HttpMethod} is not allowed on {definition.Resource}; allowed: {definition.Allow}", instance: request.Path);
            _response.Header("allow", definition.Allow);
            return;
        }

        if ((client.Permissions & route.Requires) != route.Requires)
        {
            _response.Problem(ProblemTypes.InsufficientRole, $"the role '{client.Role}' of client '{client.Name}' cannot {request.HttpMethod} {definition.Resource}", instance: request.Path);
            return;
        }

        var apiRequest = new ApiRequest
        {
            Event = request,
            Client = client,
            Metrics = _metrics,
            ReceivedAt = _settings.Clock.GetUtcNow().UtcDateTime,
        };
        try
        {
            await route.Handler(apiRequest, _response, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsThrottling(e))
        {
            _response.Reset();
            _response.RequestId = request.RequestContext?.RequestId;
            _response.Problem(ProblemTypes.Throttled, "DynamoDB is throttling this table; the request was not completed and is safe to retry");
            _response.Header("retry-after", "1");
            LogError(e, context, request, routeName);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _response.Reset();
            _response.RequestId = request.RequestContext?.RequestId;
            _response.Problem(ProblemTypes.Internal, "an unexpected error occurred; it has been logged with this request id");
            LogError(e, context, request, routeName);
        }
    }

    private static bool IsThrottling(Exception e) => e is ProvisionedThroughputExceededException or RequestLimitExceededException
        || (e is AmazonDynamoDBException ddb && (ddb.ErrorCode is "ThrottlingException" or "ThrottlingError"));

    private void LogError(Exception e, LambdaContext context, ApiGatewayProxyRequest request, string routeName)
    {
        // A JSON line CloudWatch Logs Insights can filter on (level = "ERROR").
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("level", "ERROR");
            w.WriteString("service", _service);
            w.WriteString("requestId", context.RequestId);
            w.WriteString("apiRequestId", request.RequestContext?.RequestId);
            w.WriteString("route", routeName);
            w.WriteString("errorType", e.GetType().FullName);
            w.WriteString("errorMessage", e.Message);
            w.WriteString("stackTrace", e.StackTrace);
            w.WriteEndObject();
        }
        _errorLog.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
        _errorLog.Flush();
    }

    private static string RouteName(ApiGatewayProxyRequest request, RouteDefinition? definition)
        => definition is null ? "unmatched" : string.Concat(request.HttpMethod, " ", definition.Resource);

    public void Dispose()
    {
        _response.Dispose();
        _envelope.Dispose();
    }
}
