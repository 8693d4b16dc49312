using Tracking.Functions;
using Tracking.Query;

return await FunctionEntryPoint.RunAsync(static (settings, db, metrics) => QueryFunction.OnDynamoDb(settings, db, metrics)).ConfigureAwait(false);
