using Tracking.Contracts.Api;
using Tracking.Functions.Configuration;
using Tracking.Functions.Http;
using Tracking.Functions.Observability;
using Tracking.Functions.Storage;

namespace Tracking.Ingest;

/// <summary>Composition of the ingest function: the same wiring for Lambda, tests and benchmarks.</summary>
public static class IngestFunction
{
    public static ApiFunction Create(FunctionSettings settings, ITrackingWriteStore store, Stream metricsOutput, TextWriter? errorLog = null)
    {
        var routes = new IngestRoutes(store, settings.EventRules);
        var metrics = new MetricsWriter(settings.MetricsNamespace, ApiRoutes.IngestFunction, settings.Stage, metricsOutput, settings.Clock);
        return new ApiFunction(ApiRoutes.IngestFunction, settings, routes.All, metrics, errorLog);
    }
}
