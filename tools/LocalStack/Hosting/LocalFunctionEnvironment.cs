using System.Globalization;
using Tracking.Contracts.Configuration;

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
            [EnvironmentVariables.AuditIdKey] = LocalDefaults.AuditIdKey,
            [EnvironmentVariables.Stage] = stage,
            [EnvironmentVariables.MetricsNamespace] = LocalDefaults.MetricsNamespace,
            [EnvironmentVariables.AwsRegion] = LocalDefaults.Region,
            [EnvironmentVariables.AwsDefaultRegion] = LocalDefaults.Region,
            [EnvironmentVariables.AwsAccessKeyId] = LocalDefaults.AccessKeyId,
            [EnvironmentVariables.AwsSecretAccessKey] = LocalDefaults.SecretAccessKey,
            [EnvironmentVariables.FunctionName] = functionName,
            [EnvironmentVariables.FunctionVersion] = "$LATEST",
            [EnvironmentVariables.FunctionMemorySize] = memoryMb.ToString(CultureInfo.InvariantCulture),
            [EnvironmentVariables.LogGroupName] = $"/aws/lambda/{functionName}",
            [EnvironmentVariables.LogStreamName] = logStream,
        };
        foreach (var (key, value) in extra) environment[key] = value;
        return environment;
    }
}
