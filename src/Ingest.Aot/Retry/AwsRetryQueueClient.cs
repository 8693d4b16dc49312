using Amazon;
using Amazon.SQS;
using Amazon.SQS.Model;
using Amazon.Runtime;
using Tracking.Functions.Configuration;
using Tracking.Functions.Storage.DynamoDb;

namespace Tracking.Ingest.Retry;

/// <summary>
/// The real SQS client, built on first use, not at init: a cold start that never needs the queue (the happy path)
/// never pays for the client. Locally SQS_ENDPOINT points at the local stack's SQS endpoint.
/// </summary>
public sealed class AwsRetryQueueClient(RetrySettings settings, FunctionSettings function, Func<string, string?> env) : IRetryQueueClient, IDisposable
{
    private readonly Lazy<AmazonSQSClient> _client = new(() => Create(settings, function, env));

    public Task EnqueueAsync(string body, CancellationToken cancellationToken)
        => GuardAsync(_client.Value.SendMessageAsync(new SendMessageRequest { QueueUrl = settings.QueueUrl, MessageBody = body }, cancellationToken));

    public Task DeadLetterAsync(string body, CancellationToken cancellationToken)
        => GuardAsync(_client.Value.SendMessageAsync(new SendMessageRequest { QueueUrl = settings.DeadLetterQueueUrl, MessageBody = body }, cancellationToken));

    public Task DelayAsync(string receiptHandle, TimeSpan delay, CancellationToken cancellationToken)
        => GuardAsync(_client.Value.ChangeMessageVisibilityAsync(new ChangeMessageVisibilityRequest
        {
            QueueUrl = settings.QueueUrl,
            ReceiptHandle = receiptHandle,
            VisibilityTimeout = (int)delay.TotalSeconds,
        }, cancellationToken));

    /// <summary>The SDK's errors (service, client, transport) become <see cref="QueueUnavailableException"/>; a
    /// cancellation stays a cancellation.</summary>
    private static async Task GuardAsync(Task call)
    {
        try
        {
            await call.ConfigureAwait(false);
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException)
        {
            throw new QueueUnavailableException($"SQS did not take the call: {e.GetType().Name}: {e.Message}", e);
        }
    }

    private static AmazonSQSClient Create(RetrySettings settings, FunctionSettings function, Func<string, string?> env)
    {
        // Short timeouts: an enqueue happens when the table already failed us, inside the same API Gateway budget.
        var config = new AmazonSQSConfig { RetryMode = Amazon.Runtime.RequestRetryMode.Standard, MaxErrorRetry = 2, Timeout = TimeSpan.FromSeconds(3) };
        if (settings.SqsEndpoint is { } endpoint)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = function.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(function.Region);
        }
        return new AmazonSQSClient(AwsDynamoDb.CredentialsFrom(env), config);
    }

    public void Dispose()
    {
        if (_client.IsValueCreated) _client.Value.Dispose();
    }
}
