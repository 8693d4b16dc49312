using Tracking.Contracts.Api;
using Tracking.Functions.Configuration;
using Tracking.Functions.Http;
using Tracking.Functions.Observability;
using Tracking.Functions.Paging;
using Tracking.Functions.Storage;
using Tracking.Functions.Storage.DynamoDb;

namespace Tracking.Ingest;

/// <summary>Composition of the ingest function: the same wiring for Lambda, tests and benchmarks.</summary>
public static class IngestFunction
{
    /// <summary>The ingest function on its store. <paramref name="subjects"/> (export, erasure, audit) defaults to
    /// <paramref name="store"/> itself when it is all of them, as the in-memory store is.</summary>
    public static ApiFunction Create(FunctionSettings settings, ITrackingWriteStore store, Stream metricsOutput, TextWriter? errorLog = null, DataSubjectStores? subjects = null)
    {
        subjects ??= store is ITrackingReadStore read && store is IErasureStore erasure && store is IAuditStore audit
            ? new DataSubjectStores(read, erasure, audit)
            : throw new ArgumentException("the data-subject stores are required unless the store provides them", nameof(subjects));
        var routes = new IngestRoutes(store, settings.EventRules);
        var dataSubjects = new DataSubjectRoutes(subjects, new CursorCodec(settings.CursorKey), settings.Privacy);
        var metrics = new MetricsWriter(settings.MetricsNamespace, ApiRoutes.IngestFunction, settings.Stage, metricsOutput, settings.Clock);
        return new ApiFunction(ApiRoutes.IngestFunction, settings, [.. routes.All, .. dataSubjects.All], metrics, errorLog);
    }

    /// <summary>The ingest function on DynamoDB, as Lambda runs it.</summary>
    public static ApiFunction OnDynamoDb(FunctionSettings settings, IDynamoDb db, Stream metricsOutput, TextWriter? errorLog = null)
        => Create(settings, new DynamoDbWriteStore(db, settings.TableName, settings.ExpiresAt), metricsOutput, errorLog, new DataSubjectStores(
            new DynamoDbReadStore(db, settings.TableName),
            new DynamoDbErasureStore(db, settings.TableName, settings.Privacy.TombstoneExpiresAt),
            new DynamoDbAuditStore(db, settings.TableName)));
}
