using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace Tracking.Functions.Resilience;

/// <summary>
/// Sorts storage exceptions into "storage unavailable" (throttles, 5xx, connection faults, timeouts, a spent budget)
/// and everything else (a ValidationException is our bug and stays a 500). The storage layer calls
/// <see cref="GuardAsync{T}"/> around each DynamoDB call so callers see one exception type for every retryable fault.
/// </summary>
public static class StorageFaults
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
        StorageUnavailableException s => s.Fault,
        ConditionalCheckFailedException => null,
        ProvisionedThroughputExceededException or RequestLimitExceededException => StorageFault.Throttled,
        AmazonDynamoDBException { ErrorCode: "ThrottlingException" or "ThrottlingError" } => StorageFault.Throttled,
        AmazonServiceException { StatusCode: >= HttpStatusCode.InternalServerError } => StorageFault.Failed,
        AmazonServiceException { ErrorCode: "InternalServerError" or "ServiceUnavailable" } => StorageFault.Failed,
        OperationCanceledException => budget.IsCancellationRequested ? StorageFault.BudgetSpent : StorageFault.Failed,
        TimeoutException => StorageFault.BudgetSpent,
        HttpRequestException or IOException or SocketException => StorageFault.Failed,
        AmazonServiceException { InnerException: { } inner } => Classify(inner, budget),
        AmazonClientException { InnerException: { } inner } => Classify(inner, budget),
        _ => null,
    };
}
