using System.Globalization;
using Tracking.Contracts.Configuration;
using Tracking.LambdaRuntime;

namespace Tracking.LocalStack.Hosting;

/// <summary>What Lambda and our Pulumi program would set for a function, pointed at a local DynamoDB. Shared by the
/// local stack and the cold-start harness so both run the functions exactly alike.</summary>
public static class LocalFunctionEnvironment
{
    public static Dictionary<string, string> Build(string functionName, string table, string dynamoDbEndpoint, string apiClientsJson,
        string stage, int memoryMb, string logStream, IEnumerable<KeyValuePair<string, string>> extra)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [EnvironmentVariables.TableName] = table,
            [EnvironmentVariables.DynamoDbEndpoint] = dynamoDbEndpoint,
            [EnvironmentVariables.ApiClients] = apiClientsJson,
            [EnvironmentVariables.CursorSigningKey] = LocalDefaults.CursorSigningKey,
            [EnvironmentVariables.Stage] = stage,
            [EnvironmentVariables.MetricsNamespace] = LocalDefaults.MetricsNamespace,
            [LambdaEnvironment.Region] = LocalDefaults.Region,
            [LambdaEnvironment.DefaultRegion] = LocalDefaults.Region,
            [LambdaEnvironment.AccessKeyId] = LocalDefaults.AccessKeyId,
            [LambdaEnvironment.SecretAccessKey] = LocalDefaults.SecretAccessKey,
            [LambdaEnvironment.FunctionName] = functionName,
            [LambdaEnvironment.FunctionVersion] = "$LATEST",
            [LambdaEnvironment.FunctionMemorySize] = memoryMb.ToString(CultureInfo.InvariantCulture),
            [LambdaEnvironment.LogGroupName] = $"/aws/lambda/{functionName}",
            [LambdaEnvironment.LogStreamName] = logStream,
        };
        foreach (var (key, value) in extra) environment[key] = value;
        return environment;
    }
}
