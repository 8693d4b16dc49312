using System.Net;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace Tracking.Ingest.Retry;

/// <summary>When a write failed in a way that retrying later fixes: DynamoDB throttled, 5xx, unreachable, or timed out.</summary>
public static class RetryableFailure
{
    /// <summary>True for faults of the storage, never for our bugs or bad input (those stay 500s / 4xx).</summary>
    public static bool Is(Exception e, CancellationToken cancellationToken) => e switch
    {
        ProvisionedThroughputExceededException or RequestLimitExceededException => true,
        AmazonDynamoDBException { ErrorCode: "ThrottlingException" or "ThrottlingError" } => true,
        AmazonServiceException service => service.StatusCode >= HttpStatusCode.InternalServerError || service.InnerException is HttpRequestException or IOException,
        HttpRequestException or IOException or TimeoutException => true,
        // The SDK's own timeout, not the runtime shutting us down.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };
}
