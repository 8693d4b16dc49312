using Tracking.Functions;
using Tracking.Functions.Storage.DynamoDb;
using Tracking.Ingest;

return await FunctionEntryPoint.RunAsync(static (settings, db, metrics) => IngestFunction.Create(settings, new DynamoDbWriteStore(db, settings.TableName, settings.ExpiresAt), metrics)).ConfigureAwait(false);
