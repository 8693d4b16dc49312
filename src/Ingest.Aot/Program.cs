using Tracking.Functions;
using Tracking.Ingest;

return await FunctionEntryPoint.RunAsync(static (settings, db, metrics) => IngestFunction.Create(settings, db, metrics)).ConfigureAwait(false);
