using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Tracking.Functions.Resilience;

namespace Tracking.Functions.Storage.DynamoDb;

/// <summary>
/// The DynamoDB side of fault handling: sorts the AWS SDK's exceptions into "storage unavailable" (throttles, 5xx,
/// connection faults, timeouts, a spent budget) and everything else (a ValidationException is our bug and stays a
/// 500). <see cref="AwsDynamoDb"/> guards every call with <see cref="GuardAsync{T}"/>, so above the storage seam only
/// <see cref="StorageUnavailableException"/> exists and no code outside <c>Storage/DynamoDb</c> knows AWS error types.
/// </summary>
public static class DynamoDbFaults
{
    public static async Task<T> GuardAsync<T>(Task<T> call, CancellationToken budget)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (Exception e) when (Classify(e, budget) is { } fault)
        {
            throw new StorageUnavailableException(fault, $"DynamoDB is unavailable ({fault}): {e.GetType().Name}: {e.Message}", e);
        }
    }

    public static StorageFault? Classify(Exception e, CancellationToken budget) => e switch
    {
        ConditionalCheckFailedException => null,
        ProvisionedThroughputExceededException or RequestLimitExceededException => StorageFault.Throttled,
        AmazonDynamoDBException { ErrorCode: "ThrottlingException" or "ThrottlingError" } => StorageFault.Throttled,
        AmazonServiceException { StatusCode: >= HttpStatusCode.InternalServerError } => StorageFault.Failed,
        AmazonServiceException { ErrorCode: "InternalServerError" or "ServiceUnavailable" } => StorageFault.Failed,
        HttpRequestException or IOException or SocketException => StorageFault.Failed,
        AmazonServiceException { InnerException: { } inner } => Classify(inner, budget),
        AmazonClientException { InnerException: { } inner } => Classify(inner, budget),
        _ => StorageFaults.Classify(e, budget),
    };
}
