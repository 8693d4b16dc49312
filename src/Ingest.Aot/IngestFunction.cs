using Tracking.Contracts.Api;
using Tracking.Functions.Configuration;
using Tracking.Functions.Http;
using Tracking.Functions.Observability;
using Tracking.Functions.Paging;
using Tracking.Functions.Storage;
using Tracking.Functions.Storage.DynamoDb;
using Tracking.Ingest.Retry;

namespace Tracking.Ingest;

/// <summary>Composition of the ingest function: the same wiring for Lambda, tests and benchmarks.</summary>
public static class IngestFunction
{
    /// <summary>The ingest API on its store. <paramref name="subjects"/> (export, erasure, audit) defaults to
    /// <paramref name="store"/> itself when it is all of them, as the in-memory store is; without
    /// <paramref name="retry"/> an update that cannot be written is answered 503 instead of queued.</summary>
    public static ApiFunction Create(FunctionSettings settings, ITrackingWriteStore store, Stream metricsOutput, TextWriter? errorLog = null,
        DataSubjectStores? subjects = null, RetryPath? retry = null)
    {
        subjects = SubjectsOf(store, subjects);
        var routes = new IngestRoutes(new AcceptingWriter(store, retry), settings.EventRules);
        var dataSubjects = new DataSubjectRoutes(subjects, new CursorCodec(settings.CursorKey), settings.Privacy, retry);
        var metrics = new MetricsWriter(settings.MetricsNamespace, ApiRoutes.IngestFunction, settings.Stage, metricsOutput, settings.Clock);
        return new ApiFunction(ApiRoutes.IngestFunction, settings, [.. routes.All, .. dataSubjects.All], metrics, errorLog);
    }

    /// <summary>The stores of data-subject requests on DynamoDB.</summary>
    public static DataSubjectStores DynamoDbSubjects(FunctionSettings settings, IDynamoDb db) => new(
        new DynamoDbReadStore(db, settings.TableName),
        new DynamoDbErasureStore(db, settings.TableName, settings.Privacy.TombstoneExpiresAt),
        new DynamoDbAuditStore(db, settings.TableName));

    /// <summary>The ingest API on DynamoDB without the retry queue (benchmarks, fuzzing).</summary>
    public static ApiFunction OnDynamoDb(FunctionSettings settings, IDynamoDb db, Stream metricsOutput, TextWriter? errorLog = null)
        => Create(settings, new DynamoDbWriteStore(db, settings.TableName, settings.ExpiresAt), metricsOutput, errorLog, DynamoDbSubjects(settings, db));

    /// <summary>The API plus, when RETRY_QUEUE_URL is set, the retry consumer for SQS events; both write through one store.</summary>
    public static IngestHandler CreateHandler(FunctionSettings settings, ITrackingWriteStore store, Stream metricsOutput, RetrySettings retry, IRetryQueueClient queue,
        TextWriter? errorLog = null, DataSubjectStores? subjects = null)
    {
        if (!retry.Enabled) return new IngestHandler(Create(settings, store, metricsOutput, errorLog, subjects), null);
        var log = errorLog ?? Console.Error;
        var metrics = new RetryMetrics(settings.MetricsNamespace, settings.Stage, metricsOutput, settings.Clock);
        subjects = SubjectsOf(store, subjects);
        var erasures = new ErasureContinuation(subjects.Erasure, subjects.Audit, settings.Privacy, queue, settings.Clock);
        var consumer = new RetryConsumer(store, settings.EventRules, queue, retry, settings, metrics, log, erasures);
        return new IngestHandler(Create(settings, store, metricsOutput, errorLog, subjects, new RetryPath(queue, metrics, log)), consumer);
    }

    private static DataSubjectStores SubjectsOf(ITrackingWriteStore store, DataSubjectStores? subjects)
        => subjects ?? (store is ITrackingReadStore read && store is IErasureStore erasure && store is IAuditStore audit
            ? new DataSubjectStores(read, erasure, audit)
            : throw new ArgumentException("the data-subject stores are required unless the store provides them", nameof(subjects)));
}
