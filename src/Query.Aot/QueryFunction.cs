using Tracking.Contracts.Api;
using Tracking.Functions.Configuration;
using Tracking.Functions.Http;
using Tracking.Functions.Observability;
using Tracking.Functions.Paging;
using Tracking.Functions.Storage;
using Tracking.Functions.Storage.DynamoDb;

namespace Tracking.Query;

/// <summary>Composition of the query function: the same wiring for Lambda, tests and benchmarks.</summary>
public static class QueryFunction
{
    /// <summary>The query function on its store; <paramref name="audit"/> defaults to <paramref name="store"/> when it
    /// keeps the audit trail too, as the in-memory store does.</summary>
    public static ApiFunction Create(FunctionSettings settings, ITrackingReadStore store, Stream metricsOutput, TextWriter? errorLog = null, IAuditStore? audit = null)
    {
        audit ??= store as IAuditStore ?? throw new ArgumentException("the audit store is required unless the store provides it", nameof(audit));
        var cursors = new CursorCodec(settings.CursorKey);
        var routes = new QueryRoutes(store, cursors, settings.EventRules);
        var audits = new AuditRoutes(audit, cursors, settings.Privacy);
        var metrics = new MetricsWriter(settings.MetricsNamespace, ApiRoutes.QueryFunction, settings.Stage, metricsOutput, settings.Clock);
        return new ApiFunction(ApiRoutes.QueryFunction, settings, [.. routes.All, .. audits.All], metrics, errorLog);
    }

    /// <summary>The query function on DynamoDB, as Lambda runs it.</summary>
    public static ApiFunction OnDynamoDb(FunctionSettings settings, IDynamoDb db, Stream metricsOutput, TextWriter? errorLog = null)
        => Create(settings, new DynamoDbReadStore(db, settings.TableName), metricsOutput, errorLog, new DynamoDbAuditStore(db, settings.TableName));
}
