using Tracking.Functions.Configuration;
using Tracking.Functions.Storage;
using Tracking.Query;
using Tracking.LambdaRuntime;

// Init runs once per sandbox: settings are validated and the DynamoDB client is built here, not per request.
return await LambdaBootstrap.RunAsync(static _ =>
{
    var settings = FunctionSettings.FromEnvironment(Environment.GetEnvironmentVariable);
    var db = AwsDynamoDb.Create(settings, Environment.GetEnvironmentVariable);
    return ValueTask.FromResult<ILambdaHandler>(QueryFunction.Create(settings, db, Console.OpenStandardOutput()));
}).ConfigureAwait(false);
