using Tracking.Functions;
using Tracking.Functions.Storage.DynamoDb;
using Tracking.Query;

return await FunctionEntryPoint.RunAsync(static (settings, db, metrics) => QueryFunction.Create(settings, new DynamoDbReadStore(db, settings.TableName), metrics)).ConfigureAwait(false);
