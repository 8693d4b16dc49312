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
    public static ApiFunction Create(FunctionSettings settings, IDynamoDb db, Stream metricsOutput, TextWriter? errorLog = null, RetryPath? retry = null)
    {
        var writer = new AcceptingWriter(new EventWriter(db, settings.TableName, settings.ExpiresAt), retry);
        var routes = new IngestRoutes(writer, settings.EventRules);
        var metrics = new MetricsWriter(settings.MetricsNamespace, ApiRoutes.IngestFunction, settings.Stage, metricsOutput, settings.Clock);
        return new ApiFunction(ApiRoutes.IngestFunction, settings, routes.All, metrics, errorLog);
    }

    /// <summary>The API plus, when RETRY_QUEUE_URL is set, the retry consumer for SQS events.</summary>
    public static IngestHandler CreateHandler(FunctionSettings settings, IDynamoDb db, Stream metricsOutput, RetrySettings retry, IRetryQueueClient queue, TextWriter? errorLog = null)
    {
        if (!retry.Enabled) return new IngestHandler(Create(settings, db, metricsOutput, errorLog), null);
        var log = errorLog ?? Console.Error;
        var metrics = new RetryMetrics(settings.MetricsNamespace, settings.Stage, metricsOutput, settings.Clock);
        var consumer = new RetryConsumer(new EventWriter(db, settings.TableName, settings.ExpiresAt), settings.EventRules, queue, retry, settings, metrics, log);
        return new IngestHandler(Create(settings, db, metricsOutput, errorLog, new RetryPath(queue, metrics, log)), consumer);
    }
}
