using Tracking.Contracts.Api;
using Tracking.Functions.Configuration;
using Tracking.Functions.Http;
using Tracking.Functions.Observability;
using Tracking.Functions.Storage;
using Tracking.Ingest.Retry;

namespace Tracking.Ingest;

/// <summary>Composition of the ingest function: the same wiring for Lambda, tests and benchmarks.</summary>
public static class IngestFunction
{
    public static ApiFunction Create(FunctionSettings settings, ITrackingWriteStore store, Stream metricsOutput, TextWriter? errorLog = null, RetryPath? retry = null)
    {
        var routes = new IngestRoutes(new AcceptingWriter(store, retry), settings.EventRules);
        var metrics = new MetricsWriter(settings.MetricsNamespace, ApiRoutes.IngestFunction, settings.Stage, metricsOutput, settings.Clock);
        return new ApiFunction(ApiRoutes.IngestFunction, settings, routes.All, metrics, errorLog);
    }

    /// <summary>The API plus, when RETRY_QUEUE_URL is set, the retry consumer for SQS events; both write through one store.</summary>
    public static IngestHandler CreateHandler(FunctionSettings settings, ITrackingWriteStore store, Stream metricsOutput, RetrySettings retry, IRetryQueueClient queue, TextWriter? errorLog = null)
    {
        if (!retry.Enabled) return new IngestHandler(Create(settings, store, metricsOutput, errorLog), null);
        var log = errorLog ?? Console.Error;
        var metrics = new RetryMetrics(settings.MetricsNamespace, settings.Stage, metricsOutput, settings.Clock);
        var consumer = new RetryConsumer(store, settings.EventRules, queue, retry, settings, metrics, log);
        return new IngestHandler(Create(settings, store, metricsOutput, errorLog, new RetryPath(queue, metrics, log)), consumer);
    }
}
