using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Tracking.Functions.Resilience;
using Tracking.Functions.Storage.DynamoDb;

namespace Tracking.Functions.Tests.Storage.DynamoDb;

/// <summary>The DynamoDB adapter's sorting of the AWS SDK's exceptions: retryable ones cross the seam as
/// <see cref="StorageUnavailableException"/>, everything else unchanged.</summary>
public sealed class DynamoDbFaultsTests
{
    public static TheoryData<string, Exception, StorageFault?> Cases => new()
    {
        { "provisioned throughput exceeded", new ProvisionedThroughputExceededException("rate exceeded"), StorageFault.Throttled },
        { "account request limit", new RequestLimitExceededException("account limit"), StorageFault.Throttled },
        { "ThrottlingException error code", new AmazonDynamoDBException("slow down") { ErrorCode = "ThrottlingException" }, StorageFault.Throttled },
        { "HTTP 500", new AmazonDynamoDBException("boom") { ErrorCode = "InternalServerError", StatusCode = HttpStatusCode.InternalServerError }, StorageFault.Failed },
        { "HTTP 503", new AmazonDynamoDBException("busy") { StatusCode = HttpStatusCode.ServiceUnavailable }, StorageFault.Failed },
        { "connection refused", new HttpRequestException("connection refused"), StorageFault.Failed },
        { "connection reset", new IOException("reset", new SocketException()), StorageFault.Failed },
        { "SDK client error around a socket error", new AmazonClientException("send failed", new SocketException()), StorageFault.Failed },
        { "SDK timeout", new TimeoutException("attempt timed out"), StorageFault.BudgetSpent },
        { "condition failed", new ConditionalCheckFailedException("condition"), null },
        { "validation error", new AmazonDynamoDBException("bad") { ErrorCode = "ValidationException", StatusCode = HttpStatusCode.BadRequest }, null },
        { "our own bug", new InvalidOperationException("bug"), null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EachSdkExceptionIsSortedIntoItsStorageFault(string name, Exception error, StorageFault? expected)
        => Assert.True(DynamoDbFaults.Classify(error, CancellationToken.None) == expected, name);

    [Fact]
    public async Task AGuardedCallReportsARetryableFaultAsStorageUnavailable()
    {
        var call = Task.FromException<GetItemResponse>(new ProvisionedThroughputExceededException("rate exceeded"));

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => DynamoDbFaults.GuardAsync(call, CancellationToken.None));

        Assert.Equal(StorageFault.Throttled, error.Fault);
    }

    [Fact]
    public async Task AGuardedCallLetsAConditionFailureThrough()
    {
        var call = Task.FromException<PutItemResponse>(new ConditionalCheckFailedException("exists"));

        await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => DynamoDbFaults.GuardAsync(call, CancellationToken.None));
    }

    [Fact]
    public async Task ACallCutShortByTheBudgetIsBudgetSpent()
    {
        using var budget = new CancellationTokenSource();
        await budget.CancelAsync();
        var call = Task.FromCanceled<QueryResponse>(budget.Token);

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => DynamoDbFaults.GuardAsync(call, budget.Token));

        Assert.Equal(StorageFault.BudgetSpent, error.Fault);
    }
}
