using Amazon;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Tracking.Functions.Configuration;
using Tracking.LambdaRuntime;
using Tracking.Functions.Resilience;
using Env = Tracking.Contracts.Configuration.EnvironmentVariables;

namespace Tracking.Functions.Storage.DynamoDb;

/// <summary>The real client, built once at init.</summary>
public sealed class AwsDynamoDb(IAmazonDynamoDB client) : IDynamoDb, IDisposable
{
    public IAmazonDynamoDB Client { get; } = client;

    /// <summary>Per HTTP attempt. DynamoDB answers in milliseconds; an attempt still silent after this is stalled,
    /// and a fresh attempt (on a new connection) beats waiting. Four attempts fit a 10 s Lambda timeout's budget.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);

    public const int MaxRetries = 3;

    // Every call is cut short by the invocation budget's token and reports retryable faults as StorageUnavailableException.
    public Task<GetItemResponse> GetItemAsync(GetItemRequest request, CancellationToken cancellationToken) => DynamoDbFaults.GuardAsync(Client.GetItemAsync(request, cancellationToken), cancellationToken);
    public Task<PutItemResponse> PutItemAsync(PutItemRequest request, CancellationToken cancellationToken) => DynamoDbFaults.GuardAsync(Client.PutItemAsync(request, cancellationToken), cancellationToken);
    public Task<UpdateItemResponse> UpdateItemAsync(UpdateItemRequest request, CancellationToken cancellationToken) => DynamoDbFaults.GuardAsync(Client.UpdateItemAsync(request, cancellationToken), cancellationToken);
    public Task<QueryResponse> QueryAsync(QueryRequest request, CancellationToken cancellationToken) => DynamoDbFaults.GuardAsync(Client.QueryAsync(request, cancellationToken), cancellationToken);
    public Task<DeleteItemResponse> DeleteItemAsync(DeleteItemRequest request, CancellationToken cancellationToken) => DynamoDbFaults.GuardAsync(Client.DeleteItemAsync(request, cancellationToken), cancellationToken);
    public Task<BatchWriteItemResponse> BatchWriteItemAsync(BatchWriteItemRequest request, CancellationToken cancellationToken) => DynamoDbFaults.GuardAsync(Client.BatchWriteItemAsync(request, cancellationToken), cancellationToken);

    /// <summary>
    /// Credentials straight from the environment Lambda sets (no credential-chain probing at cold start), the region
    /// from AWS_REGION, short timeouts and the standard retry mode. Locally DYNAMODB_ENDPOINT points at dynalite.
    /// </summary>
    public static AwsDynamoDb Create(FunctionSettings settings, Func<string, string?> env)
    {
        var config = new AmazonDynamoDBConfig
        {
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = MaxRetries,
            Timeout = AttemptTimeout,
        };
        if (settings.DynamoDbEndpoint is { } endpoint)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = settings.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region);
        }

        var client = new AmazonDynamoDBClient(CredentialsFrom(env), config);
        return new AwsDynamoDb(client);
    }

    /// <summary>Also the SQS client's: one way to find credentials for every AWS call.</summary>
    public static AWSCredentials CredentialsFrom(Func<string, string?> env)
    {
        var id = env(LambdaEnvironment.AccessKeyId);
        var secret = env(LambdaEnvironment.SecretAccessKey);
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(secret))
        {
            // Not on Lambda and nothing set: let the SDK's default chain find credentials (developer machines).
            return DefaultAWSCredentialsIdentityResolver.GetCredentials();
        }
        var token = env(LambdaEnvironment.SessionToken);
        return string.IsNullOrEmpty(token) ? new BasicAWSCredentials(id, secret) : new SessionAWSCredentials(id, secret, token);
    }

    /// <summary>A read of a key that never exists (0.5 read units): opens the connection and primes the SDK pipeline.
    /// Never fails init: a warm-up problem is the first request's to report.</summary>
    public async Task WarmUpAsync(string tableName, CancellationToken cancellationToken)
    {
        try
        {
            await Client.GetItemAsync(new GetItemRequest
            {
                TableName = tableName,
                Key = new Dictionary<string, AttributeValue>
                {
                    [Tracking.Contracts.Storage.TrackingTable.PartitionKey] = new() { S = "WARMUP" },
                    [Tracking.Contracts.Storage.TrackingTable.SortKey] = new() { S = "WARMUP" },
                },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AmazonServiceException or HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync("{\"level\":\"WARN\",\"message\":\"DynamoDB warm-up failed\",\"errorType\":\"" + e.GetType().Name + "\"}").ConfigureAwait(false);
        }
    }

    public void Dispose() => Client.Dispose();
}
