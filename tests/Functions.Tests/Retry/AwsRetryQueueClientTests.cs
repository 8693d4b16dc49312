using System.Net;
using System.Net.Sockets;
using Tracking.Ingest.Retry;
using Tracking.LambdaRuntime;

namespace Tracking.Functions.Tests.Retry;

/// <summary>The SQS adapter: what the SDK throws reaches the write path and the consumer as QueueUnavailableException.</summary>
public sealed class AwsRetryQueueClientTests
{
    private static readonly Dictionary<string, string> Credentials = new()
    {
        [LambdaEnvironment.AccessKeyId] = "local",
        [LambdaEnvironment.SecretAccessKey] = "local",
    };

    /// <summary>A loopback port nothing listens on: every connection is refused at once.</summary>
    private static string ClosedEndpoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }

    [Fact]
    public async Task AnUnreachableQueueIsQueueUnavailable()
    {
        var endpoint = ClosedEndpoint();
        var settings = new RetrySettings { QueueUrl = $"{endpoint}/000000000000/retry", SqsEndpoint = endpoint };
        using var client = new AwsRetryQueueClient(settings, IngestHarness.Settings(), name => Credentials.GetValueOrDefault(name));

        var error = await Assert.ThrowsAsync<QueueUnavailableException>(() => client.EnqueueAsync("{}", CancellationToken.None));

        Assert.NotNull(error.InnerException);
    }
}
