using Tracking.Contracts.Api;
using Tracking.Functions.Configuration;
using Tracking.Functions.Http;
using Tracking.Functions.Observability;
using Tracking.Functions.Paging;
using Tracking.Functions.Storage;

namespace Tracking.Query;

/// <summary>Composition of the query function: the same wiring for Lambda, tests and benchmarks.</summary>
public static class QueryFunction
{
    public static ApiFunction Create(FunctionSettings settings, ITrackingReadStore store, Stream metricsOutput, TextWriter? errorLog = null)
    {
        var routes = new QueryRoutes(store, new CursorCodec(settings.CursorKey), settings.EventRules);
        var metrics = new MetricsWriter(settings.MetricsNamespace, ApiRoutes.QueryFunction, settings.Stage, metricsOutput, settings.Clock);
        return new ApiFunction(ApiRoutes.QueryFunction, settings, routes.All, metrics, errorLog);
    }
}
