using Tracking.Functions;
using Tracking.Ingest;
using Tracking.Ingest.Retry;

return await FunctionEntryPoint.RunAsync(static (settings, db, metrics) =>
{
    var retry = RetrySettings.FromEnvironment(Environment.GetEnvironmentVariable);
    return IngestFunction.CreateHandler(settings, db, metrics, retry, new AwsRetryQueueClient(retry, settings, Environment.GetEnvironmentVariable));
}).ConfigureAwait(false);
