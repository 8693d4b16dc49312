using Tracking.Functions.Configuration;
using Tracking.Functions.Http;
using Tracking.Functions.Storage;
using Tracking.LambdaRuntime;

namespace Tracking.Functions;

/// <summary>The Main of both functions. Init runs once per sandbox: settings are validated and the DynamoDB client is
/// built here, not per request; a bad setting fails init (reported to /init/error), never a request.</summary>
public static class FunctionEntryPoint
{
    public static Task<int> RunAsync(Func<FunctionSettings, IDynamoDb, Stream, ApiFunction> compose)
        => LambdaBootstrap.RunAsync(_ =>
        {
            var settings = FunctionSettings.FromEnvironment(Environment.GetEnvironmentVariable);
            var db = AwsDynamoDb.Create(settings, Environment.GetEnvironmentVariable);
            return ValueTask.FromResult<ILambdaHandler>(compose(settings, db, Console.OpenStandardOutput()));
        });
}
