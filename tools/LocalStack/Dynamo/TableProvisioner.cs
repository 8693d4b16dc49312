using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Tracking.LocalStack.Dynamo;

/// <summary>Creates a table if it does not exist and waits until it is ACTIVE.</summary>
public static class TableProvisioner
{
    public static async Task EnsureTableAsync(IAmazonDynamoDB client, CreateTableRequest request, CancellationToken cancellationToken = default)
    {
        try
        {
            await client.CreateTableAsync(request, cancellationToken);
        }
        catch (ResourceInUseException)
        {
            // Already there (a second run against a persistent endpoint): fine.
        }

        await WaitActiveAsync(client, request.TableName, cancellationToken);
    }

    public static async Task WaitActiveAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var description = await client.DescribeTableAsync(tableName, timeout.Token);
            var table = description.Table;
            var indexesActive = table.GlobalSecondaryIndexes is null
                || table.GlobalSecondaryIndexes.All(i => i.IndexStatus == IndexStatus.ACTIVE);
            if (table.TableStatus == TableStatus.ACTIVE && indexesActive) return;
            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>A low-level client for a local endpoint (dynalite) with dummy credentials.</summary>
    public static AmazonDynamoDBClient CreateLocalClient(string endpoint, string region = LocalDefaults.Region)
        => new(
            new Amazon.Runtime.BasicAWSCredentials(LocalDefaults.AccessKeyId, LocalDefaults.SecretAccessKey),
            new AmazonDynamoDBConfig { ServiceURL = endpoint, AuthenticationRegion = region, MaxErrorRetry = 2 });
}
