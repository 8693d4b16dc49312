using Tracking.Functions;
using Tracking.Ingest;

return await FunctionEntryPoint.RunAsync(static (settings, db, metrics) => IngestFunction.OnDynamoDb(settings, db, metrics)).ConfigureAwait(false);
