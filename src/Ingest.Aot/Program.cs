using Tracking.Functions;
using Tracking.Functions.Storage.DynamoDb;
using Tracking.Ingest;
using Tracking.Ingest.Retry;

return await FunctionEntryPoint.RunAsync(static (settings, db, metrics) =>
{
    var retry = RetrySettings.FromEnvironment(Environment.GetEnvironmentVariable);
    var store = new DynamoDbWriteStore(db, settings.TableName, settings.ExpiresAt);
    var queue = new AwsRetryQueueClient(retry, settings, Environment.GetEnvironmentVariable);
    return IngestFunction.CreateHandler(settings, store, metrics, retry, queue, subjects: IngestFunction.DynamoDbSubjects(settings, db));
}).ConfigureAwait(false);
