using Tracking.Functions.Configuration;
using Tracking.Functions.Http;
using Tracking.Functions.Storage.DynamoDb;
using Tracking.LambdaRuntime;

namespace Tracking.Functions;

/// <summary>The Main of both functions. Init runs once per sandbox: settings are validated and the DynamoDB client is
/// built here, not per request; a bad setting fails init (reported to /init/error), never a request. Each function
/// composes its store over the client (<see cref="DynamoDbWriteStore"/>, <see cref="DynamoDbReadStore"/>).</summary>
public static class FunctionEntryPoint
{
    public static Task<int> RunAsync(Func<FunctionSettings, IDynamoDb, Stream, ILambdaHandler> compose)
        => LambdaBootstrap.RunAsync(async cancellationToken =>
        {
            var settings = FunctionSettings.FromEnvironment(Environment.GetEnvironmentVariable);
            var db = AwsDynamoDb.Create(settings, Environment.GetEnvironmentVariable);
            // The SDK's first call (pipeline set-up, connection, TLS) costs several milliseconds. Measured: paying it
            // in init gains nothing end to end for an on-demand cold start (init and first request are both on the
            // clock), but a provisioned instance inits before any request arrives, so there it comes for free.
            if (Environment.GetEnvironmentVariable(LambdaEnvironment.InitializationType) == LambdaEnvironment.ProvisionedConcurrency)
            {
                await db.WarmUpAsync(settings.TableName, cancellationToken).ConfigureAwait(false);
            }
            return compose(settings, db, Console.OpenStandardOutput());
        });
}
